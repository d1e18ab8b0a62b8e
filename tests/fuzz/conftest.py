"""The fuzzing's tally (tests/fuzz/tally.py), offered to the fuzz tests as a fixture."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from .tally import TALLY, TALLY_KEY, Tally

# Hypothesis keeps caches in ./.hypothesis by default: not in the project.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "mieux-hypothesis")


@pytest.fixture
def tally() -> Tally:
    return TALLY


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A parallel run's worker hands its tally to the run (printed by tests/conftest.py)."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[TALLY_KEY] = TALLY.dump()
