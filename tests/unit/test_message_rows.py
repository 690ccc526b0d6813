"""A message read back from a row of the store, and what comes from outside made one line of
plain text. No Qt here."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.messages.message import message_from_row, one_line

ROW = (1, "id-1", "2026-11-21T10:00:00.000Z", "booth-1", "km", "v3", '{"message": "សង្ឃឹម"}',
       "pending", None)


def test_a_row_reads_back_as_its_message() -> None:
    message = message_from_row(ROW)
    assert (message.id, message.created_at, message.kiosk_id, message.language,
            message.content_version) == ROW[1:6]
    assert message.fields == {"message": "សង្ឃឹម"} and message.sync_state == "pending"


@pytest.mark.parametrize(("column", "value"), [
    (1, 7), (2, None), (3, b"booth"), (4, 1.5), (5, None), (6, "[1, 2]"), (6, "{"),
    (6, '"text"')])
def test_a_garbled_row_is_refused(column: int, value: Any) -> None:
    row = list(ROW)
    row[column] = value
    with pytest.raises(ValueError):
        message_from_row(tuple(row))


def test_one_line_drops_escapes_controls_and_direction_marks() -> None:
    said = "\x1b[31mred\x1b[0m\x1b]8;;http://x.example\x07link\x1b]8;;\x07 a\x00b\x07c \u202eevil"
    assert one_line(said) == "redlink abc evil"


def test_one_line_makes_line_breaks_and_tabs_spaces() -> None:
    assert one_line("one\ntwo\r\nthree\tfour\u2028five") == "one two  three four five"


def test_one_line_keeps_any_script() -> None:
    assert one_line("សូមអរគុណ 감사합니다 🙏") == "សូមអរគុណ 감사합니다 🙏"


def test_one_line_is_at_most_200_characters_unless_told() -> None:
    assert one_line("x" * 200) == "x" * 200
    assert one_line("x" * 201) == "x" * 199 + "…" and len(one_line("y" * 5000)) == 200
    assert one_line("x" * 11, limit=10) == "x" * 9 + "…"
