"""The volunteer's journey, step by step: what a volunteer clicks, types and sees, from the
studio's first run to the booth's staff panel. Each step checks on screen (or in the files
the programs wrote) that it did what it should, and notes what a volunteer would trip on."""

from __future__ import annotations

import time
from pathlib import Path

from atspi import JourneyError, Screen, Want, Widget, until
from journey_pcs import PC
from xscreen import SCREEN, Desk

PIN = "2468"
BOOTH = "Riverside fair"
SOURCE_TITLE = "Trafficking in Persons Report 2024"
PUBLISHER = "U.S. Department of State"
IDLE = 60
STUDIO, KIOSK = "Kiosk Studio", "Awareness kiosk"  # the windows' titles (their start)
#: "Add a slide"'s menu, as it shows on screen.
ADD_MENU = ("Title", "Text", "Photo", "Quotation", "Figure", "List of sources",
            "Invitation with a QR code")


class Journey:
    """The steps, as a volunteer takes them; each checks on screen (or in the files the
    programs wrote) that it did what it should."""

    def __init__(self, desk: Desk, screen: Screen, stick: Path, shared: Path,
                 files: tuple[list[Path], Path]) -> None:
        self.desk, self.screen = desk, screen
        self.stick, self.shared = stick, shared
        self.photos, self.pdf = files

    # -- small moves
    def press(self, want: Want, window: str = "", timeout: float = 20) -> Widget:
        widget = self.screen.wait(want, window, timeout)
        self.desk.click(widget)
        return widget

    def fill(self, want: Want, text: str, window: str = "") -> None:
        """Click into a box, select what is in it, type."""
        self.press(want, window)
        self.desk.key("ctrl+a")
        self.desk.type(text)

    def choose_file(self, title: str, path: Path) -> None:
        """In Qt's file dialog: the path typed into its name box, then Enter."""
        self.screen.wait_window(title)
        self.screen.wait(Want(ident="fileNameEdit"), title)
        self.desk.type(str(path))
        self.desk.key("Return")
        self.screen.wait_gone(title)

    # -- PC 1
    def studio_from_menu(self, pc: PC) -> None:
        print("   " + pc.add_to_menu().replace("\n", "\n   "))
        pc.launch("awareness-kiosk-studio")
        self.screen.wait_window("Set up this booth", timeout=60)

    def first_run(self) -> None:
        title = "Set up this booth"
        self.press(Want(ident="booth-name"), title)
        self.desk.type(BOOTH)
        self.screen.wait(Want(name="Next", role="push button"), title)
        self.desk.key("Return")
        self.screen.wait(Want(ident="pin"), title)
        self.desk.type(PIN)
        self.desk.key("Tab")
        self.desk.type(PIN)
        self.desk.key("Return")
        self.press(Want(name="Into a shared folder", role="radio button"), title, timeout=30)
        self.press(Want(ident="folder-path"), title)
        self.desk.type(str(self.shared))
        self.press(Want(name="Send a test"), title)
        self.screen.wait(Want(start="It works."), title, timeout=40)
        self.desk.shot("first-run", _framed(self.screen.wait_window(title).box))
        self.press(Want(name="Next", role="push button"), title)
        self.press(Want(name="Start a new deck", role="radio button"), title, timeout=30)
        self.screen.wait(Want(start="An empty deck with one slide"), title)
        self.press(Want(name="Finish"), title)
        self.screen.wait_gone(title)
        window = self._wait_title("Kiosk decks")
        if window.box[2] != SCREEN[0]:
            self.desk.note(f"the studio opened {window.box[2]}x{window.box[3]}, not maximized")

    def _wait_title(self, words: str, timeout: float = 30) -> Widget:
        def studio() -> Widget | None:
            window = self.screen.window(STUDIO)
            return window if window is not None and words in window.name else None

        return until(studio, f"the studio's title to say '{words}'", timeout)

    def add_slide(self, kind: str, shows: Want) -> None:
        """"Add a slide", then the kind in its menu. (A button's pop-up menu is not on the
        accessibility bus: its items are reached with the arrow keys, in the order the menu
        shows them.) ``shows``: a field only that kind of slide has."""
        self.press(Want(name="Add a slide"), STUDIO)
        time.sleep(0.3)
        self.desk.key(*["Down"] * (ADD_MENU.index(kind) + 1), "Return")
        self.screen.wait(shows, STUDIO)

    def photos_in(self) -> None:
        captions = ("The river at dawn", "Our market stall", "The lotus pond")
        for photo, caption in zip(self.photos, captions, strict=True):
            self.add_slide("Photo", Want(ident="caption-en", role="text"))
            self.press(Want(ident="choose-image"), STUDIO)
            self.choose_file("Choose a photo", photo)
            self.screen.wait_text(Want(ident="image", role="text"), STUDIO,
                                  lambda held: held.startswith("images/"),
                                  f"the photo {photo.name} in the slide")
            self.fill(Want(ident="caption-en", role="text"), caption, STUDIO)

    def pdf_in(self) -> None:
        self.press(Want(name="Slides from a PDF…"), STUDIO)
        self.choose_file("Slides from a presentation", self.pdf)
        # Its pages become slides at the end of the deck; the first of them is chosen.
        self.screen.wait_text(Want(ident="image", role="text"), STUDIO,
                              lambda held: held.startswith(f"images/{self.pdf.stem}-1"),
                              "the PDF's first page, chosen in the slide list", 60)

    def figure(self) -> None:
        """At the end of the deck: the last slide chosen first (End, in the slide list)."""
        items = self.screen.find_all(Want(role="list item"), STUDIO)
        self.desk.click(items[0])
        self.desk.key("End")
        self.add_slide("Figure", Want(ident="figure-en", role="text"))
        self.press(Want(ident="add-source"), STUDIO)
        self.new_source()
        self.press(Want(name="This slide", role="page tab"), STUDIO)
        self.fill(Want(ident="figure-en", role="text"), "1 in 4", STUDIO)
        self.fill(Want(ident="label-en", role="text"),
                  "people trafficked in the region are children.", STUDIO)
        source = self.screen.wait(Want(ident="source", role="combo box"), STUDIO)
        if SOURCE_TITLE not in source.name:
            self.desk.note(f"back on 'This slide', the figure's Source box shows "
                           f"'{source.name}', not the title just typed on 'The deck' "
                           "(the deck itself has the new title)")
            self.desk.shot("stale-source")
        if not self.status_says("Ready for the booth"):
            self.desk.note(f"with the figure and its source typed, the studio says "
                           f"'{self.status()}', not 'Ready for the booth'")

    def new_source(self) -> None:
        """On the deck's tab, the new source's row: its title open for typing, then (Tab)
        its publisher. Both start empty: until they are typed the deck is not ready."""
        self.screen.wait(Want(name="Sources", role="label"), STUDIO)
        if not self.status_says("not ready for the booth"):
            self.desk.note(f"with the new source's title and publisher empty, the studio "
                           f"says '{self.status()}'")
        time.sleep(0.3)
        self.desk.type(SOURCE_TITLE)  # (into the empty title, already open for typing)
        self.desk.key("Tab")  # on to the next column, Publisher, open for typing too
        self.desk.type(PUBLISHER)
        self.desk.key("Return")
        for words in (SOURCE_TITLE, PUBLISHER):
            self.screen.wait(Want(name=words, role="cell"), STUDIO)

    def status(self) -> str:
        """The studio's status line, under the preview ("Ready for the booth", ...)."""
        found = self.screen.find_all(Want(ident="status"), STUDIO)
        return found[0].name if found else ""

    def status_says(self, words: str, timeout: float = 10) -> bool:
        """Whether the studio's status line comes to hold ``words``."""
        try:
            until(lambda: words in self.status(), f"the status to say '{words}'", timeout)
        except JourneyError:
            return False
        return True

    def idle_time(self) -> None:
        self.press(Want(name="The kiosk", role="page tab"), STUDIO)
        self.fill(Want(ident="idle_seconds"), str(IDLE), STUDIO)
        self.desk.key("Tab")

    def save_and_copy(self) -> None:
        self.desk.key("ctrl+s")
        self.screen.wait(Want(start="Saved in"), STUDIO, timeout=30)
        until(lambda: not self.screen.wait_window(STUDIO).name.startswith("●"),
              "the title without its unsaved mark", 20)
        self._check_saved(Path(self._wait_title("Kiosk decks").name.split(" — ", 1)[1]))
        self.press(Want(name="This slide", role="page tab"), STUDIO)
        self.desk.click(self.screen.find_all(Want(role="list item"), STUDIO)[1])
        time.sleep(1)  # the first photo, as the booth will show it
        self.desk.shot("studio")
        self.press(Want(name="Copy to USB stick…", role="push button"), STUDIO)
        time.sleep(0.5)  # the sticks found pop up under the pointer; the first is ours
        self.desk.key("Down", "Return")
        dialog = self.screen.wait_window("What goes on the stick")
        self.screen.wait(Want(ident="contents", start=f"To {self.stick}"), dialog.name)
        self.desk.shot("stick", _framed(self.screen.wait_window("What goes on the stick").box))
        self.press(Want(ident="stick-copy"), dialog.name)
        self.screen.wait(Want(start="Copied to"), STUDIO, timeout=60)
        self.desk.shot("studio-copied")

    def _check_saved(self, deck: Path) -> None:
        """The saved deck.yaml holds every slide, and the source's title and publisher."""
        text = (deck / "deck.yaml").read_text(encoding="utf-8")
        slides = text.count("- type:")
        lacks = [words for words in (SOURCE_TITLE, PUBLISHER) if words not in text]
        if slides != 1 + len(self.photos) + 4 + 1 or lacks:
            raise JourneyError(f"the saved {deck / 'deck.yaml'} has {slides} slides"
                               + "".join(f", and no '{words}'" for words in lacks))
        print(f"   saved: {deck / 'deck.yaml'}, {slides} slides")

    def close_studio(self) -> None:
        self.desk.key("ctrl+w")
        self.screen.wait_gone(STUDIO)
        until(lambda: not self.screen.app_pids(), "the studio's end", 20)

    # -- PC 2
    def kiosk_from_menu(self, pc: PC) -> None:
        print("   " + pc.add_to_menu().replace("\n", "\n   "))
        pc.launch("awareness-kiosk")
        self.screen.wait_window(KIOSK, timeout=60)
        time.sleep(1.5)  # the first slide fades in
        self.full_screen("with no staff PIN yet")

    def full_screen(self, when: str) -> Widget:
        """The kiosk's window, noted unless it fills the screen."""
        window = self.screen.wait_window(KIOSK)
        if window.box[2:] != SCREEN:
            self.desk.note(f"{when}, the booth plays in a {window.box[2]}x{window.box[3]} "
                           "window, not full screen")
        return window

    def load_setup(self) -> None:
        """Esc, as README-FIRST.txt says: with no PIN yet, the first steps."""
        self.desk.key("Escape")
        self.press(Want(ident="load-setup"), KIOSK)
        self.press(Want(ident="deck"), KIOSK, timeout=30)
        use = self.screen.wait(Want(ident="use-deck"), KIOSK, timeout=60)
        if use.name != "Use slides and set-up":
            raise JourneyError(f"the picker offers '{use.name}', not the slides with the "
                               "booth's set-up")
        self.desk.shot("booth-setup", self.screen.wait_window(KIOSK).box)
        self.desk.click(use)
        self.screen.wait(Want(name="PIN from the stick"), KIOSK)
        self.desk.type(PIN)
        self.desk.key("Return")
        # The staff panel lies under the picker all along: it is there for staff once the
        # picker and its pad have gone.
        self.screen.wait_gone_widget(Want(ident="use-deck"), KIOSK, 30)
        self.press(Want(ident="lock"), KIOSK)

    def slides_play(self) -> None:
        window = self.screen.wait_window(KIOSK)
        time.sleep(2.5)
        self.desk.shot("booth-welcome", window.box)
        time.sleep(9)  # the loop moves on by itself: the first photo
        self.desk.shot("booth-slides", window.box)
        for _press in range(8):  # a visitor's keys: one wakes it, seven on to the figure
            self.desk.key("Right")
            time.sleep(1.2)  # (a slide's move takes its time: keys meanwhile are not kept)
        self.desk.shot("booth-figure", window.box)

    def staff_panel(self, pc: PC) -> None:
        self.open_panel()
        if self.screen.find_all(Want(start="No sync target is set"), KIOSK):
            self.desk.note("the panel says 'No sync target is set' while kiosk.yaml, from "
                           "the stick, sends messages to a folder (until a Restart)")
        self.desk.shot("staff-panel", self.screen.wait_window(KIOSK).box)
        settings = (pc.config / "awareness-kiosk" / "kiosk.yaml").read_text(encoding="utf-8")
        if f"idle_seconds: {IDLE}" not in settings:
            raise JourneyError(f"the booth's kiosk.yaml has no 'idle_seconds: {IDLE}':\n"
                               f"{settings}")
        print(f"   the booth's kiosk.yaml says idle_seconds: {IDLE}")

    def restart(self) -> None:
        """"Tap Restart to use all of it", as the panel says (the set-up's way out for the
        messages); the booth comes back full screen, and the staff corner opens the panel."""
        before = self.screen.wait_window(KIOSK)
        self.press(Want(ident="restart"), KIOSK)
        self.press(Want(ident="confirm-yes"), KIOSK)
        def again() -> Widget | None:  # (a new process: another name on the bus)
            found = self.screen.window(KIOSK)
            return found if found is not None and found.node.bus != before.node.bus else None

        until(again, "the kiosk to come back after Restart", 60)
        time.sleep(2)
        self.desk.shot("booth-restarted", self.full_screen("after Restart").box)
        self.open_panel(corner=True)
        if self.screen.find_all(Want(start="No sync target is set"), KIOSK):
            self.desk.note("after Restart the panel still says 'No sync target is set'")
        self.desk.shot("staff-panel-restarted", self.screen.wait_window(KIOSK).box)

    def open_panel(self, corner: bool = False) -> None:
        """Ctrl+Alt+S (or the staff corner: the top-left corner held 3 s), and the PIN."""
        if corner:
            self.desk.hold(self.screen.wait_window(KIOSK), 3.5)
        else:
            self.desk.key("ctrl+alt+s")
        self.screen.wait(Want(name="Enter the staff PIN."), KIOSK)
        self.desk.type(PIN)
        self.desk.key("Return")
        self.screen.wait(Want(ident="lock"), KIOSK, timeout=30)
        time.sleep(1)

    def close_kiosk(self) -> None:
        self.press(Want(ident="exit", name="Exit kiosk"), KIOSK)
        self.press(Want(ident="confirm-yes"), KIOSK)
        self.screen.wait_gone(KIOSK)


def _framed(box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """A dialog's inside, with openbox's title bar and border round it."""
    x, y, w, h = box
    return max(0, x - 2), max(0, y - 34), w + 4, h + 36

