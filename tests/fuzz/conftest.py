"""The fuzzing's tally: how many cases ran against which form, and how many server errors.

Printed at the end of the run ("fuzz: 1,843 cases, 0 server errors"), so a report can say
how hard the forms were tried, not only that the tests passed.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps caches in ./.hypothesis by default: not in the project.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "mieux-hypothesis")


@dataclass
class Tally:
    cases: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: int = 0

    def record(self, form: str, status: int | None) -> None:
        """One case sent to ``form``; ``status`` None means the view raised."""
        self.cases[form] += 1
        if status is None or status >= 500:
            self.server_errors += 1
        else:
            self.statuses[status] += 1


TALLY = Tally()


@pytest.fixture
def tally() -> Tally:
    return TALLY


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TALLY.cases:
        return
    total = sum(TALLY.cases.values())
    terminalreporter.section("form fuzzing")
    for form, count in sorted(TALLY.cases.items()):
        terminalreporter.write_line(f"  {form:<28} {count:>6,} cases")
    statuses = ", ".join(f"{code}: {n:,}" for code, n in sorted(TALLY.statuses.items()))
    terminalreporter.write_line(f"  responses by status: {statuses}")
    terminalreporter.write_line(
        f"fuzz: {total:,} cases over {len(TALLY.cases)} forms, {TALLY.server_errors} server errors"
    )
