"""The development e-mail backend: every message is written to a file and echoed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.message import EmailMessage


class FileAndConsoleBackend(BaseEmailBackend):
    """Keeps a copy in EMAIL_FILE_PATH (to open links later) and shows it in the terminal."""

    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently)
        self.file = FileBackend(fail_silently=fail_silently, **kwargs)
        self.console = ConsoleBackend(fail_silently=fail_silently, **kwargs)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.console.send_messages(email_messages)
        return self.file.send_messages(email_messages) or 0
