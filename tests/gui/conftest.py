"""The GUI tests: every control they press is recorded for the census (test_zz_census.py),
which runs last; every studio a test made is checked, as the test ends, to know its deck's
text as its last step to undo keeps it."""

from __future__ import annotations

import difflib
import weakref
from collections.abc import Iterator

import pytest

from tests.gui import census


@pytest.fixture(autouse=True, scope="session")
def _census(qapp):  # type: ignore[no-untyped-def]
    census.install()
    yield


@pytest.fixture(autouse=True)
def _census_counts(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """A monkey's random presses prove nothing about a control: they are not counted."""
    census.RECORDING[0] = "monkey" not in request.node.path.name
    yield
    census.RECORDING[0] = True


@pytest.fixture(autouse=True)
def _studio_text_kept(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Saving, the recovery copy and the watch for other programs' changes read the deck's
    text from the last step to undo instead of writing the deck out again: each change must
    be a step (Studio.record), or they would read an older deck."""
    from kiosk.studio.controller import Studio

    made: list[weakref.ref[Studio]] = []
    build = Studio.__init__

    def kept(self: Studio, *args: object, **kwargs: object) -> None:
        build(self, *args, **kwargs)  # type: ignore[arg-type]
        made.append(weakref.ref(self))

    monkeypatch.setattr(Studio, "__init__", kept)
    yield
    from shiboken6 import isValid

    for ref in made:
        studio = ref()
        if studio is None or not isValid(studio.undo_stack):  # (closed and let go)
            continue
        document = studio.document  # (typing so far becomes a step)
        if document is not None:
            now = document.text()
            assert now == studio.text, "a change to the deck was no step to undo:\n" + "".join(
                difflib.unified_diff(studio.text.splitlines(True), now.splitlines(True)))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The census counts what every other test pressed: it goes last."""
    items.sort(key=lambda item: "census" in item.path.name)
