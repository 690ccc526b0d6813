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
from kiosk.visit.session import Event, Mode, Session, rules_from

if TYPE_CHECKING:  # the rest is imported where it is built, after the first slide
    from kiosk.analytics.play import PlayLog
    from kiosk.analytics.recorder import Recorder
    from kiosk.analytics.visits import VisitTracker
    from kiosk.fleet import Installed
    from kiosk.messages.store import MessageStore
    from kiosk.staff.pin import StaffAuth
    from kiosk.sync.runner import SyncRunner
    from kiosk.ui.fleet.screenshot import Screenshots
    from kiosk.ui.fleet.watcher import FleetWatcher
    from kiosk.ui.form.message_flow import MessageFlow
    from kiosk.ui.platform.keep_awake import KeepAwake
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
    recorder: Recorder | None = None  # analytics, unless turned off in the settings
    visits: VisitTracker | None = None
    figures: EventFigures | None = None  # today at a glance, the event report (staff panel)
    plays: PlayLog | None = None
    schedule: ScheduleGate | None = None  # opening hours and the slides' show: rules
    fleet: FleetWatcher | None = None  # published slides, on a booth of a fleet
    screens: Screenshots | None = None  # pictures of the screen for the office
    _errors: logging.Handler | None = field(default=None, repr=False)
    _visitor_started: bool = field(default=False, repr=False)

    @property
    def visitor_started(self) -> bool:
        return self._visitor_started

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
        self.staff.set_exit(self._exit)
        self.figures = EventFigures(window.staff, self.runner, self.recorder,
                                    self.settings.name, lambda: self.player.deck,
                                    self.plays.flush if self.plays else lambda: None)
        if self.fleet is not None:  # the office's slides refused: staff read why
            self.fleet.problem.connect(self.staff.set_fleet_problem)
            self.staff.set_fleet_problem(self.fleet.note, self.fleet.refused)
        if self.watcher is not None:
            self.staff.set_reload(self.watcher.reload_now)
        self._wire_usb()
        self.control.loaded.connect(self.staff.content_loaded)
        self.staff.content_loaded(*self.control.summary)
        if self.store is not None:
            self.staff.set_store(self.store)
        if self.sync is not None:
            self.staff.set_sync(self.sync)
        look = self.control.look  # the deck playing, or the one on the holding slide
        for part in (self.journey, self.flow, self.staff):
            self.control.applied.connect(part.on_deck)
            self.control.held.connect(part.on_deck)  # its colours, languages and form
            if look is not None:
                part.on_deck(look)
        self.control.applied.connect(self._read_words)
        self.control.held.connect(self._read_words)
        if look is not None:
            self._read_words(look)
        self._record_visits()

    # ---------------------------------------------------------------- analytics
    def record(self, recorder: Recorder) -> None:
        """Record proof of play and health now, and visits once the visitor's side exists."""
        from kiosk.analytics.play import PlayLog
        from kiosk.analytics.recorder import ErrorsSurvived
        from kiosk.analytics.visits import VisitTracker

        self.recorder = recorder
        clock = self.session.clock
        self.plays = plays = PlayLog(recorder.play, recorder.gap, clock=clock)
        self.visits = VisitTracker(recorder.visit, clock=clock)

        def in_loop() -> bool:  # slides playing by themselves (not a closed booth's screen)
            return self.session.mode is Mode.ATTRACT and not (
                self.schedule is not None and self.schedule.asleep)

        plays.set_loop(in_loop())
        self.session.subscribe(lambda event, _session: plays.set_loop(in_loop())
                               if event is Event.MODE else None)
        if self.schedule is not None:
            self.schedule.changed.connect(lambda _state: plays.set_loop(in_loop()))
        self.player.slide_changed.connect(self._slide_shown)
        self.player.notice_shown.connect(lambda: self._slide_shown(-1))
        beat = QTimer(self.window)
        beat.setInterval(1000)
        beat.timeout.connect(plays.beat)
        beat.start()
        hourly = QTimer(self.window)
        hourly.setInterval(60_000)  # what played lands in the database a minute at a time
        hourly.timeout.connect(plays.flush)
        hourly.start()
        recorder.started()
        self._errors = ErrorsSurvived(recorder)
        logging.getLogger().addHandler(self._errors)
        if self.player.index >= 0:
            self._slide_shown(self.player.index)  # the slide already on screen counts
        self._record_visits()

    def _sync_done(self, runner: SyncRunner, sent: dict[str, int]) -> None:
        """A sync round that moved messages or met a problem is a line of health."""
        for name, count in sent.items():
            problem = runner.states[name].last_error
            if (count or problem) and self.recorder is not None:
                self.recorder.health("sync", f"{name}: {count} delivered"
                                     + (f"; {problem}" if problem else ""))

    def _slide_shown(self, index: int) -> None:
        deck = self.player.deck
        slide = deck.slides[index].id if deck is not None and 0 <= index < len(
            deck.slides) else None
        if self.plays is not None:
            self.plays.slide_shown(slide)
        if self.visits is not None:
            self.visits.slide_shown(slide)

    def _record_visits(self) -> None:
        visits, journey, flow = self.visits, self.journey, self.flow
        if visits is None or journey is None or flow is None:
            return
        from kiosk.analytics.visits import HOME

        self.session.subscribe(visits.on_session)
        window = self.window
        window.chapters.chosen.connect(lambda _chapter: visits.chapter_chosen())
        window.controls.larger_text.connect(
            lambda: visits.larger_text(window.controls.text_button.isChecked()))
        window.controls.home.connect(lambda: visits.end(HOME))
        window.form.field_entered.connect(visits.field_entered)
        flow.saved.connect(lambda _id: visits.form_sent())  # ends the visit, durably

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
        from kiosk.analytics.figures import day_line, shared
        from kiosk.sync.setup import runner_from
        from kiosk.ui.staff.sync_driver import SyncDriver

        self.store = store
        if self.flow is not None:
            self.flow.set_store(store)
        if self.staff is not None:
            self.staff.set_store(store)
        sync = runner_from(self.settings.sync, store, self.settings.name)
        if sync is None:
            log.info("no sync target set: messages wait for an export")
            return
        assert self.settings.sync is not None  # a runner exists only for a sync section
        facts = sync.facts  # the status file a fleet's office reads (keys fixed: thread-safe)
        facts["deck_version"] = self.control.summary[1] or None
        self._more_facts(facts)
        self.control.loaded.connect(lambda _words, version: facts.update(deck_version=version))
        self.player.slide_changed.connect(lambda _i: facts.update(last_slide_painted=True))
        self.sync = SyncDriver(sync, TaskRunner(threads=len(sync.targets)),  # a lane each
                               round(self.settings.sync.interval * 1000), self.window)
        if self.recorder is not None:
            self.sync.finished.connect(lambda sent: self._sync_done(sync, sent))
            folder = self.recorder.folder
            sync.extras = lambda: shared(folder, time.time())  # on the sync thread
            def footer() -> str:  # the day at the booth closes each e-mail digest
                return day_line(folder, time.time())
            for target in sync.targets:
                if hasattr(target, "footer"):  # each e-mail target
                    target.footer = footer
        if self.flow is not None:
            self.flow.saved.connect(lambda _id: self.sync.sync_now() if self.sync else None)
        if self.staff is not None:
            self.staff.set_sync(self.sync)
        self.sync.start()

    def _more_facts(self, facts: dict[str, object]) -> None:
        """The status file's time zone and, on a booth of a fleet, what it plays from the
        fleet: each key there before sync starts, its value filled in later."""
        from kiosk.ui.fleet.facts import FLEET_FIELDS, ZONE_FIELD, zone_name

        facts[ZONE_FIELD] = self.settings.timezone or None
        if not self.settings.timezone:  # the computer's own: a link to read
            self.runner.run(zone_name, done=lambda name: facts.update({ZONE_FIELD: name}))
        if self.settings.fleet is not None:
            facts.update(self.fleet.facts if self.fleet else dict.fromkeys(FLEET_FIELDS))

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
        """A booth of a fleet plays the slides it last installed from it (else its own),
        looks for newer ones, plays them while the slides play by themselves (after a
        visit, not during it), and leaves pictures of its screen for the office."""
        from kiosk.ui.fleet.screenshot import Screenshots, loop_only
        from kiosk.ui.fleet.watcher import FleetWatcher, fleet_key

        def in_loop() -> bool:
            return self.session.mode is Mode.ATTRACT

        self.fleet = watcher = FleetWatcher(fleet, self.data_dir / FLEET_STORE,
                                            self.settings.name, fleet_key(self.settings.sync),
                                            in_loop, parent=self.window,
                                            config_path=self.config_path)
        watcher.swap.connect(self._fleet_swap)
        watcher.facts_changed.connect(self._fleet_facts)
        self.session.subscribe(lambda event, session: QTimer.singleShot(
            0, watcher.quiet_moment) if event is Event.MODE and session.mode is Mode.ATTRACT
            else None)  # (once every part has heard the visit end)
        if self.sync is not None:
            self._fleet_facts(watcher.facts)
        watcher.start(self._first_deck)
        if fleet.screenshots:
            from kiosk.fleet.layout import SCREENS

            self.screens = Screenshots(self.window, loop_only(self.window, self._awake_loop),
                                       fleet.path / SCREENS, self.settings.name,
                                       clock=self.session.clock, parent=self.window)
            self.screens.start()

    def _first_deck(self, installed: Installed | None) -> None:
        """Start playing: the slides last installed from the fleet, else the folder's own."""
        assert self.watcher is not None
        if installed is None:
            self.watcher.start()
            return
        log.info("content folder: %s (package %s from the fleet)", installed.deck,
                 installed.name)
        self.watcher.switch_to(installed.deck)

    def _fleet_swap(self, installed: Installed) -> None:
        """Newly installed slides from the fleet: they play from now on (on the same slide,
        when the new deck still has it)."""
        if self.watcher is not None:
            log.info("content folder: %s", installed.deck)
            self.control.start_over()  # another deck: played as at start-up
            self.watcher.switch_to(installed.deck)

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
            target = self.usb_target
            folder = self.resolve_folder() if self.resolve_folder else target
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
        if self.journey is not None:
            self.journey.detach()
        for part in (self.fleet, self.screens):
            if part is not None:
                part.stop()
        if self.recorder is not None:
            if self._errors is not None:
                logging.getLogger().removeHandler(self._errors)
            if self.plays is not None:
                self.plays.flush()
            self.recorder.close()
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
