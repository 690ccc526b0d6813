"""The composition root: the one place the kiosk's parts are built and wired together.

``build_kiosk`` makes the parts a first slide needs; ``Kiosk.start_visitor_side`` adds the
visitor's layers (touch, the form, staff) once the loop shows; late parts (the message store,
sync) are handed over with ``Kiosk.set_store``. The app (``main``), the screenshot tool, the
self-test and the tests all build the kiosk here, so they cannot drift apart.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from kiosk.content import Deck, LoadResult
from kiosk.content.contrast import high_contrast, in_high_contrast
from kiosk.setup.config import FleetSettings, Settings, zone_of
from kiosk.ui.player.deck_control import DeckControl
from kiosk.ui.player.fit import fit_check
from kiosk.ui.player.player import Player
from kiosk.ui.player.schedule_gate import ScheduleGate
from kiosk.ui.player.watcher import ContentWatcher
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.window import KioskWindow
from kiosk.visit.session import Mode, Session, rules_from

if TYPE_CHECKING:  # the rest is imported where it is built, after the first slide
    from kiosk.analytics.play import PlayLog
    from kiosk.analytics.recorder import Recorder
    from kiosk.analytics.visits import VisitTracker
    from kiosk.messages.store import MessageStore
    from kiosk.staff.pin import StaffAuth
    from kiosk.ui.fleet.screenshot import Screenshots
    from kiosk.ui.fleet.watcher import FleetWatcher
    from kiosk.ui.fleet_play import FleetPlay
    from kiosk.ui.form.message_flow import MessageFlow
    from kiosk.ui.platform.keep_awake import KeepAwake
    from kiosk.ui.recording import Recording
    from kiosk.ui.staff.deck_loading import DeckLoading
    from kiosk.ui.staff.event_figures import EventFigures
    from kiosk.ui.staff.staff_flow import StaffFlow
    from kiosk.ui.staff.sync_driver import SyncDriver
    from kiosk.ui.store_opener import StoreOpener
    from kiosk.ui.visit.journey import Journey

log = logging.getLogger(__name__)

#: The booth's own store of the slides installed from its fleet, in its data folder.
FLEET_STORE = "fleet"


@dataclass
class Kiosk:
    """The kiosk's parts. The visitor side (journey, flow, staff) is None until started."""

    settings: Settings
    data_dir: Path
    runner: TaskRunner
    player: Player
    window: KioskWindow
    session: Session
    control: DeckControl
    journey_tick_ms: int = 250
    staff_auth: StaffAuth | None = None  # the staff PIN, once the visitor's side is built
    journey: Journey | None = None
    flow: MessageFlow | None = None
    staff: StaffFlow | None = None
    store: MessageStore | None = None
    sync: SyncDriver | None = None
    watcher: ContentWatcher | None = None
    opener: StoreOpener | None = None
    decks: DeckLoading | None = None  # Load slides from USB, once the kiosk watches a folder
    usb_target: Path | None = None  # where slides loaded from USB go
    config_path: Path | None = None  # kiosk.yaml: where a booth set-up from a stick goes
    resolve_folder: Callable[[], Path] | None = None  # which folder plays after a swap
    on_exit: Callable[[int], None] | None = None  # the staff panel's Exit and Restart
    recording: Recording | None = None  # analytics, unless turned off in the settings
    figures: EventFigures | None = None  # today at a glance, the event report (staff panel)
    schedule: ScheduleGate | None = None  # opening hours and the slides' show: rules
    fleet_play: FleetPlay | None = None  # published slides, on a booth of a fleet
    _visitor_started: bool = field(default=False, repr=False)

    @property
    def visitor_started(self) -> bool:
        return self._visitor_started

    @property
    def recorder(self) -> Recorder | None:
        return self.recording.recorder if self.recording else None

    @property
    def plays(self) -> PlayLog | None:
        return self.recording.plays if self.recording else None

    @property
    def visits(self) -> VisitTracker | None:
        return self.recording.visits if self.recording else None

    @property
    def fleet(self) -> FleetWatcher | None:
        return self.fleet_play.watcher if self.fleet_play else None

    @property
    def screens(self) -> Screenshots | None:  # pictures of the screen for the office
        return self.fleet_play.screens if self.fleet_play else None

    # ---------------------------------------------------------------- the visitor's side
    def start_visitor_side(self) -> None:
        """Build the visitor's layers and wire them (once; the first slide comes first)."""
        if self._visitor_started:
            return
        from kiosk.ui.form.message_flow import MessageFlow
        from kiosk.ui.staff.event_figures import EventFigures
        from kiosk.ui.staff.staff_flow import StaffFlow
        from kiosk.ui.visit.journey import Journey

        self._visitor_started = True
        if self.staff_auth is None:
            from kiosk.staff.pin import StaffAuth

            self.staff_auth = StaffAuth(self.data_dir)
        if self.settings.analytics and self.recorder is None:
            from kiosk.analytics.recorder import Recorder

            self.record(Recorder(self.data_dir, self.settings.analytics_keep_days))
        window, session = self.window, self.session
        window.add_layers()
        self.journey = Journey(window, session, self.settings, tick_ms=self.journey_tick_ms)
        if self.schedule is not None:
            self.journey.follow(self.schedule, self.settings.asleep_touch)
        self.flow = MessageFlow(window.form, window.thanks, session, self.store, self.runner)
        self.staff = StaffFlow(window.pin_pad, window.staff, session, self.staff_auth,
                               self.runner, self.settings.name, self.data_dir / "exports",
                               window)
        self.journey.message_requested.connect(self.flow.open_form)
        self.journey.staff_requested.connect(self.staff.on_staff_requested)
        self.journey.sound_changed.connect(self.player.set_sound)  # video sound, narration
        self.figures = EventFigures(window.staff, self.runner, self.recorder,
                                    self.settings.name, lambda: self.player.deck,
                                    self.plays.flush if self.plays else lambda: None)
        self._wire_staff(self.staff)
        look = self.control.look  # the deck playing, or the one on the holding slide
        for on_deck in (self.journey.on_deck, self.flow.on_deck, self.staff.on_deck,
                        self._read_words):
            self.control.applied.connect(on_deck)
            self.control.held.connect(on_deck)  # its colours, languages and form
            if look is not None:
                on_deck(look)
        self._record_visits()

    def _wire_staff(self, staff: StaffFlow) -> None:
        """Staff see the slides, the message store and sync, and may load slides from USB."""
        staff.set_exit(self._exit)
        if self.fleet is not None:  # the office's slides refused: staff read why
            self.fleet.problem.connect(staff.set_fleet_problem)
            staff.set_fleet_problem(self.fleet.note, self.fleet.refused)
        if self.watcher is not None:
            staff.set_reload(self.watcher.reload_now)
        self._wire_usb()
        self.control.loaded.connect(staff.content_loaded)
        staff.content_loaded(*self.control.summary)
        if self.store is not None:
            staff.set_store(self.store)
        if self.sync is not None:
            staff.set_sync(self.sync)

    # ---------------------------------------------------------------- analytics
    def record(self, recorder: Recorder) -> None:
        """Record proof of play and health now, and visits once the visitor's side exists."""
        from kiosk.ui.recording import Recording

        self.recording = Recording(recorder, self.session, self.player, self.window,
                                   self.schedule, self._awake_loop)
        self._record_visits()

    def _record_visits(self) -> None:
        if self.recording is not None and self.journey is not None and self.flow is not None:
            self.recording.follow_visits(self.flow)

    def _read_words(self, deck: Deck) -> None:
        """Read the deck's languages' word catalogs on a worker now, so that a visitor's
        choice of language never waits on the disk."""
        from kiosk.visit import words

        languages = list(deck.languages)
        self.runner.run(lambda: [words.catalog(language) for language in languages])

    def _exit(self, code: int) -> None:
        if self.on_exit is not None:
            self.on_exit(code)

    # ---------------------------------------------------------------- late parts
    def set_store(self, store: MessageStore) -> None:
        """The message store is open: the form saves into it, staff see it, sync starts."""
        from kiosk.ui.sync_start import sync_driver

        self.store = store
        if self.flow is not None:
            self.flow.set_store(store)
        if self.staff is not None:
            self.staff.set_store(store)
        sync = sync_driver(self.settings, store, self.runner, self.control, self.player,
                           self.window, self.fleet.facts if self.fleet else None)
        if sync is None:
            log.info("no sync target set: messages wait for an export")
            return
        self.sync = sync
        if self.recording is not None:
            self.recording.follow_sync(sync)
        if self.flow is not None:
            self.flow.saved.connect(lambda _id: self.sync.sync_now() if self.sync else None)
        if self.staff is not None:
            self.staff.set_sync(sync)
        sync.start()

    def open_store(self) -> None:
        """Open the message store in the background, again and again until it opens."""
        from kiosk.ui.store_opener import StoreOpener

        self.opener = StoreOpener(self.data_dir, self.settings.name, self.runner,
                                  parent=self.window)
        self.opener.opened.connect(self.set_store)
        if self.staff is not None:
            self.opener.failed.connect(self.staff.store_failed)
        self.opener.start()

    def watch(self, folder: Path, usb_target: Path | None = None,
              resolve: Callable[[], Path] | None = None) -> ContentWatcher:
        """Load the deck in ``folder`` and reload it after every edit. With ``usb_target``,
        staff can load slides from USB into that folder; ``resolve`` then says which folder
        plays after a swap (the bundled deck when going back leaves the target empty)."""
        self.watcher = ContentWatcher(folder, self.runner, fit_check=fit_check)
        self.watcher.loaded.connect(self._loaded)
        self.usb_target, self.resolve_folder = usb_target, resolve
        if self.staff is not None:
            self.staff.set_reload(self.watcher.reload_now)
        self._wire_usb()
        if self.settings.fleet is not None:
            self._watch_fleet(self.settings.fleet)  # it starts the content watcher
        else:
            self.watcher.start()
        return self.watcher

    # ---------------------------------------------------------------- a fleet
    def _awake_loop(self) -> bool:
        """The slides play by themselves on a booth that is open (a closed booth's black
        screen tells the office nothing)."""
        return self.session.mode is Mode.ATTRACT and not (
            self.schedule is not None and self.schedule.asleep)

    def _watch_fleet(self, fleet: FleetSettings) -> None:
        """A booth of a fleet plays from it (``FleetPlay``); its status file says what."""
        from kiosk.ui.fleet_play import FleetPlay

        assert self.watcher is not None
        self.fleet_play = play = FleetPlay(
            fleet, self.settings, self.data_dir / FLEET_STORE, content=self.watcher,
            control=self.control, session=self.session, window=self.window,
            config_path=self.config_path)
        play.watcher.facts_changed.connect(self._fleet_facts)
        if self.sync is not None:
            self._fleet_facts(play.watcher.facts)
        play.start(self._awake_loop)

    def _fleet_facts(self, facts: dict[str, object]) -> None:
        """What plays from the fleet changed: the status file says so at once."""
        if self.sync is not None:
            self.sync.runner.facts.update(facts)
            self.sync.poke()

    def _wire_usb(self) -> None:
        if (self.decks is not None or self.usb_target is None or self.staff is None
                or self.watcher is None):
            return
        from kiosk.ui.staff.deck_loading import DeckLoading

        panel = self.window.staff
        self.decks = DeckLoading(panel.picker, panel, self.runner, self.usb_target,
                                 fit_check=fit_check, parent=self.window)
        self.decks.setup_to(self.config_path, self.data_dir)
        self.decks.swapped.connect(self._content_swapped)
        self.staff.set_decks(self.decks)

    def _content_swapped(self) -> None:
        if self.watcher is not None:
            folder = self.resolve_folder() if self.resolve_folder else self.usb_target
            assert folder is not None
            log.info("content folder: %s", folder)
            self.control.start_over()  # another deck: played as at start-up
            self.watcher.switch_to(folder)
            if self.fleet is not None:
                self.fleet.playing_other()

    def _loaded(self, result: LoadResult, slides_at: tuple[int, int] | None) -> None:
        """A deck read from the folder plays in the booth's colours (``high_contrast``)."""
        if self.settings.high_contrast:
            result = replace(result, deck=in_high_contrast(result.deck),
                             shell=in_high_contrast(result.shell))
        self.control.on_loaded(result, slides_at)

    def show_deck(self, deck: Deck) -> None:
        """Play ``deck`` now (tests and screenshots; the app loads through ``watch``)."""
        if self.settings.high_contrast:
            deck = replace(deck, theme=high_contrast(deck.theme))
        self.player.set_deck(deck)
        for part in (self.journey, self.flow, self.staff):
            if part is not None:
                part.on_deck(deck)

    def close(self) -> None:
        """Stop listening to the application and let the workers finish (shutdown, tests)."""
        self.player.media.stop_now()  # (a media player deleted while playing can hang)
        if self.watcher is not None:
            self.watcher.stop()  # (a deck edited a moment ago loads into nothing)
        if self.journey is not None:
            self.journey.detach()
        if self.fleet_play is not None:
            self.fleet_play.stop()
        if self.recording is not None:
            self.recording.close()
        self.runner.wait(2000)


