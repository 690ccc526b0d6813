"""`kiosk --self-test`: can this installation run a booth? A short report; exit 0 or 1."""

from __future__ import annotations

import os
import ssl
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QFontDatabase, QImageReader

from kiosk import __version__
from kiosk.content import load_deck
from kiosk.messages.store import MessageStore
from kiosk.platform import paths
from kiosk.platform.command import kiosk_command
from kiosk.setup.config import Settings, load_settings
from kiosk.sync.tls import Untrusted, client_context, trusted
from kiosk.ui.app import application
from kiosk.ui.compose import build_kiosk
from kiosk.ui.platform.display import check_screen, platform_wanted
from kiosk.ui.player.slides import render_slide
from kiosk.ui.tasks import InlineRunner


def _content(folder: Path) -> str:
    result = load_deck(folder)
    if result.deck is None:
        raise RuntimeError(f"no slide can be shown from {folder}: "
                           f"{result.errors[0] if result.errors else 'unknown'}")
    image = render_slide(result.deck, result.deck.slides[0], result.deck.default_language,
                         QSize(640, 360))
    colours = {image.pixel(x, y) for x in range(0, 640, 16) for y in range(0, 360, 16)}
    if len(colours) < 8:
        raise RuntimeError("the first slide painted blank")
    return (f"{len(result.deck.slides)} slides from {folder}, {len(result.errors)} error(s); "
            "first slide painted")


def _kiosk(folder: Path) -> str:
    """Build the whole kiosk (as the app does, through compose) and draw it once."""
    deck = load_deck(folder).deck
    if deck is None:
        raise RuntimeError(f"no slide can be shown from {folder}")
    with tempfile.TemporaryDirectory() as data:
        kiosk = build_kiosk(Settings(kiosk_id="self-test"), Path(data), kiosk_mode=False,
                            runner=InlineRunner())
        try:
            kiosk.window.resize(640, 360)
            kiosk.show_deck(deck)
            image = kiosk.window.grab().toImage()
            colours = {image.pixel(x, y) for x in range(0, 640, 16) for y in range(0, 360, 16)}
        finally:
            kiosk.close()
            kiosk.window.allow_close = True
            kiosk.window.close()
            kiosk.window.deleteLater()
    if len(colours) < 8:
        raise RuntimeError("the kiosk window painted blank")
    return "the kiosk built, wired and drawn with its controls"


def _store() -> str:
    with tempfile.TemporaryDirectory() as folder:
        store = MessageStore(Path(folder), "self-test")
        message_id = store.add({"message": "self-test សួស្តី 🙏"})
        ok = store.get(message_id) is not None
        store.close()
    if not ok:
        raise RuntimeError("a saved message could not be read back")
    return "a message saved and read back in a temporary store"


def _settings(config: Path) -> str:
    settings, problems = load_settings(config)
    if problems:
        raise RuntimeError("; ".join(str(p) for p in problems[:3]))
    where = config if config.exists() else f"{config} (absent: defaults)"
    return f"settings from {where}, kiosk id {settings.name}"


def _platform() -> str:
    families = set(QFontDatabase.families())
    missing = {"Noto Sans", "Noto Sans Khmer", "Noto Sans CJK KR"} - families
    if missing:
        raise RuntimeError(f"fonts missing: {', '.join(sorted(missing))}")
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    if not {"jpeg", "png"} <= formats:
        raise RuntimeError(f"image formats missing (have {', '.join(sorted(formats))})")
    return "fonts, JPEG and PNG decoding"


def _tls(make: Callable[[], ssl.SSLContext]) -> str:
    """The context every way out connects with trusts at least one certificate authority."""
    try:
        return trusted(make())
    except Untrusted as exc:
        why = f"this computer trusts no certificate authority ({exc})"
    except Exception as exc:
        why = f"this computer's trusted certificates could not be read ({exc})"
    raise RuntimeError(f"{why}, so no message can be sent safely over the internet")


def _screen(env: dict[str, str]) -> str:
    """The platform plugin the kiosk will use, really loaded (in a process of its own: a
    plugin that cannot load aborts its process)."""
    check_screen(env)
    done = subprocess.run([*kiosk_command(), "--probe-screen"], env=env, capture_output=True,
                          text=True, timeout=60)
    if done.returncode != 0:
        said = [line for line in done.stderr.splitlines() if line.strip()]
        raise RuntimeError(f"the {platform_wanted(env)} platform did not start "
                           f"(exit {done.returncode}): {said[0] if said else 'no word why'}")
    return f"opened the {done.stdout.strip()}"


def self_test(content: str | None, config: str | None,
              tls: Callable[[], ssl.SSLContext] = client_context) -> int:
    """Each check in turn, one line each; 1 when any failed. ``tls`` makes the context the
    ways out connect with (tests give their own)."""
    env = dict(os.environ)  # as the kiosk will start: the checks below draw offscreen
    application(headless=True)
    checks: list[tuple[str, Callable[[], str]]] = [
        ("screen", lambda: _screen(env)),
        ("content", lambda: _content(paths.content_dir(content))),
        ("kiosk", lambda: _kiosk(paths.content_dir(content))),
        ("store", _store),
        ("settings", lambda: _settings(paths.config_file(config))),
        ("platform", _platform),
        ("tls", lambda: _tls(tls)),
    ]
    print(f"awareness kiosk {__version__} self-test")
    failed = 0
    for name, check in checks:
        start = time.perf_counter()
        try:
            detail = check()
            print(f"  ok    {name:<9} {detail} ({(time.perf_counter() - start) * 1000:.0f} ms)")
        except Exception as exc:
            failed += 1
            print(f"  FAIL  {name:<9} {exc}")
    print("self-test passed" if not failed else f"self-test failed: {failed} problem(s)")
    return 1 if failed else 0
