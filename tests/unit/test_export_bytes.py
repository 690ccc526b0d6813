"""CSV and JSON exports byte for byte as they were before they were made quick: the writers
of before are kept here, as they were, and hostile messages in many scripts, stored as the
kiosk stores them and as nothing else would, go through both. No Qt here."""

from __future__ import annotations

import contextlib
import functools
import io
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.messages import export as ex
from kiosk.messages import local_time as lt
from kiosk.messages.store import DB_FILE, Message, MessageStore, message_from_row
from kiosk.messages.store_export import export_store

T = TypeVar("T")


# ---------------------------------------------------------------- the writers of before
def _ref_safe_cell(value: object) -> str:
    text = ex.plain_cell(value)
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def _ref_local_time(utc_iso: str) -> str:
    try:
        moment = datetime.fromisoformat(utc_iso.replace("Z", "+00:00"))
        offset = _ref_offset(utc_iso[:13])
    except ValueError:
        return utc_iso
    return (moment + offset).strftime("%Y-%m-%d %H:%M:%S")


@functools.lru_cache(maxsize=4096)
def _ref_offset(utc_hour: str) -> timedelta:
    moment = datetime.fromisoformat(utc_hour + ":30:00+00:00")
    return moment.astimezone().utcoffset() or timedelta()


def _ref_csv_line(cells: list[str]) -> str:
    return ",".join('"' + c.replace('"', '""') + '"'
                    if '"' in c or "," in c or "\n" in c or "\r" in c else c
                    for c in cells) + "\r\n"


def _ref_csv(messages: Iterable[Message], keys: list[str]) -> bytes:
    out = ("\ufeff" + _ref_csv_line([*ex.HEADER, *map(_ref_safe_cell, keys)]))
    for m in messages:
        out += _ref_csv_line([_ref_safe_cell(v) for v in (
            m.id, _ref_local_time(m.created_at), m.created_at, m.kiosk_id, m.language,
            *[m.fields.get(k) for k in keys])])
    return out.encode("utf-8", "replace")


def _ref_json(messages: Iterable[Message]) -> bytes:
    out, first = b"", True
    for message in messages:
        item = json.dumps(message.as_dict(), ensure_ascii=False)
        out += (b"[\n  " if first else b",\n  ") + item.encode("utf-8", "replace")
        first = False
    return out + (b"[]\n" if first else b"\n]\n")


def reference(fmt: str, messages: list[Message], keys: list[str]) -> bytes:
    return _ref_csv(messages, keys) if fmt == "csv" else _ref_json(messages)


# ---------------------------------------------------------------- hostile messages
LONG = ("សូមអធិស្ឋានសម្រាប់ពួកគេ, 🙏 👩‍👧 🇰🇭 نصلي من أجلكم، \"quoted\" \\ back\\slash\n"
        "Grüße, niñas — ça ira. ") * 6
FIELDS: list[dict[str, Any]] = [
    {"message": LONG, "name": "សុខា", "email": None, "topic": "prayer", "contact_ok": True},
    {"message": "=HYPERLINK(\"http://evil.example\",\"x\")", "name": "+cmd|' /C calc'!A0",
     "email": "-2+3@x.org", "contact_ok": False},
    {"message": "@SUM(A1)\ttab, CR\r and CR LF\r\n" + LONG, "name": "\tTabbed"},
    {"message": LONG + "\x00 nul \x1f unit \x7f del \u2028 line sep \x0b vt", "topic": "-"},
    {"message": "_x0041_ <r>bold</r> &amp; <b>", "name": "\r starts with CR"},
    {"message": "", "name": "", "email": "", "count": 3, "ratio": 1.5, "big": 10**30,
     "tiny": 1e-300, "list": [1, "two", None, [True]], "nested": {"k": "=v", "n": None}},
    {"=HYPERLINK(\"x\")": "a field named like a formula", "kéy \"quoted\"\\": "ok",
     "new\nline key": LONG},
    {},
    {"message": "ascii only, but long enough to take the quick path of long texts....."
                "...................................."},
    {"message": "🙏" * 90 + "\"" * 3},
]
#: Stored texts of the fields no kiosk writes, but a hand-edited or foreign file may hold.
ODD_TEXTS = [
    json.dumps({"message": LONG, "name": "Zoë"}),  # ASCII escapes
    json.dumps({"message": LONG, "name": "Zoë"}, separators=(",", ":"), ensure_ascii=False),
    json.dumps({"message": "a", "name": "b"}, indent=2),
    '  {"message": "space around"}  ',
    '{"message": "first", "message": "second, the one kept"}',
    '{"message": "half \\ud800 pair", "name": "\\u00e9\\u0041\\/"}',
    '{"message": "x", "n": 1.0e2, "m": -0, "z": 1E400}',
    '{"message": NaN}',
    "[1, 2]",  # not an object: unreadable
    "not json at all",  # unreadable
    "null",  # unreadable
]
TIMES = ["2026-11-21T10:15:02.118Z", "2026-03-29T00:59:59.999Z", "2026-03-29T01:00:00.000Z",
         "2026-10-25T00:30:00.000Z", "2026-11-01T04:29:59.000Z", "2026-04-04T14:45:00.500Z",
         "2026-11-21T10:15:02Z", "2026-11-21T10:15:02.5Z", "2026-11-21T10:15:02.118+05:00",
         "2026-02-30T10:00:00.000Z", "2026-11-21T24:00:00.000Z", "+2026-11-21",
         "2026-11-21 10:15:02", "٢٠٢٦-11-21T10:15:02.118Z", "", "@10:00"]
