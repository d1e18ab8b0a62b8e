"""`manage.py backup --output DIR`: the database and every stored file, with checksums.

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
        "Write a backup folder (database dump, every stored file, manifest.json with SHA-256 "
        "checksums and row counts) under --output; prints its path."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, default=Path("var/backups"), help="Folder to write into."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            folder = backup.backup(options["output"], log=self.stderr.write)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(folder))
