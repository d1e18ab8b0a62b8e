"""The portal has a favicon and app icons: at the root where browsers ask for them, and
linked from every page (portal and staff desk)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db

ROOT_FILES = {
    "/favicon.ico": "image/",
    "/favicon.svg": "image/svg+xml",
    "/apple-touch-icon.png": "image/png",
    "/manifest.json": "application/json",
}


@pytest.mark.parametrize("url", ROOT_FILES)
def test_it_serves_each_icon_at_the_root(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(ROOT_FILES[url])
    assert b"".join(response.streaming_content)


def test_it_names_icons_that_exist_in_the_manifest(client):
    manifest = json.loads(b"".join(client.get("/manifest.json").streaming_content))
    assert manifest["short_name"] == "MIEUX+"
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_it_links_the_icons_from_portal_and_staff_pages(client_for, staff, role):
    client = client_for(staff if role == "staff" else None)
    url = "/en/admin/" if role == "staff" else "/en/"
    body = client.get(url).content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in body
    assert 'rel="apple-touch-icon"' in body