ZONES = ["UTC", "Asia/Phnom_Penh", "Asia/Kolkata", "America/St_Johns", "Europe/London",
         "Australia/Lord_Howe"]


def hostile_rows() -> list[tuple[Any, ...]]:
    """Rows as ``SELECT {COLUMNS}`` gives them: every odd time with every odd field set."""
    texts = [json.dumps(f, ensure_ascii=False) for f in FIELDS] + ODD_TEXTS
    rows = []
    for n, (created, text) in enumerate(
            (TIMES[i % len(TIMES)], texts[i % len(texts)]) for i in range(3 * len(texts))):
        ident = ("=1+1", "@id", "-id", f"id-{n}", 'id "quoted"')[n % 5]
        rows.append((n + 1, ident, created, ("booth, 1", "@booth", "k")[n % 3],
                     ("km", "-en", "ar")[n % 3], ("v1", "v\"2\"", "")[n % 3], text, "pending",
                     None))
    return rows


def each_read(read: Callable[[tuple[Any, ...]], T], rows: list[tuple[Any, ...]]) -> list[T]:
    """What ``read`` makes of each row it can read, as the store leaves out the others."""
    items = []
    for row in rows:
        with contextlib.suppress(ValueError, TypeError):
            items.append(read(row))
    return items


def readable(rows: list[tuple[Any, ...]]) -> list[Message]:
    return each_read(message_from_row, rows)


def written(fmt: str, keys: list[str], rows: list[tuple[Any, ...]] | None = None,
            messages: list[Message] | None = None) -> bytes:
    out = io.BytesIO()
    if rows is not None:
        form = ex.FORMATS[fmt]
        form.write_records(each_read(form.from_row, rows), keys, out)
    else:
        ex.FORMATS[fmt].write(messages or [], keys, out)
    return out.getvalue()


@pytest.fixture
def zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """This computer's time zone for the test: the caches of local hours start empty."""
    if not hasattr(time, "tzset"):
        pytest.skip("the time zone is set through TZ here")
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    for clear in (lt._offset.cache_clear, _ref_offset.cache_clear, lt._local_hours.clear):
        clear()
    yield request.param
    monkeypatch.undo()
    time.tzset()
    for clear in (lt._offset.cache_clear, _ref_offset.cache_clear, lt._local_hours.clear):
        clear()


KEYS = ["message", "name", "email", "topic", "contact_ok", "count", "list", "nested",
        "=HYPERLINK(\"x\")", "new\nline key", "absent"]


