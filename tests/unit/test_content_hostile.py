"""Content a careless author (or a hostile one) could hand the kiosk: alias bombs, endless
nesting, huge files, images cut short or claiming a huge picture, addresses too long for a QR
code, images from outside the deck. Core checks need no Qt; the play-time ones do."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from kiosk.content import load_deck, yamlpos
from kiosk.content.images import inspect_image
from kiosk.setup.config import load_settings
from tests.decks import BOMB, line_of, png_bytes, write_deck
from tests.hostile_files import HOSTILE, link_to_dev_zero, run_bounded

# ---------------------------------------------------------------- 15. hostile YAML


def test_a_bomb_in_the_settings_file_leaves_the_defaults(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text(BOMB.replace("slides: []\n", "idle_seconds: 30\n"))
    settings, problems = load_settings(config)
    assert settings.idle_seconds == 45 and len(problems) == 1
    assert "aliases" in str(problems[0]) and ":7:" in str(problems[0])


# ---------------------------------------------------------------- 16. images as render sees


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG file whose header claims a ``width`` x ``height`` picture."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    idat = zlib.compress(b"\x00" * 4_000_000, 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8,
                                                              0, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def test_a_decompression_bomb_is_an_error(tmp_path: Path) -> None:
    bomb = png_claiming(30000, 30000)
    assert len(bomb) < 1_000_000
    facts = inspect_image(bomb)
    assert (facts.width, facts.height) == (30000, 30000) and "too large" in facts.problem
    folder = write_deck(tmp_path, "- {type: image, id: bomb, image: bomb.png}\n"
                                  "- {type: title, id: fine, heading: Fine}\n")
    (folder / "bomb.png").write_bytes(bomb)
    result = load_deck(folder)
    assert [s.id for s in result.deck.slides] == ["fine"]
    assert "30000x30000 pixels (900 megapixels)" in str(result.errors[0])


def test_a_small_photo_shown_full_screen_is_a_warning(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, "- {type: image, id: small, image: small.png}\n"
                                  "- {type: image, id: whole, image: small.png, fit: fit}\n"
                                  "- {type: image, id: big, image: big.png}\n")
    (folder / "small.png").write_bytes(png_bytes(400, 300, (90, 90, 90)))
    (folder / "big.png").write_bytes(png_bytes(1280, 720, (90, 90, 90)))
    result = load_deck(folder)
    warnings = [str(w) for w in result.warnings if "blurred" in str(w)]
    assert len(warnings) == 1 and f":{line_of(folder, 'id: small')}:" in warnings[0]
    assert "400x300" in warnings[0] and len(result.deck.slides) == 3


# ---------------------------------------------------------------- 17. self-contained decks
def test_images_must_live_inside_the_deck(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "photo.png").write_bytes(png_bytes(64, 36, (1, 2, 3)))
    deck = tmp_path / "deck"
    folder = write_deck(deck, "- {type: image, id: up, image: ../elsewhere/photo.png}\n"
                              f"- {{type: image, id: abs, image: '{outside / 'photo.png'}'}}\n"
                              "- {type: image, id: link, image: images/link.png}\n"
                              "- {type: image, id: inside, image: images/own.png}\n",
                        images={"images/own.png": (5, 6, 7)})
    (folder / "images" / "link.png").symlink_to(outside / "photo.png")
    result = load_deck(folder)
    assert [s.id for s in result.deck.slides] == ["inside"]
    errors = [str(p) for p in result.errors]
    assert len(errors) == 3 and all("outside the content folder" in e for e in errors)
    for needle in ("id: up", "id: abs", "id: link"):
        assert any(f":{line_of(folder, needle)}:" in e for e in errors), needle




def test_loading_the_deck_does_not_load_the_qr_library() -> None:
    """Every address is checked to fit in a QR code without segno (and its imports of HTTP,
    TLS and e-mail): it is not needed on the way to the first slide."""

    code = ("import sys\nfrom kiosk.platform import paths\nfrom kiosk.content import load_deck\n"
            "deck = load_deck(paths.bundled_content_dir()).deck\n"
            "assert deck is not None and any(s.fields.get('url') for s in deck.slides)\n"
            "print(sorted(m for m in ('segno', 'ssl', 'http.client') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_parser_that_refuses_deep_nesting_itself_is_told_in_our_words(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Newer libyaml stops deep nesting before our own count does: same message either way."""
    mark = yaml.Mark("deck.yaml", 0, 1, 1007, None, None)

    class Refusing:
        def __init__(self, text: str) -> None:
            pass

        def check_event(self) -> bool:
            raise yaml.scanner.ScannerError("while scanning", mark,
                                            "exceeded maximum nesting depth", mark)

        def dispose(self) -> None:
            pass

    monkeypatch.setattr(yamlpos, "_Loader", Refusing)
    with pytest.raises(yamlpos.YamlSyntaxError) as caught:
        yamlpos.load_located("slides: [[[]]]", "deck.yaml")
    assert (caught.value.where.line, caught.value.where.column) == (2, 1008)
    assert caught.value.message == "nested more than 40 levels deep: no deck needs that"


