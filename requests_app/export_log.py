"""Writes to the export log: who exported which rows, when, and how many.

Services as in ``services.py`` (keyword-only, typed, no HTTP request, no UI messages; each
one statement, so atomic without a transaction of its own); the
export writers of every app (requests here, Actions in actions_app) call them, so an
export is recorded the same way whichever list it came from.
"""

from __future__ import annotations

from typing import Any

from .models import ExportFormat, ExportKind, ExportLog


def export_log_create(
    *,
    user: Any,
    kind: str = ExportKind.REQUESTS,
    source: str,
    language: str,
    filters: str,
    format: str = ExportFormat.CSV,
) -> ExportLog:
    """Record an export before its first row leaves, so even an interrupted one is known.

    ``user`` may be anonymous or None (a scheduled export without --user): the row then
    names no one."""
    return ExportLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        kind=kind,
        source=source,
        language=language,
        filters=filters,
        format=format,
    )


def export_log_complete(*, log: ExportLog, row_count: int) -> None:
    """Record that the export reached its last row: an empty count marks one that did not."""
    ExportLog.objects.filter(pk=log.pk).update(row_count=row_count)
    log.row_count = row_count
