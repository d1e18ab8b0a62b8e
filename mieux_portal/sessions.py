"""Sessions in the database, read through the shared cache, and working when it is not.

Django's ``cached_db`` store reads a session from the cache and falls back to the database
on a miss, but fails the whole page when the cache cannot be reached while it refills,
checks or deletes an entry. Here a cache that is down only costs the database query: every
page keeps working through a Redis outage (the load benchmark stops Redis under load).

A session ended (logout) while the cache cannot be reached is deleted from the database but
may linger in the cache if that same cache comes back with its data; the error is logged.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.sessions.backends import cached_db

logger = logging.getLogger("django.contrib.sessions")


class SessionStore(cached_db.SessionStore):
    _cache: Any  # set by cached_db's __init__ (the stubs do not declare it)

    def load(self) -> dict[str, Any]:
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # noqa: BLE001 - unreachable, or a key the backend refuses
            data = None
        if data is not None:
            return data  # type: ignore[no-any-return]
        stored = self._get_session_from_db()  # type: ignore[attr-defined]
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        try:
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        except Exception:  # noqa: BLE001
            logger.warning("Session not cached: the cache cannot be reached", exc_info=True)
        return data  # type: ignore[no-any-return]

    def exists(self, session_key: str | None) -> bool:
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:  # noqa: BLE001
            logger.warning("Session cache cannot be reached: asking the database", exc_info=True)
        return bool(session_key) and super(cached_db.SessionStore, self).exists(session_key)  # type: ignore[arg-type]

    def delete(self, session_key: str | None = None) -> None:
        key = session_key or self.session_key
        super(cached_db.SessionStore, self).delete(session_key)  # the database's
        if key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + key)
        except Exception:
            logger.exception("Ended session left in the cache: it cannot be reached")
