"""`manage.py restore FOLDER [--force]`: a backup back into an empty database and file store.

The work is in `mieux_portal.ops.backup`. Output is for the operator at the terminal and,
like Django's own commands, is not translated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mieux_portal.ops import backup


class Command(BaseCommand):
    help = (
        "Restore a backup folder written by `manage.py backup`: verifies its checksums, refuses "
        "a database or file store that is not empty (unless --force), then compares row counts "
        "and file checksums with the manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="A folder written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the tables and files already there (they are lost).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup.restore(
                options["folder"], force=options["force"], log=self.stderr.write
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        if report.mismatches:
            raise CommandError("Restored, but differs: " + "; ".join(report.mismatches))
        self.stdout.write(
            f"restored {report.rows} rows in {report.tables} tables and {report.files} files"
        )
