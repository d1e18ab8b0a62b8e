"""The development e-mail backend: every message is written to a file, with one log line."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.message import EmailMessage

logger = logging.getLogger(__name__)


class FileAndLogBackend(FileBackend):
    """Keeps each message in EMAIL_FILE_PATH (to open its links later) and logs one line
    naming the recipients, the subject and the file: the terminal of `make run` stays
    readable while the seed and the worker send dozens of HTML e-mails."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = super().send_messages(email_messages) or 0
        for message in email_messages:
            logger.info(
                "E-mail to %s: %s (in %s)",
                ", ".join(message.to),
                message.subject,
                self.file_path,
            )
        return sent
