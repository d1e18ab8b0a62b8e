"""One set of objects for the whole access matrix, created once per module.

Creating the world (two institutions, requests in several stages with files, an Action,
news, a resource, an invitation…) for each of the ~900 checks would dominate the run. It is
created inside a transaction that is rolled back at the end of the module; each test still
runs in its own savepoint (``db``), so a POST that changes something is undone before the
next check.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction

from .world import World, build


def private_root(media_root: Path) -> Path:
    return media_root.with_name(f"{media_root.name}-private")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    from django.conf import settings
    from django.test.utils import override_settings

    media_root = tmp_path_factory.mktemp("matrix-media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media_root,
            PRIVATE_MEDIA_ROOT=private_root(media_root),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            CELERY_TASK_ALWAYS_EAGER=True,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ),
    ):
        assert media_root == settings.MEDIA_ROOT
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build(media_root)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _as_in_production(_private_files, settings, request) -> None:
    """The admin's door as in production (staff need their authenticator app, which the
    world's staff have); the world's files live in the module's media folder and the
    private folder beside it."""
    settings.ADMIN_REQUIRE_MFA = True
    if "world" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("world").media_root
        settings.PRIVATE_MEDIA_ROOT = private_root(settings.MEDIA_ROOT)
