"""A problem found in a content folder, reported as ``path:line:column: error: message``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.messages.message import one_line


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def __post_init__(self) -> None:
        # A message may quote the file (a key, a value): what a hostile file holds never
        # reaches a terminal or a label as escape sequences or control characters.
        object.__setattr__(self, "message", one_line(self.message, 2000))
        object.__setattr__(self, "path", one_line(self.path, 1000))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"


@dataclass(frozen=True)
class Where:
    """A place in a file (1-based line and column)."""

    path: str
    line: int = 1
    column: int = 1


class Problems:
    """Collects problems as validation walks a deck."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, at: Where, message: str) -> None:
        self.items.append(Problem(at.path, at.line, at.column, Severity.ERROR, message))

    def warning(self, at: Where, message: str) -> None:
        self.items.append(Problem(at.path, at.line, at.column, Severity.WARNING, message))

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.items)

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (p.path, p.line, p.column))
