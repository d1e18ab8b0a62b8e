"""The HTTP client of one benchmark user: one connection, its own cookies, real forms."""

from __future__ import annotations

import http.client
import time
import uuid
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from bench.config import LANGUAGE, PASSWORD


@dataclass
class Response:
    status: int  # 0: no response (connection refused, reset, timed out)
    body: str
    location: str
    ms: float


class Browser:
    """One user: one connection to the server, its own cookies (session, CSRF, messages)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def _cookie_header(self) -> dict[str, str]:
        if not self.cookies:
            return {}
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def _store(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str = ""
    ) -> Response:
        headers = self._cookie_header()
        if content_type:
            headers["Content-Type"] = content_type
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            return Response(0, "", "", (time.perf_counter() - started) * 1000)
        ms = (time.perf_counter() - started) * 1000
        self._store(response)
        if response.will_close:
            self.conn.close()
        return Response(
            response.status,
            data.decode("utf-8", "replace"),
            urlsplit(response.headers.get("Location", "")).path,
            ms,
        )

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def token(self) -> str:
        # The CSRF cookie's secret is accepted in place of a page's masked token.
        return self.cookies.get("csrftoken", "")

    def post(
        self,
        path: str,
        data: list[tuple[str, str]],
        files: list[tuple[str, str, bytes]] | None = None,
    ) -> Response:
        fields = [("csrfmiddlewaretoken", self.token()), *data]
        if not files:
            body = urlencode(fields).encode()
            return self.request("POST", path, body, "application/x-www-form-urlencoded")
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, filename, content in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}"
        )


def log_in(port: int, email: str, totp: str | None = None) -> Browser:
    """Through allauth's login form; staff then type their authenticator code."""
    browser = Browser(port)
    login = f"/{LANGUAGE}/accounts/login/"
    page = browser.get(login)
    assert page.status == 200, (email, page.status)
    response = browser.post(login, [("login", email), ("password", PASSWORD)])
    assert response.status == 302, (email, response.status, response.body[:500])
    if totp is not None:
        assert "2fa/authenticate" in response.location, (email, response.location)
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        page = browser.get(response.location)
        code = format_hotp_value(hotp_value(totp, int(time.time()) // 30))
        response = browser.post(response.location, [("code", code)])
        assert response.status == 302, (email, "TOTP", response.status, response.body[:300])
    return browser
