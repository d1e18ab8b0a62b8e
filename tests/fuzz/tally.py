"""The fuzzing's tally: how many cases ran against which form, and how many server errors.

Printed at the end of the run ("fuzz: 1,843 cases, 0 server errors"), so a report can say
how hard the forms were tried, not only that the tests passed. In a parallel run each worker
counts its own cases and hands them to the run at its end (tests/conftest.py adds them up).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pytest

TALLY_KEY = "fuzz_tally"


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

    def dump(self) -> dict[str, object]:
        """What a worker sends to the run (plain types: it crosses a process boundary)."""
        return {
            "cases": dict(self.cases),
            "statuses": dict(self.statuses),
            "server_errors": self.server_errors,
        }

    def merge(self, dumped: dict | None) -> None:
        if not dumped:
            return
        self.cases.update(dumped["cases"])
        self.statuses.update(dumped["statuses"])
        self.server_errors += dumped["server_errors"]

    def summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.cases:
            return
        total = sum(self.cases.values())
        terminalreporter.section("form fuzzing")
        for form, count in sorted(self.cases.items()):
            terminalreporter.write_line(f"  {form:<28} {count:>6,} cases")
        statuses = ", ".join(f"{code}: {n:,}" for code, n in sorted(self.statuses.items()))
        terminalreporter.write_line(f"  responses by status: {statuses}")
        terminalreporter.write_line(
            f"fuzz: {total:,} cases over {len(self.cases)} forms, "
            f"{self.server_errors} server errors"
        )


TALLY = Tally()