# ---------------------------------------------------------------- the tests
def raw(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows as ``SELECT {RAW_COLUMNS}`` gives them (the fields as the file's UTF-8)."""
    return [(*row[:6], row[6].encode("utf-8"), *row[7:]) for row in rows]


@pytest.mark.parametrize("zone", ZONES, indirect=True)
@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("as_bytes", [False, True], ids=["text", "bytes"])
def test_hostile_rows_are_written_as_before(fmt: str, zone: str, as_bytes: bool) -> None:
    rows = hostile_rows()
    given = raw(rows) if as_bytes else rows
    assert written(fmt, KEYS, rows=given) == reference(fmt, readable(rows), KEYS)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_without_orjson_the_bytes_are_read_the_same(fmt: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Where orjson has no wheel, Python's own reader reads the file's bytes."""
    rows = raw(hostile_rows())
    quick = written(fmt, KEYS, rows=rows)
    monkeypatch.setattr(ex, "orjson", None)
    assert written(fmt, KEYS, rows=rows) == quick


@pytest.mark.parametrize("zone", ["Asia/Kolkata", "Europe/London"], indirect=True)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_hostile_messages_are_written_as_before(fmt: str, zone: str) -> None:
    messages = readable(hostile_rows())
    assert written(fmt, KEYS, messages=messages) == reference(fmt, messages, KEYS)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_store_exports_as_before(fmt: str, tmp_path: Path) -> None:
    """Through SQLite and the store: rows it cannot read are left out, as before."""
    store = _store_of(tmp_path, hostile_rows())
    out = tmp_path / f"all.{fmt}"
    result = export_store(store, out, fmt, ["topic", "message"])
    keys = list(dict.fromkeys(["topic", "message", *store.field_keys()]))
    messages = store.messages()
    assert result.count == len(messages) < len(hostile_rows())
    assert out.read_bytes() == reference(fmt, messages, keys)


def _store_of(folder: Path, rows: list[tuple[Any, ...]]) -> MessageStore:
    MessageStore(folder / "data").close()
    db = sqlite3.connect(folder / "data" / DB_FILE)
    db.executemany("INSERT INTO messages (id, created_at, kiosk_id, language, content_version,"
                   " fields) VALUES (?, ?, ?, ?, ?, ?)",
                   [(f"{r[1]}-{r[0]}", *r[2:7]) for r in rows])
    db.commit()
    db.close()
    return MessageStore(folder / "data", read_only=True)


PIECES = ["a", "é", "ស្ឋ", "🙏", "👩‍👧", "ن", '"', "\\", "\n", "\r", "\t", ",", "=", "+", "-",
          "@", "\x00", "\x1f", "\ud800", "\udc00", "_x0041_", " ", "'"]
texts = st.lists(st.sampled_from(PIECES), max_size=120).map("".join) | st.text(max_size=20)
values = st.none() | st.booleans() | st.integers() | st.floats() | texts | st.lists(
    st.integers() | texts, max_size=3)
field_sets = st.dictionaries(texts, values, max_size=5)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(field_sets, st.booleans(), st.sampled_from(TIMES) | texts),
                min_size=1, max_size=4), st.sampled_from(["csv", "json"]))
def test_any_fields_are_written_as_before(messages: list[tuple[dict[str, Any], bool, str]],
                                          fmt: str) -> None:
    rows = [(n, f"id-{n}", created, "k", "km", "v", json.dumps(fields, ensure_ascii=ascii),
             "pending", None) for n, (fields, ascii, created) in enumerate(messages)]
    keys = ex.columns(readable(rows), ["message"])
    expected = reference(fmt, readable(rows), keys)
    assert written(fmt, keys, rows=rows) == expected
    try:  # (a lone surrogate cannot be stored: SQLite takes only UTF-8)
        stored = raw(rows)
    except UnicodeEncodeError:
        return
    assert written(fmt, keys, rows=stored) == expected


def test_columns_found_late_start_the_file_again(tmp_path: Path) -> None:
    """The columns start as those of the first messages; a field that only later messages
    have (a form changed mid-season) is found all the same, in its place."""
    rows = [(n, f"id-{n}", TIMES[0], "k", "km", "v", json.dumps(
        {"message": f"m{n}, hi", **({"church": "St Mary's"} if n % 700 == 699 else {}),
         "name": "Ana"}), "pending", None) for n in range(2100)]
    store = _store_of(tmp_path, rows)
    out = tmp_path / "all.csv"
    assert export_store(store, out, "csv").count == 2100
    assert store.field_keys() == ["message", "name", "church"]
    assert out.read_bytes() == reference("csv", store.messages(), store.field_keys())


def test_the_columns_are_checked_as_the_messages_are_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where every message has the first messages' fields (a season's usual case), the
    store is not looked through a second time for its keys: each message read is checked."""
    rows = [(n, f"id-{n}", TIMES[0], "k", "km", "v", json.dumps(
        {"message": f"m{n}", **({"name": "Ana"} if n % 3 else {})}), "pending", None)
        for n in range(2000)]
    store = _store_of(tmp_path, rows)
    asked: list[int | None] = []
    real = MessageStore.field_keys

    def spied(self: MessageStore, first: int | None = None) -> list[str]:
        asked.append(first)
        return real(self, first)

    monkeypatch.setattr(MessageStore, "field_keys", spied)
    out = tmp_path / "all.csv"
    assert export_store(store, out, "csv").count == 2000
    assert asked == [500]
    assert out.read_bytes() == reference("csv", store.messages(), ["message", "name"])


def test_progress_every_thousand_and_marks_what_was_written(tmp_path: Path) -> None:
    store = MessageStore(tmp_path / "data")
    ids = [store.add({"message": f"note {n}"}) for n in range(2500)]
    seen: list[tuple[int, int]] = []
    result = export_store(store, tmp_path / "m.json", "json", mark=True,
                          progress=lambda done, total: seen.append((done, total)))
    assert result.count == 2500 and result.unreadable == 0
    assert seen == [(0, 2500), (1000, 2500), (2000, 2500), (2500, 2500)]
    assert store.summary()["exported"] == 2500
    assert [m["id"] for m in json.loads((tmp_path / "m.json").read_text("utf-8"))] == ids


def test_a_store_is_read_as_bytes_by_orjson(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick reader is the one an export uses: each message's fields reach orjson as
    the file's bytes, with no Python string made of them first."""
    pytest.importorskip("orjson")
    store = MessageStore(tmp_path / "data")
    for n in range(50):
        store.add({"message": f"note {n}, ស្ឋ 🙏"})
    given: list[type] = []
    real = ex.orjson.loads

    def spied(text: bytes) -> Any:
        given.append(type(text))
        return real(text)

    monkeypatch.setattr(ex.orjson, "loads", spied)
    for fmt in ("csv", "json"):
        assert export_store(store, tmp_path / f"m.{fmt}", fmt).count == 50
    assert given == [bytes] * 100


def test_the_store_is_read_without_a_message_made_for_each_row(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick path is the one taken: no Message is made while a store is exported."""
    store = MessageStore(tmp_path / "data")
    for n in range(50):
        store.add({"message": f"note {n}"})

    def refused(row: tuple[Any, ...]) -> Message:
        raise AssertionError("a Message was made")

    monkeypatch.setattr("kiosk.messages.store.message_from_row", refused)
    for fmt in ("csv", "json"):
        assert export_store(store, tmp_path / f"m.{fmt}", fmt).count == 50


def test_the_bench_messages_are_a_season_of_many_scripts() -> None:
    from kiosk.messages.benchdata import season_fields

    season = list(season_fields(3000))
    assert season == list(season_fields(3000))  # the same every time
    texts = [f["message"] for f in season]
    assert {len(t) for t in texts} == {1000}
    both = sum('"' in t and "\n" in t for t in texts)
    assert 950 <= both <= 1050  # a third with quotes and line breaks
    joined = "".join(texts)
    for script in ("ស", "ن", "é", "🙏", "우", ","):
        assert script in joined
    assert sum(t[0] in "=+-@" for t in texts) >= 3000 // 8


def test_fields_that_are_not_an_object_give_no_column(tmp_path: Path) -> None:
    """A row whose fields are a list, a number or null is unreadable; it gave columns named
    0, 1 and an empty one (SQLite's keys of a list and of a lone value)."""
    base = hostile_rows()[0]
    texts = ["[1, 2]", "null", "7", '{"message": "x", "name": "y"}', '"text"']
    store = _store_of(tmp_path, [(n + 1, *base[1:6], t, *base[7:])
                                 for n, t in enumerate(texts)])
    assert store.field_keys() == store.field_keys(first=500) == ["message", "name"]
    export_store(store, tmp_path / "all.csv", "csv")
    header = (tmp_path / "all.csv").read_bytes().split(b"\r\n")[0]
    assert header.endswith(b"language,message,name")


def test_a_row_that_is_not_json_is_counted_once(tmp_path: Path) -> None:
    """The columns' look steps over it too (SQLite's JSON refuses it): it was counted
    twice, "2 rows could not be read" for one."""
    base = hostile_rows()[0]
    texts = ['{"message": "a"}', "not json at all", '{"message": "b"}']
    store = _store_of(tmp_path, [(n + 1, *base[1:6], t, *base[7:])
                                 for n, t in enumerate(texts)])
    result = export_store(store, tmp_path / "all.csv", "csv")
    assert (result.count, result.unreadable, result.damaged) == (2, 1, True)
