"""Python's cycle collector, run on the GUI thread only.

Left to itself the collector runs on whichever thread happens to allocate, so a reference
cycle that holds a Qt object (a widget, an animation) could be destroyed on a worker thread,
which Qt does not allow and which crashes later in odd places. Here automatic collection is
off and a timer on the GUI thread collects, generation by generation, as the thresholds say.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadCollector(QObject):
    def __init__(self, interval_ms: int = 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        first, second, third = gc.get_count()
        if first > self.threshold[0]:
            generation = 0
            if second > self.threshold[1]:
                generation = 1
                if third > self.threshold[2]:
                    generation = 2
            gc.collect(generation)
