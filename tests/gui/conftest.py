"""The GUI tests: every control they press is recorded for the census (test_zz_census.py),
which runs last."""

from __future__ import annotations

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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The census counts what every other test pressed: it goes last."""
    items.sort(key=lambda item: "census" in item.path.name)
