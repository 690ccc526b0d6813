"""The accessibility bus (AT-SPI), asked what is on screen: each widget's words, role,
object name, state and place, as a screen reader finds them. Spoken to directly over D-Bus
(``dbus_wire``); nothing here clicks or types."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from dbus_wire import Bus, BusError

T = TypeVar("T")
ACCESSIBLE = "org.a11y.atspi.Accessible"
ROOT_PATH = "/org/a11y/atspi/accessible/root"
SHOWING, ENABLED = 25, 8  # AT-SPI state bits


class JourneyError(Exception):
    """A step could not be done through the screen (the words say what was not seen)."""


def until(check: Callable[[], T | None], what: str, timeout: float) -> T:
    """``check()``'s answer once it is something (asked every 0.15 s), or a JourneyError."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise JourneyError(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.15)


@dataclass(frozen=True)
class Node:
    """An object on the accessibility bus: the application's connection, the object's path."""

    bus: str
    path: str


@dataclass
class Widget:
    """A widget on screen as the accessibility bus describes it."""

    node: Node
    ident: str  # object names from the window down, dot-separated
    name: str
    role: str
    box: tuple[int, int, int, int]
    states: frozenset[int]

    @property
    def centre(self) -> tuple[int, int]:
        x, y, w, h = self.box
        return x + w // 2, y + h // 2


@dataclass
class Want:
    """What a widget must be: its object name, its words (whole, or the start), its role."""

    ident: str = ""
    name: str = ""
    start: str = ""
    role: str = ""

    def __str__(self) -> str:
        parts = [f"{k}={v!r}" for k, v in vars(self).items() if v]
        return "a widget with " + ", ".join(parts)


def titled(window: Widget, start: str) -> bool:
    """Whether the window's title starts with ``start`` (after the studio's unsaved mark)."""
    return window.name.removeprefix("● ").startswith(start)


class Screen:
    """The accessibility bus, asked for what is showing."""

    def __init__(self, bus: Bus) -> None:
        self.bus = bus
        self.spent = 0.0  # seconds spent looking (not the apps' time)

    def _call(self, node: Node, iface: str, member: str, sig: str = "", *args: Any) -> Any:
        began = time.monotonic()
        try:
            return self.bus.call(node.bus, node.path, iface, member, sig, *args)[0]
        finally:
            self.spent += time.monotonic() - began

    def _property(self, node: Node, name: str) -> Any:
        return self._call(node, "org.freedesktop.DBus.Properties", "Get", "ss", ACCESSIBLE,
                          name)

    def children(self, node: Node) -> list[Node]:
        return [Node(bus, path) for bus, path in self._call(node, ACCESSIBLE, "GetChildren")
                if path != "/org/a11y/atspi/null"]

    def states(self, node: Node) -> frozenset[int]:
        words = self._call(node, ACCESSIBLE, "GetState")
        return frozenset(i + 32 * n for n, word in enumerate(words) for i in range(32)
                         if word >> i & 1)

    def describe(self, node: Node, ident: str, states: frozenset[int]) -> Widget:
        box = self._call(node, "org.a11y.atspi.Component", "GetExtents", "u", 0)
        return Widget(node, ident, self._property(node, "Name"),
                      self._call(node, ACCESSIBLE, "GetRoleName"), tuple(box), states)

    def text(self, widget: Widget) -> str:
        """What a text box holds."""
        return str(self._call(widget.node, "org.a11y.atspi.Text", "GetText", "ii", 0, -1))

    def windows(self) -> list[Widget]:
        """Every top-level window showing, of every application."""
        found = []
        for app in self.children(Node("org.a11y.atspi.Registry", ROOT_PATH)):
            try:
                for window in self.children(app):
                    states = self.states(window)
                    if SHOWING in states:
                        found.append(self.describe(window, "", states))
            except BusError:
                continue  # an application on its way out
        return found

    def find_all(self, want: Want, window: str = "") -> list[Widget]:
        """Every widget showing that is ``want``, in windows whose title starts with
        ``window`` (all windows when empty)."""
        return [w for top in self.windows() if titled(top, window)
                for w in self._walk(top.node, want)]

    def _walk(self, top: Node, want: Want) -> Iterator[Widget]:
        todo = [top]
        while todo:
            node = todo.pop()
            try:
                states = self.states(node)
                if SHOWING not in states:
                    continue
                ident = str(self._property(node, "AccessibleId"))
                if not want.ident or ident == want.ident or ident.endswith("." + want.ident):
                    widget = self.describe(node, ident, states)
                    if self._fits(widget, want):
                        yield widget
                todo.extend(reversed(self.children(node)))
            except BusError:
                continue  # gone while being read

    @staticmethod
    def _fits(widget: Widget, want: Want) -> bool:
        return ((not want.name or widget.name == want.name)
                and (not want.start or widget.name.startswith(want.start))
                and (not want.role or widget.role == want.role))

    def app_pids(self) -> list[int]:
        """The processes of the applications on this (private) accessibility bus."""
        pids = []
        for app in self.children(Node("org.a11y.atspi.Registry", ROOT_PATH)):
            try:
                pids.append(int(self.bus.call("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                              "org.freedesktop.DBus",
                                              "GetConnectionUnixProcessID", "s", app.bus)[0]))
            except BusError:
                continue
        return [pid for pid in pids if pid != os.getpid()]

    def wait(self, want: Want, window: str = "", timeout: float = 20,
             enabled: bool = True) -> Widget:
        """The first widget that is ``want`` (and enabled), once it shows."""
        return until(lambda: next((w for w in self.find_all(want, window)
                                   if not enabled or ENABLED in w.states), None),
                     f"{want} to show", timeout)

    def wait_text(self, want: Want, window: str, test: Callable[[str], bool], what: str,
                  timeout: float = 30) -> str:
        """What a text box holds, once ``test`` passes (the box is looked for again each
        time: the studio makes a slide's boxes anew when another slide is chosen)."""
        def held() -> str | None:
            try:
                text = self.text(self.wait(want, window, timeout, enabled=False))
            except BusError:
                return None  # made anew while it was read
            return text if test(text) else None

        return str(until(held, what, timeout))

    def window(self, start: str) -> Widget | None:
        return next((w for w in self.windows() if titled(w, start)), None)

    def wait_window(self, start: str, timeout: float = 30) -> Widget:
        return until(lambda: self.window(start), f"a window titled '{start}…'", timeout)

    def wait_gone(self, start: str, timeout: float = 20) -> None:
        until(lambda: self.window(start) is None, f"the window '{start}…' to close", timeout)

    def wait_gone_widget(self, want: Want, window: str, timeout: float = 20) -> None:
        until(lambda: not self.find_all(want, window), f"{want} to go", timeout)


def _a11y_address(session: Bus) -> str | None:
    try:
        return str(session.call("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus",
                                "GetAddress")[0]) or None
    except BusError:
        return None


def listen(session_address: str, timeout: float = 15) -> str:
    """The accessibility bus's address, once at-spi-bus-launcher answers on the session bus;
    and every application told that someone listens (what a screen reader does)."""
    session = Bus(session_address)
    try:
        address = until(lambda: _a11y_address(session), "the accessibility bus", timeout)
        session.call("org.a11y.Bus", "/org/a11y/bus", "org.freedesktop.DBus.Properties",
                     "Set", "ssv", "org.a11y.Status", "IsEnabled", ("b", True))
    finally:
        session.sock.close()
    return address
