"""The Nu Html Checker (npm vnu-jar, run with Java) finds no error in the pages' HTML."""

from __future__ import annotations

from django.test import Client

from tests import factories
from tests.htmlcheck import check

from .pages import demo_content


def test_it_serves_valid_html_on_the_public_pages_and_the_request_form(db, vnu, tmp_path):
    files = []
    client = Client()
    for name, path in demo_content().items():
        for lang in ("en", "ru"):
            response = client.get(path.replace("/en/", f"/{lang}/", 1))
            assert response.status_code == 200
            files.append(tmp_path / f"{name}-{lang}.html")
            files[-1].write_bytes(response.content)
    partner = factories.partner()
    draft = factories.CapacityRequestFactory(institution=partner.institution, created_by=partner)
    client.force_login(partner)
    form = client.get(f"/en/requests/{draft.pk}/edit/institution/")
    assert form.status_code == 200
    files.append(tmp_path / "request-form.html")
    files[-1].write_bytes(form.content)
    assert check(vnu, files) == []
