"""Wiring the message form: open it, save through the store off the GUI thread, thank, wipe."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.content import Deck
from kiosk.content.form_loader import neutral_form
from kiosk.content.loader import native_digit_languages
from kiosk.content.model import Form
from kiosk.messages.store import MessageRejected, MessageStore, StoreError
from kiosk.ui.tasks import TaskRunner
from kiosk.visit.form_rules import check, fields_to_store, thanks
from kiosk.visit.session import Event, Mode, Session

if TYPE_CHECKING:
    from kiosk.ui.form.form import MessageForm
    from kiosk.ui.form.thank_you import ThankYou

log = logging.getLogger(__name__)


class MessageFlow(QObject):
    """The visitor's message goes form -> store (on a worker) -> thank you -> slides.

    The form is wiped on send, on cancel and whenever the session leaves the form (idle).
    """

    saved = Signal(str)  # message id
    failed = Signal(str)
    thanks_done = Signal()  # the thank-you has been shown long enough

    def __init__(self, form_view: MessageForm, thanks: ThankYou, session: Session,
                 store: MessageStore | None, runner: TaskRunner, thanks_ms: int = 5000) -> None:
        super().__init__(form_view)
        self.session, self.store, self.runner = session, store, runner
        self.deck: Deck | None = None
        self.form: Form | None = None  # the deck's or the kiosk's plain one, once a deck plays
        self._native: set[str] = set()  # languages whose numbers use their own digits
        self.form_view, self.thanks = form_view, thanks
        self._thanks_timer = QTimer(self)
        self._thanks_timer.setSingleShot(True)
        self._thanks_timer.setInterval(thanks_ms)
        self._thanks_timer.timeout.connect(self.on_thanks_done)
        self.form_view.send_requested.connect(self.on_send)
        self.form_view.cancelled.connect(self.on_cancel)
        session.subscribe(self.on_session)

    def on_deck(self, deck: Deck) -> None:
        """The deck's form (the kiosk's plain one if the deck has none it can use: "Leave a
        message" always opens a form)."""
        self.deck = deck
        self.form = deck.form or neutral_form(deck.languages, deck.labels)
        if deck.form is None:
            log.warning("the deck has no message form: visitors get the kiosk's plain one")
        self.form_view.labels = deck.labels
        self._native = native_digit_languages(deck)
        self.form_view.native_digits = self.session.language in self._native
        self.form_view.set_form(self.form, deck.theme, self.session.language,
                                deck.default_language)

    def set_thanks_ms(self, ms: int) -> None:
        """How long the thank-you shows before the slides come back."""
        self._thanks_timer.setInterval(ms)

    def set_store(self, store: MessageStore) -> None:
        self.store = store

    @property
    def available(self) -> bool:
        return self.deck is not None and self.form is not None

    # ---------------------------------------------------------------- slots
    def open_form(self) -> None:
        if self.available:
            self.session.enter(Mode.FORM)
        else:
            log.warning("the message form was asked for before any deck was playing")

    def on_session(self, event: Event, session: Session) -> None:
        if event is Event.MODE:
            if session.mode is Mode.FORM:
                self.form_view.open()
            else:
                self.form_view.wipe()
                self.form_view.hide()
                if session.mode is Mode.ATTRACT:
                    self._thanks_timer.stop()
                    self.thanks.hide()
        elif event is Event.LANGUAGE and self.deck is not None:
            self.form_view.native_digits = session.language in self._native
            self.form_view.set_language(session.language, self.deck.default_language)

    def on_cancel(self) -> None:
        self.form_view.wipe()
        self.session.enter(Mode.BROWSE)

    def on_send(self, values: dict[str, Any]) -> None:
        deck, form = self.deck, self.form
        if deck is None or form is None or check(form, values):
            return
        if self.store is None:
            self.on_save_failed(StoreError("the message store could not be opened"))
            return
        store = self.store
        fields = fields_to_store(form, values)
        required = tuple(f.key for f in form.fields if f.required)
        language, version = self.session.language, deck.version
        self.form_view.set_saving(True)
        self.runner.run(lambda: store.add(fields, language, version, form.limits, required),
                        done=self.on_saved, failed=self.on_save_failed)

    def on_saved(self, message_id: str) -> None:
        """The message is on disk for good: wipe the form and thank the visitor."""
        log.info("message %s saved", message_id)
        self.form_view.wipe()
        self.form_view.hide()
        deck, form = self.deck, self.form
        if deck is not None and form is not None:
            heading, line = thanks(deck, form, self.session.language)
            self.thanks.present(heading, line, deck.theme)
        self._thanks_timer.start()
        self.saved.emit(message_id)

    def on_save_failed(self, error: BaseException) -> None:
        if not isinstance(error, StoreError | MessageRejected):
            log.error("saving a message failed", exc_info=error)
        else:
            log.error("saving a message failed: %s", error)
        self.form_view.show_failure()  # the visitor's words stay on screen
        self.failed.emit(str(error))

    def on_thanks_done(self) -> None:
        """Back to the slide the visitor was reading, still browsing: the idle time then
        returns the kiosk to its loop as usual."""
        self.thanks.hide()
        self.session.enter(Mode.BROWSE)
        self.thanks_done.emit()
