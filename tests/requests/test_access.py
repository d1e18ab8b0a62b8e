"""Who may open which request page is the URL matrix's (tests/access/test_url_matrix.py):
another institution gets 404, a visitor the login page, staff read but never edit. Here only
what the matrix's five people cannot show: a signed-in user without an institution."""

from __future__ import annotations

from tests.requests.helpers import url


def test_it_sends_a_partner_without_institution_to_create_one(client_for):
    from tests.factories import UserFactory

    response = client_for(UserFactory()).get(url("my_requests"))
    assert response.status_code == 302 and "institution" in response.url
