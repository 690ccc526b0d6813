"""Format numbers of the files people keep (deck.yaml here; kiosk.yaml in
:mod:`kiosk.setup.config_formats`): each file says which format it is written in (``format: 1``;
a file without the key is format 1). A file of an older format is upgraded as it is read,
one small step per format, in order; a file newer than this kiosk understands is refused in
words that say which kiosk it needs. No Qt here.

A step is a function from the data of format N (as YAML gives it: maps, lists, text) to the
data of format N + 1. It changes the map it is given in place and returns it, so that Kiosk
Studio, which edits the author's own file, keeps the comments around what the step did not
touch. Adding a format is: write its step, append it to the file's list of steps, and add
the kiosk version that first reads it to the file's table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from kiosk import __version__
from kiosk.content.kinds import Context, Kind
from kiosk.content.problems import Problems
from kiosk.content.yamlpos import Located, Path_

#: The key that carries a file's format number (deck.yaml's ``version`` is the content's).
FORMAT_KEY = "format"

Step = Callable[[Any], Any]


class FormatError(ValueError):
    """A file whose format number cannot be read, or that is newer than this kiosk reads;
    the message is for the person who has the file."""

    def __init__(self, message: str, newer: bool) -> None:
        super().__init__(message)
        self.newer = newer


@dataclass
class FileFormat:
    """One kind of file's formats: its upgrade steps, and the kiosk that reads each."""

    name: str  # as the refusal says it: "deck format 2"
    subject: str  # "This deck"
    #: ``steps[n - 1]`` upgrades format n to n + 1; they are applied in order.
    steps: list[Step] = field(default_factory=list)
    #: Each format, and the first kiosk version that reads it.
    first_kiosk: dict[int, str] = field(default_factory=dict)

    @property
    def current(self) -> int:
        """The format this kiosk reads and writes."""
        return len(self.steps) + 1

    def too_new(self, found: int, program: str = "kiosk") -> str:
        """The refusal of a file of format ``found`` (newer than ``current``), in words."""
        the = "the " if program.islower() else ""
        needed = self.first_kiosk.get(found)
        update = (f"to {needed} or later" if needed else f"to a version after {__version__}")
        return (f"{self.subject} was made for a newer {program} ({self.name} format {found}; "
                f"this {program} reads up to {self.current}): update {the}{program} {update}")

    def upgraded(self, found: int) -> str:
        """What saving a file of the older format ``found`` does, in words (for the person
        who saves it: booths with an older kiosk no longer read it then)."""
        return (f"{self.subject} was written in {self.name} format {found}: it is saved in "
                f"format {self.current}, which kiosks {self.first_kiosk[self.current]} and "
                "later read")

    def found(self, data: Mapping[str, Any], program: str = "kiosk") -> int:
        """The format ``data`` is written in; :class:`FormatError` when its number is none
        or newer than this kiosk reads."""
        value = data.get(FORMAT_KEY)
        if value is None:
            return 1
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise FormatError(f"'{FORMAT_KEY}' must be a whole number such as {self.current} "
                              f"(the {self.name} format; this {program} reads up to "
                              f"{self.current})", newer=False)
        if value > self.current:
            raise FormatError(self.too_new(value, program), newer=True)
        return value

    def upgrade(self, data: Any, found: int) -> Any:
        """``data`` of format ``found`` upgraded, step by step, to the current format (and
        saying so in its format key)."""
        if found == self.current:
            return data
        for step in self.steps[found - 1:]:
            data = step(data)
        data[FORMAT_KEY] = self.current
        return data

    def read(self, data: Any, located: Located, at: Path_, problems: Problems) -> Any:
        """``data`` (found at ``at`` in ``located``) upgraded to the current format; None,
        with an error at its format key, when it cannot be read. Anything but a map is
        given back as it is (its own check says what is wrong)."""
        if not isinstance(data, MutableMapping):
            return data
        try:
            return self.upgrade(data, self.found(data))
        except FormatError as exc:
            place = (*at, FORMAT_KEY)
            problems.error(located.key_at(place) if exc.newer else located.at(place), str(exc))
            return None


class FormatNumber(Kind):
    """The ``format`` key, as a file's declaration and the JSON Schema show it. Its value is
    read (and the file upgraded) by :meth:`FileFormat.read` before anything else."""

    def __init__(self, formats: FileFormat) -> None:
        self.formats = formats

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": 1, "maximum": self.formats.current}


# ---------------------------------------------------------------- deck.yaml
#: deck.yaml's formats. No step yet: every deck so far is format 1.
DECK_FORMAT = FileFormat("deck", "This deck", steps=[], first_kiosk={1: "0.1.0"})
