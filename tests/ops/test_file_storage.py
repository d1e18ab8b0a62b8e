"""Files go through Django's storage API (STORAGES): the private store on the disk by default,
an S3 bucket with FILE_STORAGE=s3, and no code of the portal reaches for a local path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from requests_app.models import Attachment
from tests.ops.test_production_checks import check, error_ids
from tests.test_deploy import ROOT, manage

# The portal's own code, settings and the storage module aside.
SOURCES = [
    path
    for folder in (
        "accounts_app",
        "actions_app",
        "notifications_app",
        "requests_app",
        "mieux_portal",
    )
    for path in (ROOT / folder).rglob("*.py")
    if not path.name.startswith("settings")  # where the folders are named
    and path.name != "files.py"
    and "migrations" not in path.parts
]
LOCAL_PATHS = re.compile(r"settings\.\w*MEDIA_ROOT|\.path\(|\bopen\(\s*(settings|os\.path|Path)")

S3_SETTINGS = (
    "from django.core.files.storage import storages\n"
    "for alias in ('default', 'private'):\n"
    "    s = storages[alias]\n"
    "    print(type(s).__name__, s.bucket_name, s.location, s.endpoint_url, s.file_overwrite)\n"
)


def test_it_keeps_request_files_in_the_private_store_under_private_media_root(settings, db):
    storage = storages["private"]
    name = storage.save("requests/1/letter.pdf", ContentFile(b"%PDF-1.4"))

    assert Attachment._meta.get_field("file").storage is storage
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / name).read_bytes() == b"%PDF-1.4"
    assert not (Path(settings.MEDIA_ROOT) / name).exists()


def test_it_gives_private_files_no_url():
    with pytest.raises(ValueError, match="no URL"):
        storages["private"].url("requests/1/letter.pdf")


def test_its_code_reads_and_writes_files_only_through_the_storage_api():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in SOURCES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LOCAL_PATHS.search(line)
    ]

    assert len(SOURCES) > 50
    assert offenders == []


def test_it_keeps_both_stores_in_one_bucket_with_file_storage_s3():
    result = manage(
        "shell", "-c", S3_SETTINGS,
        FILE_STORAGE="s3", S3_BUCKET="mieux-files", S3_ENDPOINT_URL="https://s3.example.org",
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if line.startswith("S3")] == [
        "S3Storage mieux-files media https://s3.example.org False",
        "S3Storage mieux-files private https://s3.example.org False",
    ]


def check_errors(**env: str) -> set[str]:
    return error_ids(check(**env))


def test_it_refuses_file_storage_s3_without_a_bucket():
    assert "E010" in check_errors(FILE_STORAGE="s3")
    assert "E010" not in check_errors(FILE_STORAGE="s3", S3_BUCKET="mieux-files")


def test_it_refuses_an_unknown_file_storage():
    assert "E008" in check_errors(FILE_STORAGE="nfs")
    assert "E008" not in check_errors(FILE_STORAGE="local")