def build_kiosk(settings: Settings, data_dir: Path, *, kiosk_mode: bool = True,
                clock: Callable[[], float] = time.monotonic, runner: TaskRunner | None = None,
                player_speed: float = 1.0, journey_tick_ms: int = 250,
                visitor_side: bool = True, schedule: bool = True) -> Kiosk:
    """The kiosk's parts, wired. ``visitor_side=False`` leaves the visitor's layers for
    :meth:`Kiosk.start_visitor_side` (the app builds them once the first slide shows);
    ``schedule=False`` plays every slide at any hour (the studio's preview)."""
    runner = runner or TaskRunner()
    player = Player(runner, speed=player_speed)
    if settings.renderer == "gpu":
        player.use_gpu()
    window = KioskWindow(player, kiosk_mode=kiosk_mode, layers=False)
    session = Session(clock=clock, rules=rules_from(settings))
    gate = ScheduleGate(player, session, zone=zone_of(settings.timezone),
                        power=_display_power(settings) if kiosk_mode else None
                        ) if schedule else None
    kiosk = Kiosk(settings=settings, data_dir=data_dir, runner=runner, player=player,
                  window=window, session=session, control=DeckControl(player),
                  journey_tick_ms=journey_tick_ms, schedule=gate)
    if visitor_side:
        kiosk.start_visitor_side()  # analytics start with it (the app: after the first slide)
    return kiosk


def _display_power(settings: Settings) -> KeepAwake:
    """The display, turned off while the booth is closed and on again at opening (then
    kept from blanking if ``keep_awake`` says so). Never from a test: they draw offscreen."""
    from kiosk.ui.platform.keep_awake import KeepAwake

    return KeepAwake(keep=settings.keep_awake)


def start_when_shown(kiosk: Kiosk, then: Callable[[], None] | None = None,
                     fallback_ms: int = 3000) -> None:
    """Build the visitor's side right after the first slide is painted (or after
    ``fallback_ms`` if no slide can be painted), so that the first slide comes first; then
    call ``then`` (the app opens the message store there)."""
    def start() -> None:
        if kiosk.visitor_started:
            return
        kiosk.start_visitor_side()
        if then is not None:
            then()

    kiosk.player.first_frame_painted.connect(lambda: QTimer.singleShot(0, start))
    QTimer.singleShot(fallback_ms, start)
