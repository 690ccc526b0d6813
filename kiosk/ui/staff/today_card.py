"""Today at a glance on the staff panel: visits, their median length, messages, the slides
that held visitors longest, and whether the loop played without gaps."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QWidget

from kiosk.staff.words import number, text
from kiosk.ui.common.widgets import ElidedLabel
from kiosk.ui.staff.parts import new_card

#: Each figure, and its caption's staff word.
FIGURES = (("visits", "visits"), ("median", "median_visit"), ("messages", "messages_today"),
           ("loop", "in_the_loop"))


def duration(seconds: float, language: str = "en", digits: bool = False) -> str:
    """'42 s', '7 min', '1.5 h' in ``language`` (``digits``: in its own digits)."""
    if seconds < 90:
        return text("seconds", language, round(seconds), digits)
    if seconds < 5400:
        return text("minutes", language, round(seconds / 60), digits)
    return text("hours", language, round(seconds / 3600, 1), digits)


def loop_words(glance: dict[str, Any], language: str = "en", digits: bool = False) -> str:
    if not glance["loop_played_s"]:
        return text("not_yet", language)
    if not glance["loop_gaps"]:
        return text("no_gaps", language)
    return text("gaps", language, glance["loop_gaps"], digits,
                time=duration(glance["loop_gaps_s"], language, digits))


class Figures(QWidget):
    """The four figures: on one line where they fit, else two a line (always two when
    ``compact``: in the landscape header). A Khmer panel's words are longer than English."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(28)
        self.grid.setVerticalSpacing(0)
        self.pairs: list[QWidget] = []
        self.compact = False
        self.columns = 0

    def set_compact(self, compact: bool) -> None:
        self.compact = compact
        # (in a line of its own, any width is taken; in the header, its own width)
        wide = QSizePolicy.Policy.Preferred if compact else QSizePolicy.Policy.Ignored
        self.setSizePolicy(wide, QSizePolicy.Policy.Preferred)
        self.arrange()

    def arrange(self) -> None:
        """Four columns or two, for the width it has and what the figures say now."""
        need = sum(p.sizeHint().width() for p in self.pairs) + 3 * self.grid.horizontalSpacing()
        columns = 2 if self.compact or need > self.width() else 4
        if columns == self.columns:
            return
        self.columns = columns
        for pair in self.pairs:
            self.grid.removeWidget(pair)
        for n, pair in enumerate(self.pairs):
            self.grid.addWidget(pair, n // columns, n % columns)
        for column in range(4):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # (a figure's words, font or gaps)
            self.arrange()
        return super().event(event)


class TodayCard:
    """Builds the card: "Today", four figures, and the slides that held visitors longest.
    The panel places ``card``; compact (two figures a line, no heading) fits its header."""

    def __init__(self, parent: QWidget) -> None:
        self.card, self.layout = new_card(parent, "")
        heading = self.card.findChild(QLabel, "heading")
        assert heading is not None
        self.heading: QLabel = heading
        self.compact = False
        self.language = "en"
        self.digits = False  # numbers in the language's own digits
        self.off = False
        self._glance: dict[str, Any] | None = None
        self._titles: dict[str, str] = {}
        self._long: list[str] | None = None  # the slides that held visitors longest
        self._short: list[str] = []
        self.figures = Figures(self.card)
        self.lines: list[QHBoxLayout] = []
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        for key, _caption in FIGURES:
            pair = QWidget(self.figures)
            line = QHBoxLayout(pair)
            line.setContentsMargins(0, 0, 0, 0)
            value = QLabel("–", pair)
            value.setObjectName("figure")
            label = QLabel(pair)
            label.setObjectName("muted")
            self.captions[key] = label
            line.addWidget(value, 0, Qt.AlignmentFlag.AlignBaseline)
            line.addWidget(label, 0, Qt.AlignmentFlag.AlignBaseline)
            line.addStretch(1)
            self.figures.pairs.append(pair)
            self.lines.append(line)
            self.values[key] = value
        self.layout.addWidget(self.figures)
        self.held = ElidedLabel(self.card, Qt.TextElideMode.ElideRight)
        self.held.setObjectName("muted")
        self.layout.addWidget(self.held)
        self.set_compact(False)
        self.set_language("en")

    def set_compact(self, compact: bool) -> None:
        """Compact: no heading, two figures a line, and the last line says it is today."""
        self.compact = compact
        self.heading.setVisible(not compact)
        self.figures.set_compact(compact)
        self._show_held()

    def scale(self, u: float) -> None:
        """Gaps that grow with the screen, as the text does."""
        self.figures.grid.setHorizontalSpacing(round(28 * u))
        for line in self.lines:
            line.setSpacing(round(10 * u))

    def set_language(self, language: str, digits: bool = False) -> None:
        """The kiosk's language: the heading, the captions and what the figures say
        (``digits``: numbers in its own digits)."""
        self.language, self.digits = language, digits
        self.heading.setText(text("today", language))
        for key, caption in FIGURES:
            self.captions[key].setText(text(caption, language))
        if self._glance is not None:
            self.set_glance(self._glance, self._titles)
        else:
            self.set_off(self.off)

    def set_off(self, off: bool) -> None:
        """Analytics turned off in the settings: say so rather than show zeros."""
        self.off, self._glance = off, None
        for value in self.values.values():
            value.setText("–")
        self.held.set_full_text(text("analytics_off", self.language) if off else "")

    def set_glance(self, glance: dict[str, Any], titles: dict[str, str]) -> None:
        self._glance, self._titles = glance, titles
        language, digits = self.language, self.digits
        self.values["visits"].setText(number(glance["visits"], language, digits))
        self.values["median"].setText(duration(glance["median_visit_s"], language, digits)
                                      if glance["visits"] else "–")  # (no visit: no length)
        self.values["messages"].setText(number(glance["messages"], language, digits))
        self.values["loop"].setText(loop_words(glance, language, digits))
        self._long = [f"{titles.get(s, s)} ({duration(d, language, digits)})"
                      for s, d in glance["longest_dwell"]]
        self._short = [titles.get(s, s) for s, _ in glance["longest_dwell"]]
        self._show_held()

    def _show_held(self) -> None:
        if self._long is None:
            return
        language = self.language
        if not self._long:
            self.held.set_full_text(text("no_visits_today" if self.compact else "no_visits",
                                         language))
        elif self.compact:
            self.held.set_full_text(text("held_today", language, slides=", ".join(self._short)))
        else:
            self.held.set_full_text(text("held", language, slides=";  ".join(self._long)))
