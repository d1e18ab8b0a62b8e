"""Helpers shared by the accounts tests."""

from __future__ import annotations

import re

from django.core import mail


def confirmation_path() -> str:
    """The path of the e-mail confirmation link in the last message sent."""
    body = mail.outbox[-1].body
    match = re.search(r"https?://[^/\s]+(/\S*/accounts/confirm-email/\S+/)", body)
    assert match, body
    return match.group(1)
