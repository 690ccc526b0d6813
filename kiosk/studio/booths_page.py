"""The Booths page: a window of its own (File › The booths…) with one row per booth of the
fleet: its screenshot, when it was last heard from, the version it plays, its messages and
its problems in plain words, read on a worker when it opens and at each Refresh."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from kiosk.fleet.layout import FleetError
from kiosk.studio.a11y import name_form
from kiosk.studio.booth_rows import PICTURE, BoothRow, Gathered, gather
from kiosk.studio.fleet_choices import Known, Remembered, fleet_key, known, remember
from kiosk.studio.fleet_dialogs import PathRow, words
from kiosk.studio.table_page import headed, headed_table
from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
COLUMNS = ("Screen", "Booth", "Last seen", "Plays", "Messages", "Problems")
PROBLEM, WELL, QUIET = QColor("#a33a2c"), QColor("#24693a"), QColor("#5b6570")
FIRST_SIZE = QSize(1280, 720)


def local_now() -> datetime:
    return datetime.now().astimezone()


class BoothsPage(QWidget):
    """``refreshed`` once the rows are shown anew (or the page said why it cannot be)."""

    refreshed = Signal()

    def __init__(self, parent: QWidget, runner: TaskRunner, config: Path, data_dir: Path,
                 clock: Clock = local_now) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("booths-page")
        self.setWindowTitle("Booths — Kiosk Studio")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("QWidget#booths-page { background: #f4f1ec; }")
        self.runner, self.config, self.data_dir, self.clock = runner, config, data_dir, clock
        self.known: Known | None = None
        self.looking = False
        self.again = False  # asked to look again while a look was on its way
        layout = headed(self, "Booths")
        layout.addLayout(self._choices())
        self.summary = words(self, "", "hint")
        layout.addWidget(self.summary)
        self.table = self._table()
        layout.addWidget(self.table, 1)
        self.resize(FIRST_SIZE.boundedTo(self.screen().availableGeometry().size()))

    def _choices(self) -> QHBoxLayout:
        row = QHBoxLayout()
        form = QFormLayout()
        self.folder = PathRow(self, "booths-folder", "The fleet's shared folder", True,
                              "the folder made with Make a fleet")
        self.key = PathRow(self, "booths-key", "The file with the fleet key", False,
                           "the file the fleet key was saved in")
        form.addRow("Shared folder", self.folder)
        form.addRow("Fleet key", self.key)
        name_form(form)
        row.addLayout(form, 1)
        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.setObjectName("refresh")
        row.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.refresh_button.clicked.connect(self.refresh)
        self.folder.chosen.connect(lambda text: self._chosen(folder=text))
        self.key.chosen.connect(lambda text: self._chosen(key_file=text))
        return row

    def _table(self) -> QTableWidget:
        table = headed_table(self, COLUMNS, "Booths", "One booth a line, with how it is doing")
        table.setObjectName("booths")
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setIconSize(PICTURE)
        table.setWordWrap(True)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(PICTURE.height() + 16)
        header = table.horizontalHeader()
        for column, width in enumerate((PICTURE.width() + 16, 150, 200, 200, 150)):
            table.setColumnWidth(column, width)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        table.setStyleSheet("QTableWidget { background: white; font-size: 14px; }")
        return table

    # ---------------------------------------------------------------- looking
    def start(self) -> None:
        """Show the page and look at the fleet (the choices are read first, on a worker)."""
        self.show()
        self.raise_()
        self.activateWindow()
        if self.known is not None:
            self.refresh()
            return
        config, data_dir = self.config, self.data_dir
        self._say("Reading the studio's choices…")
        self.runner.run(lambda: known(config, data_dir), done=self._known,
                        failed=self._failed)

    def _known(self, found: Known) -> None:
        self.known = found
        self.folder.edit.setText(found.remembered.folder)
        self.key.edit.setText(found.remembered.key_file)
        self.refresh()

    def _chosen(self, **choice: str) -> None:
        """A folder or key file chosen here: kept for next time (and for Publish), looked at."""
        if self.known is None or all(getattr(self.known.remembered, name) == value
                                     for name, value in choice.items()):
            return
        data_dir = self.data_dir
        self.runner.run(lambda: remember(data_dir, **choice), done=self._remembered,
                        failed=self._remembered)

    def _remembered(self, remembered: Remembered | BaseException) -> None:
        if isinstance(remembered, BaseException):
            log.warning("the fleet choices were not kept: %s", remembered)
        elif self.known is not None:
            self.known = replace(self.known, remembered=remembered)
        self.refresh()

    def refresh(self) -> None:
        """Look at the fleet again, on a worker (one look at a time: asked meanwhile, it looks
        again once the one on its way is back)."""
        known_, folder, key_file = self.known, self.folder.text(), self.key.text()
        self.again = self.looking
        if known_ is None or self.looking:
            return
        if not folder:
            self._say("Choose the fleet's shared folder (the one made with Make a fleet).")
            self.refreshed.emit()
            return
        self.looking = True
        self.refresh_button.setEnabled(False)
        config, now = self.config, self.clock()

        def work() -> Gathered:
            fleet = Path(folder).expanduser()
            return gather(fleet, fleet_key(key_file, config, fleet), known_.alerts,
                          known_.thresholds, now)

        self._say(f"Looking at {folder}…")
        self.runner.run(work, done=self._show, failed=self._failed)

    def _back(self) -> bool:
        """A look is back: False when another one was asked for meanwhile (it starts)."""
        self.looking = False
        self.refresh_button.setEnabled(True)
        if self.again:
            self.refresh()
            return False
        return True

    def _failed(self, error: BaseException) -> None:
        if not self._back():
            return
        if isinstance(error, FleetError | OSError | ValueError):
            log.warning("the booths cannot be shown: %s", error)
        else:
            log.error("the booths cannot be shown", exc_info=error)
        self.table.setRowCount(0)
        self._say(f"The booths cannot be shown: {error}", problem=True)
        self.refreshed.emit()

    def _say(self, text: str, problem: bool = False) -> None:
        self.summary.setObjectName("problem" if problem else "hint")
        self.summary.setText(text)
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)

    # ---------------------------------------------------------------- showing
    def _show(self, gathered: Gathered) -> None:
        if not self._back():
            return
        rows = gathered.rows
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            self._fill(number, row)
        self._say(summary(gathered))
        self.refreshed.emit()

    def _fill(self, number: int, row: BoothRow) -> None:
        picture = QTableWidgetItem("" if row.picture is not None else row.picture_note)
        if row.picture is not None:
            picture.setData(Qt.ItemDataRole.DecorationRole, QPixmap.fromImage(row.picture))
            picture.setToolTip(row.picture_note)
        picture.setForeground(QUIET)
        cells = [picture, _item(row.kiosk_id), _item(row.seen),
                 _item(row.plays + (f"\n{row.coming}" if row.coming else "")),
                 _item(row.waiting), _problems(row)]
        for column, item in enumerate(cells):
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(number, column, item)


def _item(text: str) -> QTableWidgetItem:
    return QTableWidgetItem(text)


def _problems(row: BoothRow) -> QTableWidgetItem:
    """Each problem on a line, in the studio's red; "All well" in its green."""
    if not row.troubles:
        item = _item("All well" if row.trusted else "no status file yet")
        item.setForeground(WELL if row.trusted else QUIET)
        return item
    item = _item("\n".join(t.detail + (f": {t.why}" if t.why else "") for t in row.troubles))
    item.setForeground(PROBLEM)
    item.setToolTip("\n".join(
        f"{t.detail}: " + (f"{t.why}. " if t.why else "")
        + ("Staff were e-mailed." if t.told else "Not e-mailed (yet).") for t in row.troubles))
    return item


def summary(gathered: Gathered) -> str:
    """'Fleet “Mission booths”: 2 booths, 1 needs help. Looked at 10:02.' and any notes."""
    rows = gathered.rows
    if not rows:
        return (f"Fleet “{gathered.fleet.name}”: no booth has written to the shared folder "
                "yet. A booth set up with this folder and the key writes within a minute.")
    needing = [r.kiosk_id for r in rows if r.troubles]
    said = (f"Fleet “{gathered.fleet.name}”: {len(rows)} booth{'s' if len(rows) > 1 else ''}, "
            + (f"{len(needing)} need{'s' if len(needing) == 1 else ''} help"
               if needing else "all well")
            + f". Looked at {gathered.looked:%H:%M}.")
    return " ".join([said, *gathered.notes])
