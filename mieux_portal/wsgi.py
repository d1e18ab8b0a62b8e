"""WSGI entry point (gunicorn mieux_portal.wsgi).

Each request runs in a stack chunk of its own (`in_own_stack_chunk`). CPython keeps the
frames of Python calls on a stack of 16 KB chunks and, up to 3.13.12 and 3.14.3
(gh-142183), returns a chunk to the kernel as soon as the call that opened it returns. A
page whose calls go up and down around a chunk's edge (the template engine, on the admin's
lists and the request form) then maps and unmaps a chunk thousands of times per request:
measured under gunicorn, a third of the request queue's time. The test client's requests
start at another depth, which is why in-process timings did not show it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mieux_portal.settings")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# Stack slots (8 bytes each) the entry frame claims and never touches: ~0.5 MB, for which
# CPython opens a chunk of 1 MB; the request's own calls use the other half (a template
# engine recursing 1,000 calls deep needs a tenth of it).
STACK_SLOTS = 66_000


def in_own_stack_chunk(app: WSGIApp) -> WSGIApp:
    """`app` called from a frame that opens a 1 MB stack chunk: the request's calls run in
    it, and one chunk is mapped and unmapped per request instead of one per crossing."""

    def run(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        return app(environ, start_response)

    # The frame's size is its code's stack size: a public field of the code object.
    run.__code__ = run.__code__.replace(co_stacksize=STACK_SLOTS)
    return run


application = in_own_stack_chunk(get_wsgi_application())
