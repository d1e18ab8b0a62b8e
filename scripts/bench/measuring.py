"""Users in threads running a step in a loop; the samples inside the window, percentiles."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.client import Browser, Response


@dataclass
class Sample:
    started: float
    ms: float
    status: int
    ok: bool


@dataclass
class Result:
    name: str
    seconds: float
    samples: list[Sample] = field(default_factory=list)
    flows: int = 0  # whole submit flows completed inside the window

    @property
    def count(self) -> int:
        return len(self.samples)

    @property
    def rate(self) -> float:
        return self.count / self.seconds

    def percentile(self, p: float) -> float:
        values = sorted(s.ms for s in self.samples)
        if not values:
            return float("nan")
        return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

    @property
    def server_errors(self) -> int:
        return sum(1 for s in self.samples if s.status == 0 or s.status >= 500)

    @property
    def unexpected(self) -> int:
        return sum(1 for s in self.samples if not s.ok)


# A step of a user: issues one or more requests and says whether each was as expected.
Step = Callable[[Browser, int], list[tuple[Response, bool]]]


def measure(
    name: str, browsers: list[Browser], step: Step, warmup: float, seconds: float
) -> Result:
    """Every user runs `step` in a loop; requests started in the window are counted."""
    result = Result(name, seconds)
    lock = threading.Lock()
    start = time.perf_counter() + 0.2
    window_start, window_end = start + warmup, start + warmup + seconds

    def user(n: int, browser: Browser) -> None:
        mine: list[Sample] = []
        flows = 0
        for i in itertools.count(n * 100_003):
            now = time.perf_counter()
            if now >= window_end:
                break
            if now < start:
                time.sleep(start - now)
            began = time.perf_counter()
            t = began
            outcomes = step(browser, i)
            complete = True
            for response, ok in outcomes:
                if t >= window_start and t + response.ms / 1000 <= window_end:
                    mine.append(Sample(t, response.ms, response.status, ok))
                else:
                    complete = False
                t += response.ms / 1000
            if complete and began >= window_start and all(ok for _r, ok in outcomes):
                flows += 1
        with lock:
            result.samples += mine
            result.flows += flows

    threads = [threading.Thread(target=user, args=(n, b)) for n, b in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def cycling_get(paths: list[str]) -> Step:
    def step(browser: Browser, i: int) -> list[tuple[Response, bool]]:
        response = browser.get(paths[i % len(paths)])
        return [(response, response.status == 200)]

    return step


def per_user_get(paths_of_user: dict[int, list[str]], browsers: list[Browser]) -> Step:
    index = {id(b): n for n, b in enumerate(browsers)}

    def step(browser: Browser, i: int) -> list[tuple[Response, bool]]:
        paths = paths_of_user[index[id(browser)]]
        response = browser.get(paths[i % len(paths)])
        return [(response, response.status == 200)]

    return step
