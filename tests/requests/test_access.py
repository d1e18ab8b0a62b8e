"""Who may open which page: another institution gets 404, a visitor the login page."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.requests.helpers import url

# Page name and which of the request's ids it takes ("att": also the letter's id).
PAGES = [
    ("detail", ()),
    ("step", ("institution",)),
    ("step", ("need",)),
    ("step", ("support",)),
    ("files", ()),
    ("review", ()),
    ("download", ("att",)),
    ("withdraw", ()),
    ("delete", ()),
]
POSTED = {"step", "files", "review", "withdraw", "delete"}


def _url(name: str, extra: tuple, request) -> str:
    args = [request.attachments.get().pk if a == "att" else a for a in extra]
    return url(name, request.pk, *args)


@pytest.mark.parametrize(("name", "extra"), PAGES)
def test_it_hides_a_request_from_another_institution(client_b, submitted_a, name, extra):
    target = _url(name, extra, submitted_a)

    assert client_b.get(target).status_code == 404
    if name in POSTED:
        assert client_b.post(target, {"consent": "on", "remove": "1"}).status_code == 404


@pytest.mark.parametrize(("name", "extra"), PAGES)
def test_it_hides_a_draft_from_another_institution(client_b, complete_a, name, extra):
    assert client_b.get(_url(name, extra, complete_a)).status_code == 404


@pytest.mark.parametrize(("name", "extra"), PAGES)
def test_it_sends_a_visitor_to_the_login_page(client_for, complete_a, name, extra):
    target = _url(name, extra, complete_a)
    response = client_for(None).get(target)

    assert response.status_code == 302
    assert response.url == f"/en/accounts/login/?next={quote(target)}"


def test_it_sends_a_visitor_to_the_login_page_from_the_list(client_for):
    for name in ("my_requests", "new"):
        response = client_for(None).get(url(name))
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_it_keeps_partners_out_of_the_admin(client_a):
    response = client_a.get("/en/admin/")

    assert response.status_code == 302
    assert response.url.startswith("/en/admin/login/")


def test_it_lets_staff_read_but_not_edit(client_for, staff, submitted_a):
    client = client_for(staff)
    letter = submitted_a.attachments.get()

    assert client.get(url("detail", submitted_a.pk)).status_code == 200
    assert client.get(url("download", submitted_a.pk, letter.pk)).status_code == 200
    assert client.get(url("step", submitted_a.pk, "need")).status_code == 404
    assert client.post(url("withdraw", submitted_a.pk)).status_code == 404


def test_it_sends_a_partner_without_institution_to_create_one(client_for):
    from tests.factories import UserFactory

    response = client_for(UserFactory()).get(url("my_requests"))
    assert response.status_code == 302 and "institution" in response.url
