"""The first steps on a kiosk with no staff PIN yet, shown on the PIN pad.

A kiosk with no PIN yet traps no one: the same ways in, and Esc, Alt+F4 or the window's
close, show the first steps on the pad (choose a PIN, load the booth's set-up from a stick,
close the kiosk). Once a PIN is set, the ways out do nothing again.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence, QShortcut
from shiboken6 import isValid

from kiosk.staff.pin import PinError, check_pin_shape
from kiosk.visit.session import Mode

if TYPE_CHECKING:
    from kiosk.ui.staff.staff_flow import StaffFlow

log = logging.getLogger(__name__)

#: The keys a person tries to leave a full-screen program with.
WAYS_OUT = ("Esc", "Alt+F4")


class FirstSteps(QObject):
    """The staff flow's first steps: a new PIN typed twice, a set-up from a stick, or the
    kiosk closed; and the ways out that lead to them while no PIN is set."""

    def __init__(self, flow: StaffFlow) -> None:
        super().__init__(flow)
        self.flow = flow
        self.pin_set: bool | None = None  # as last read (None: not yet)
        self.choosing = False  # the pad shows the first steps: a PIN is being chosen
        self._first_pin: str | None = None  # the new PIN, typed once so far
        flow.pad.load_setup.connect(self.on_load_setup)
        flow.pad.close_kiosk.connect(self.on_close_kiosk)
        flow.panel.picker.closed.connect(self._picker_closed)
        self._watch_ways_out()

    def know_pin(self, has_pin: bool) -> None:
        """Whether a PIN is set, as just read; the ways out follow it."""
        if isValid(self.flow.pad):  # (the window may have gone before the answer came)
            self.pin_set = has_pin
            self.arm_ways_out()

    def stop(self) -> None:
        """No PIN is being chosen (the pad opened afresh, or staff mode ended)."""
        self.choosing, self._first_pin = False, None

    def offer(self, message: str) -> None:
        """The first steps on the pad, with ``message``."""
        self.choosing, self._first_pin = True, None
        self.flow.pad.offer_first_steps(self.flow.words("choose_pin"), message,
                                        can_load=self.flow.decks is not None)

    # ---------------------------------------------------------------- choosing a PIN
    def chosen(self, pin: str) -> None:
        """A new PIN typed on the first-steps pad: once, then again, then it is kept."""
        pad = self.flow.pad
        if self._first_pin is None:
            try:
                check_pin_shape(pin)
            except PinError:
                pad.show_message(self.flow.words("pin_shape"))
                return
            self._first_pin = pin
            pad.show_message(self.flow.words("pin_again"))
            return
        first, self._first_pin = self._first_pin, None
        if pin != first:
            pad.show_message(self.flow.words("pins_differ"))
            return
        pad.set_busy(True)
        auth = self.flow.auth
        self.flow.tasks.run(lambda: auth.set_pin(pin), done=self._pin_chosen,
                            failed=self._pin_not_kept)

    def _pin_chosen(self, _result: object = None) -> None:
        self.know_pin(True)
        self.choosing = False
        if self.flow.session.mode is Mode.STAFF:
            self.flow.pad.hide()
            self.flow.open_panel()

    def _pin_not_kept(self, error: BaseException) -> None:
        log.error("the new staff PIN could not be kept: %s", error)
        if self.flow.session.mode is Mode.STAFF and self.choosing:
            self.flow.pad.set_busy(False)
            self.flow.pad.show_message(self.flow.words("pin_not_kept", error=error))

    # ---------------------------------------------------------------- a set-up from a stick
    def on_load_setup(self) -> None:
        """'Load the booth's set-up from a USB stick' on the first-steps pad: the sticks'
        decks, over a panel no one sees until a set-up with its PIN is in."""
        decks = self.flow.decks
        if decks is None or not self.choosing:
            return
        self.flow.pad.hide()
        self.flow.panel.relayout()
        self.flow.panel.cover()
        decks.open()

    def _picker_closed(self) -> None:
        if self.choosing and self.flow.session.mode is Mode.STAFF:
            self._back(self.flow.words("choose_or_load"))

    def _back(self, message: str) -> None:
        self.flow.panel.hide()
        self.flow.pad.open(title=self.flow.words("choose_pin"))
        self.offer(message)

    def slides_swapped(self) -> None:
        if self.choosing and self.flow.session.mode is Mode.STAFF:  # slides, and no set-up
            self._back(self.flow.words("slides_in"))

    def setup_applied(self) -> None:
        """A set-up brought its PIN: the panel opens if the first steps were on screen."""
        self.know_pin(True)
        if self.choosing:
            self.choosing = False
            self.flow.open_panel()

    def on_close_kiosk(self) -> None:
        """'Close the kiosk' on the first-steps pad (only while no PIN is set)."""
        if not self.choosing:
            return
        log.info("the kiosk was closed from the first-steps pad (no staff PIN set)")
        self.flow.end(0)

    # ---------------------------------------------------------------- the ways out
    def _watch_ways_out(self) -> None:
        """Esc, Alt+F4 and the window's close, in a window that refuses to close. The keys
        are taken only while no PIN is set (see :meth:`arm_ways_out`)."""
        window = self.flow.pad.window()
        self._ways_out = [QShortcut(QKeySequence(keys), window, self.on_way_out)
                          for keys in WAYS_OUT]
        self.arm_ways_out()
        window.installEventFilter(self)

    def closes(self) -> bool:
        """Whether the window closes as any window does (a preview, a kiosk leaving)."""
        return bool(getattr(self.flow.pad.window(), "allow_close", True))

    def _trapped(self) -> bool:
        """Whether a person could be stuck: no PIN, a window that refuses to close, and no
        pad, panel or visitor's message on screen."""
        return (self.pin_set is False and not self.closes()
                and self.flow.session.mode in (Mode.ATTRACT, Mode.BROWSE))

    def arm_ways_out(self) -> None:
        for shortcut in self._ways_out:
            shortcut.setEnabled(self._trapped())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and watched is self.flow.pad.window():
            self.on_way_out()
        return False  # the window decides whether it closes

    def on_way_out(self) -> None:
        """Someone tries to leave: with no PIN set, the first steps; else nothing."""
        if self._trapped():
            log.info("a way out was tried on a kiosk without a staff PIN")
            self.flow.on_staff_requested()
