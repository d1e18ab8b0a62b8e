"""Error reporting to Sentry, only when SENTRY_DSN is set, and never with private data.

``send_default_pii=False`` keeps users, cookies and client addresses out; ``strip_private``
also drops what an integration may still attach of a request: its body, cookies, query
string and the headers that carry credentials. Letters and messages of partners travel in
request bodies, so no body ever leaves.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

PRIVATE_HEADERS = {"authorization", "cookie", "x-csrftoken", "x-forwarded-for", "x-real-ip"}


def strip_private(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry's ``before_send``: the event without request bodies, cookies or credentials."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value
                for name, value in headers.items()
                if name.lower() not in PRIVATE_HEADERS
            }
    event.pop("user", None)
    return event


def init_sentry() -> bool:
    """Starts the Sentry SDK if SENTRY_DSN is set; True when it did."""
    if not settings.SENTRY_DSN:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=settings.SENTRY_DSN,
        environment=settings.SENTRY_ENVIRONMENT,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        before_send=strip_private,  # type: ignore[arg-type]
    )
    return True
