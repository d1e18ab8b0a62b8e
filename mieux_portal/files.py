"""Where the portal keeps files: two storages of Django's storage API, named in STORAGES.

- ``default``: public media (the resources' info sheets), ``MEDIA_ROOT`` on the local disk.
- ``private``: request letters and supporting documents, ``PRIVATE_MEDIA_ROOT``, outside any
  served path: read only through views that check who is asking.

``FILE_STORAGE=s3`` puts both in one bucket of an object store instead (django-storages;
settings.py builds the options), so web nodes and workers on different machines share them.
Code reads and writes files only through these storages (``field.open()``,
``storage.save()``), never through a local path, so either backend works unchanged.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """The local private store: ``PRIVATE_MEDIA_ROOT`` read when used (tests change it), and
    no URL at all, so nothing can link to a private file by mistake."""

    def __init__(self, location: str | None = None, **options: Any) -> None:
        self._private_location = location
        super().__init__(location=location, **options)

    @property
    def base_location(self) -> Any:  # type: ignore[override]
        return self._value_or_setting(self._private_location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL: they are served by a checked view.")


def private_storage() -> Storage:
    """The storage of request files (STORAGES["private"])."""
    return storages["private"]


def backed_up_storages() -> dict[str, Storage]:
    """Every storage holding the portal's own files (all but the collected static files)."""
    return {alias: storages[alias] for alias in settings.STORAGES if alias != "staticfiles"}
