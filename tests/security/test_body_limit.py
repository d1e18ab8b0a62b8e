"""An oversized request is refused from its Content-Length, before its body is read or
spooled; in front of gunicorn, nginx refuses the same (deploy/nginx.conf)."""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path

from django.conf import settings
from django.test import Client

from tests.factories import pdf_upload

ROOT = Path(__file__).resolve().parent.parent.parent
MIB = 1024 * 1024
TOO_LARGE = "The file is too large"


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("the body was read")

    readline = read


def declared(client: Client, path: str, length: int):
    return client.generic(
        "POST", path, b"", CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length), **{"wsgi.input": Unreadable()},
    )  # fmt: skip


def test_it_refuses_a_declared_200_mb_body_without_reading_it(client_a, partner_a):
    response = declared(client_a, "/en/requests/", 200 * MIB)

    assert response.status_code == 413
    assert TOO_LARGE in response.content.decode()
    assert "a file may have at most 10 MB" in response.content.decode()


def test_it_says_so_in_the_language_of_the_page(client):
    response = declared(client, "/ru/accounts/login/", settings.REQUEST_BODY_MAX_BYTES + 1)

    assert response.status_code == 413
    assert '<html lang="ru" dir="ltr">' in response.content.decode()


def test_it_lets_a_file_of_the_largest_allowed_size_through(client_a, partner_a, settings):
    from tests.factories import CapacityRequestFactory

    draft = CapacityRequestFactory(institution=partner_a.institution, created_by=partner_a)
    content = b"%PDF-1.4\n" + b"0" * (settings.ATTACHMENT_MAX_BYTES - 9)
    url = f"/en/requests/{draft.pk}/edit/files/"
    response = client_a.post(url, {"kind": "letter", "file": pdf_upload(content=content)})

    assert response.status_code == 302
    assert draft.attachments.get().size == settings.ATTACHMENT_MAX_BYTES


def test_it_refuses_an_11_mib_phone_number_before_any_view(client_a, partner_a):
    from tests.factories import CapacityRequestFactory

    draft = CapacityRequestFactory(institution=partner_a.institution, created_by=partner_a)
    url = f"/en/requests/{draft.pk}/edit/institution/"
    response = client_a.post(url, {"contact_phone": "7" * 11 * MIB, "action": "save"})

    draft.refresh_from_db()
    assert response.status_code == 400
    assert draft.draft_payload in ({}, None) and draft.contact_phone == ""


def test_it_answers_before_the_body_is_sent(live_server):
    host, port = live_server.thread.host, live_server.thread.port
    with socket.create_connection((host, port), timeout=10) as connection:
        started = time.monotonic()
        connection.sendall(
            b"POST /en/accounts/login/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n" % (200 * MIB) + b"x" * 1024
        )
        answer = connection.recv(200)

    # A server reading the body would wait for the 200 MB that never come.
    assert answer.startswith(b"HTTP/1.1 413")
    assert time.monotonic() - started < 5


# --- The served configuration ---------------------------------------------------------------


def services() -> dict[str, str]:
    """docker-compose.yml's services, each as the text of its block."""
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    block = text.split("\nservices:\n", 1)[1].split("\nvolumes:\n", 1)[0]
    parts = re.split(r"^  ([a-z]+):\n", block, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_it_publishes_only_the_proxy_in_front_of_gunicorn():
    blocks = services()

    assert "gunicorn" in blocks["web"] and "ports:" not in blocks["web"]
    assert '"8000:8000"' in blocks["proxy"]
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in blocks["proxy"]
    assert (
        "TRUSTED_PROXY_COUNT: ${TRUSTED_PROXY_COUNT:-1}"
        in (ROOT / "docker-compose.yml").read_text()
    )


def test_it_limits_the_body_in_nginx_as_in_the_portal():
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    limit = re.search(r"^\s*client_max_body_size (\d+)m;", conf, flags=re.MULTILINE)

    assert limit is not None and int(limit.group(1)) * MIB == settings.REQUEST_BODY_MAX_BYTES
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    assert settings.MIDDLEWARE[0] == "mieux_portal.security.RequestBodyLimit"
