"""The shared cache's version tokens are read once per request (mieux_portal.requestmemo):
a page's filters and permissions share one round trip for each, a token the request renews
itself is read again, and outside a request every read goes to the cache."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from mieux_portal import pagecache, sharedcache
from tests.conftest import NOTHING_LISTENS, redis_caches


@contextmanager
def serving() -> Iterator[None]:
    """Between a request's two signals, as Django's test client sends them (without closing
    the test's database connection)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
        yield
        request_finished.send(sender=None)
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def test_it_reads_the_public_version_once_in_a_request(redis_cache, db):
    with serving():
        first = pagecache.public_version()
        caches["pages"].set(pagecache.PUBLIC_VERSION_KEY, "renewed elsewhere", timeout=None)
        assert pagecache.public_version() == first

    assert pagecache.public_version() == "renewed elsewhere"


def test_it_reads_the_auth_version_once_in_a_request(redis_cache, db):
    key = "sharedcache:version:auth"
    with serving():
        first = sharedcache.version("auth")
        caches["sessions"].set(key, "renewed elsewhere", timeout=None)
        assert sharedcache.version("auth") == first

    assert sharedcache.version("auth") == "renewed elsewhere"


def test_it_reads_again_a_version_the_request_renewed(redis_cache, db):
    with serving():
        auth, public = sharedcache.version("auth"), pagecache.public_version()
        sharedcache.renew("auth")
        pagecache.public_content_changed()

        assert sharedcache.version("auth") not in {auth, ""}
        assert pagecache.public_version() != public
        assert pagecache.public_version() == caches["pages"].get(pagecache.PUBLIC_VERSION_KEY)


def test_it_reads_a_users_facts_and_versions_with_the_user(redis_cache, db):
    sessions = caches["sessions"]
    sessions.set_many({"user:7": "the user", "two_factor:totp:7": True})
    sessions.set("sharedcache:version:auth", "first", timeout=None)
    with serving():
        assert sharedcache.read_with_user(7, "user:7") == "the user"
        sessions.set_many({"two_factor:totp:7": False, "sharedcache:version:auth": "later"})

        assert sharedcache.remember("two_factor:totp:7", lambda: "built") is True
        assert sharedcache.version("auth") == "first"
        # Read ahead for one read only: the next goes to the cache.
        assert sharedcache.remember("two_factor:totp:7", lambda: "built") is False


def test_a_fact_the_request_forgets_is_not_taken_from_the_read_ahead(redis_cache, db):
    caches["sessions"].set("two_factor:totp:7", True)
    with serving():
        sharedcache.read_with_user(7, "user:7")
        sharedcache.forget("two_factor:totp:7")

        assert sharedcache.remember("two_factor:totp:7", lambda: "built") == "built"


def test_a_fact_of_the_current_version_is_kept_in_memory_until_the_version_moves(redis_cache, db):
    assert sharedcache.remember_current("auth", "names", lambda: "first") == "first"
    token = sharedcache.version("auth")
    caches["sessions"].clear()  # the shared copy gone: the process's own is as fresh
    caches["sessions"].set("sharedcache:version:auth", token, timeout=None)
    assert sharedcache.remember_current("auth", "names", lambda: "second") == "first"

    sharedcache.renew("auth")

    assert sharedcache.remember_current("auth", "names", lambda: "second") == "second"


def test_it_reads_the_public_version_with_the_user(redis_cache, db):
    caches["pages"].set(pagecache.PUBLIC_VERSION_KEY, "first", timeout=None)
    caches["sessions"].set("user:7", "the user")
    with serving():
        assert sharedcache.read_with_user(7, "user:7") == "the user"
        caches["pages"].set(pagecache.PUBLIC_VERSION_KEY, "later", timeout=None)

        assert pagecache.public_version() == "first"


def test_a_shared_cache_that_cannot_be_reached_finds_nothing_ahead(redis_cache, settings, db):
    settings.CACHES = redis_caches(NOTHING_LISTENS)
    with serving():
        assert sharedcache.read_with_user(7, "user:7") is None
        assert sharedcache.remember("two_factor:totp:7", lambda: "built") == "built"