# ---------------------------------------------------------------- devices, pipes, endless files
# A content file that is a device, a named pipe or a link to one (a synced folder anyone may
# write to) is named and not read: never read without end, never waited on. Each is loaded
# by a child with a deadline and a memory cap, so that a regression fails the test instead
# of hanging it or filling the machine's memory.

posix_only = pytest.mark.skipif(os.name != "posix", reason="links, pipes and devices: POSIX")

_LOAD = """\
import sys
from pathlib import Path
from kiosk.content import load_deck
result = load_deck(Path(sys.argv[1]))
deck = result.deck
print("slides", len(deck.slides) if deck else 0, "form", bool(deck and deck.form))
for problem in result.problems:
    print(problem)
"""




@posix_only
@pytest.mark.parametrize("make", HOSTILE)
def test_a_deck_file_that_is_no_regular_file_is_named_not_read(
        tmp_path: Path, make: Callable[[Path], str]) -> None:
    folder = tmp_path / "deck"
    folder.mkdir()
    what = make(folder / "deck.yaml")
    done = run_bounded("-c", _LOAD, str(folder))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "slides 0 form False" and len(lines) == 2, lines
    assert lines[1].endswith(f"deck.yaml:1:1: error: deck.yaml is not a regular file ({what} "
                             "or a link to one): not read")


@posix_only
@pytest.mark.parametrize("make", HOSTILE)
def test_a_form_file_that_is_no_regular_file_is_named_and_the_slides_still_load(
        tmp_path: Path, make: Callable[[Path], str]) -> None:
    folder = write_deck(tmp_path / "deck", "- {type: title, id: hello, heading: Hello}\n")
    what = make(folder / "form.yaml")
    done = run_bounded("-c", _LOAD, str(folder))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "slides 1 form True", lines  # the kiosk's plain form
    errors = [line for line in lines if ": error: " in line]
    assert errors == [f"{folder / 'form.yaml'}:1:1: error: form.yaml is not a regular file "
                      f"({what} or a link to one): not read",
                      f"{folder / 'form.yaml'}:1:1: error: form.yaml has 1 error(s): visitors "
                      "get the kiosk's plain message form until they are fixed"], lines


@posix_only
@pytest.mark.parametrize("make", HOSTILE)
def test_a_settings_file_that_is_no_regular_file_leaves_the_defaults(
        tmp_path: Path, make: Callable[[Path], str]) -> None:
    what = make(tmp_path / "kiosk.yaml")
    code = ("import sys\nfrom pathlib import Path\nfrom kiosk.setup.config import load_settings\n"
            "settings, problems = load_settings(Path(sys.argv[1]))\n"
            "print(settings.idle_seconds, *problems, sep='\\n')")
    done = run_bounded("-c", code, str(tmp_path / "kiosk.yaml"))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stdout.splitlines() == [
        "45.0", f"{tmp_path / 'kiosk.yaml'}:1:1: error: kiosk.yaml is not a regular file "
              f"({what} or a link to one): not read"]


@posix_only
@pytest.mark.parametrize("make", HOSTILE)
def test_an_image_that_is_no_regular_file_is_named_never_read(
        tmp_path: Path, make: Callable[[Path], str]) -> None:
    """In the deck (a link to /dev/zero leads outside the content folder: refused as such)
    and as the player's and the studio's image reader meets it."""
    folder = write_deck(tmp_path / "deck", "- {type: image, id: odd, image: images/odd.jpg}\n"
                                           "- {type: title, id: fine, heading: Fine}\n")
    (folder / "images").mkdir()
    what = make(folder / "images" / "odd.jpg")
    code = (_LOAD + "from kiosk.content.images import inspect_file, read_image\n"
            "for read in (inspect_file, read_image):\n"
            "    try:\n        read(Path(sys.argv[2]))\n"
            "    except OSError as exc:\n        print(read.__name__, exc)\n")
    done = run_bounded("-c", code, str(folder), str(folder / "images" / "odd.jpg"))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    lines = done.stdout.splitlines()
    refusal = f"odd.jpg is not a regular file ({what} or a link to one): not read"
    assert lines[0] == "slides 1 form True" and lines[-2:] == [
        f"inspect_file {refusal}", f"read_image {refusal}"], lines
    error = next(line for line in lines if ": error: " in line)
    assert f"deck.yaml:{line_of(folder, 'odd.jpg')}:" in error
    assert error.endswith("'images/odd.jpg' is outside the content folder: copy the image into "
                          "the deck's images/ folder, so that the deck carries it"
                          if make is link_to_dev_zero else f"error: images/{refusal}"), error


def test_a_file_longer_than_it_said_is_read_no_further_than_its_cap() -> None:
    """A file that grows while it is read, or whose stated size is not true (/proc's are 0):
    one byte past the cap is read, then it is refused."""
    from kiosk.content.safe_read import TooLarge, read_rest

    stream = io.BytesIO(b"x" * 1000)
    with pytest.raises(TooLarge, match=r"^deck\.yaml is larger than 100 bytes: not read$"):
        read_rest(stream, Path("deck.yaml"), 100)
    assert stream.tell() == 101
    assert read_rest(io.BytesIO(b"y" * 100), "deck.yaml", 100) == b"y" * 100
