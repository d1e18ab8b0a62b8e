"""Each request runs in a stack chunk of its own (mieux_portal/wsgi.py): calls that go up and
down around a chunk's edge no longer map and unmap a chunk at each crossing (CPython
gh-142183). A fresh mapping is counted by the page fault of its first use."""

from __future__ import annotations

import resource
from collections.abc import Callable, Iterable
from wsgiref.util import setup_testing_defaults

from mieux_portal.wsgi import STACK_SLOTS, application, in_own_stack_chunk


def descend(depth: int) -> int:
    return 0 if depth == 0 else descend(depth - 1) + 1


def up_and_down(environ: dict, start_response: Callable) -> Iterable[bytes]:
    """Calls as deep as a template's rendering, up and down across several chunk edges."""
    for _ in range(1000):
        for depth in range(150, 260, 10):
            descend(depth)
    return [b""]


def page_faults(app: Callable) -> int:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    app({}, None)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_a_request_s_calls_map_no_chunk_of_their_own():
    assert page_faults(in_own_stack_chunk(up_and_down)) < 100


def test_without_it_the_same_calls_map_a_chunk_at_each_crossing():
    # When this fails, the interpreter keeps its chunks (CPython 3.13.13, 3.14.4 and later):
    # `in_own_stack_chunk` can go.
    assert page_faults(up_and_down) > 5_000


def test_the_portal_s_entry_point_serves_requests_in_its_own_chunk(db):
    environ: dict = {"PATH_INFO": "/healthz"}
    setup_testing_defaults(environ)
    answered = []

    body = b"".join(application(environ, lambda status, headers: answered.append(status)))

    assert answered == ["200 OK"] and body
    assert application.__code__.co_stacksize == STACK_SLOTS
