"""Qt Multimedia's player, made and driven so that it never waits while Python's lock is held.

Some of QMediaPlayer's calls (play, pause, stop, deleting it) wait for its own threads, and
one of those may in turn wait for Python's lock: to tell the audio output (an object made in
Python) that a connection to it came or went. A call made from Python holds that lock (PySide
lets it go only around ``setSource``), and the two wait for each other for ever (seen: a
narration stopped just after it had started again). So a player gets its source and video
sink before it starts, and an audio output then or while it plays without one (that makes
its threads anew, never waiting for them); its other calls are made from the event loop,
where Python's lock is free; Qt deletes it, never Python's garbage collector; and once the
event loop has ended, :func:`finish` lets Qt delete what is left at once, the lock free.

One more wait is taken away at the start. An object made in Python (the player, its audio
output, a video sink) asks Python, under Python's lock, whether Python overrides a Qt method
the first time Qt calls that method on it. Qt's player threads call one of them
(``disconnectNotify``, as their own objects go) while holding a lock of Qt's that the window
thread may want in turn, with Python's lock held (seen: a slide's fields removed while a
recording was let go). :func:`ask_overrides` has each such object answer that question on the
window thread, at once, so that later calls from other threads never need Python's lock.
Qt Multimedia is imported here only when a player is made.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QMetaObject, QObject, Qt, QUrl

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QVideoSink


def make_player(parent: QObject, source: Path, sink: QVideoSink | None = None,
                loops: bool = False, sound: bool = True) -> tuple[Any, Any]:
    """A QMediaPlayer for ``source`` (its frames to ``sink``, looping if ``loops``) owned
    by ``parent``, and its QAudioOutput (None without ``sound``: a video playing muted
    needs none); not started (:func:`call` ``play``)."""
    from PySide6.QtMultimedia import QMediaPlayer

    player = QMediaPlayer(parent)
    ask_overrides(player, sink)
    if sink is not None:
        player.setVideoSink(sink)
    if loops:
        player.setLoops(QMediaPlayer.Loops.Infinite)
    output = add_sound(player, parent) if sound else None
    player.setSource(QUrl.fromLocalFile(str(source)))
    return player, output


def add_sound(player: Any, parent: QObject) -> Any:
    """An audio output for ``player``, owned by ``parent``: before it starts, or while it
    plays a video alone (its threads are then made anew; none is waited for)."""
    from PySide6.QtMultimedia import QAudioOutput

    output = QAudioOutput(parent)
    ask_overrides(output)
    player.setAudioOutput(output)
    return output


def _noop() -> None:
    """A receiver that is connected only to be disconnected (:func:`ask_overrides`)."""


def ask_overrides(*made: QObject | None) -> None:
    """Connect to and disconnect from each object once, here, so that Qt's connect and
    disconnect notices on it have asked Python for an override already (the answer is kept:
    no later notice, from any thread, takes Python's lock)."""
    for each in made:
        if each is not None:
            each.objectNameChanged.connect(_noop)
            each.objectNameChanged.disconnect(_noop)


def call(player: QObject, method: str) -> None:
    """``player.method()`` (``play``, ``pause``, ``stop``), soon, from the event loop."""
    QMetaObject.invokeMethod(player, method, Qt.ConnectionType.QueuedConnection)


def release(*parts: QObject | None) -> None:
    """Stop a player and delete it and its parts (sink, audio output), from the event
    loop."""
    for part in parts:
        if part is None:
            continue
        if part.metaObject().indexOfMethod("stop()") >= 0:
            call(part, "stop")
        part.deleteLater()


def finish() -> None:
    """Carry out the calls and deletions :func:`release` left to the event loop, now,
    Python's lock free (PySide lets it go around this call): for when no event loop runs
    any more (the application's exit, the end of a test)."""
    QCoreApplication.sendPostedEvents()
