"""A browser without JavaScript for tests against real servers: cookies (one jar for every
port of 127.0.0.1, as a balancer in front of several nodes would present them), Django's
CSRF token, form posts with files, and redirects reported rather than followed."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Page:
    status: int
    body: bytes
    headers: Any

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browser:
    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def open(self, request: urllib.request.Request) -> Page:
        try:
            with self.opener.open(request, timeout=60) as response:
                return Page(response.status, response.read(), response.headers)
        except urllib.error.HTTPError as error:  # 3xx, 4xx and 5xx alike
            return Page(error.code, error.read(), error.headers)

    def get(self, url: str) -> Page:
        return self.open(urllib.request.Request(url))  # noqa: S310 - the test's own servers

    def post(
        self,
        url: str,
        fields: dict[str, str],
        files: dict[str, tuple[str, bytes]] | None = None,
        form_page: str | None = None,
    ) -> Page:
        """Post a form to ``url``; the CSRF token is read from ``form_page`` (default ``url``)."""
        token = CSRF.search(self.get(form_page or url).text)
        assert token, f"no CSRF token on {form_page or url}"
        fields = {"csrfmiddlewaretoken": token.group(1), **fields}
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content) in (files or {}).items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(  # noqa: S310 - the test's own servers
            url,
            data=body,
            method="POST",
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": url},
        )
        return self.open(request)
