"""/iati/activities.xml: the published Actions as IATI 2.03 activities, valid against the
official schema, in every portal language, and nothing unpublished."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from actions_app.models import Action, ActionStatus
from tests.actions.conftest import make_action

from .conftest import iati_schema

URL = "/iati/activities.xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def fetch(client, **headers):
    response = client.get(URL, **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def activity_of(root, code: str):
    found = [a for a in root.iter("iati-activity") if a.findtext("iati-identifier").endswith(code)]
    assert len(found) == 1, code
    return found[0]


def test_it_lists_exactly_the_published_demo_actions_valid_against_the_schema(client, db, schema):
    call_command("seed_public_demo", quiet=True)
    Action.objects.filter(code="Uzbekistan I").update(published=False)
    root = fetch(client)
    schema.assertValid(root)
    assert root.get("version") == "2.03" and root.get("generated-datetime")
    identifiers = {a.findtext("iati-identifier") for a in root.iter("iati-activity")}
    assert identifiers == {"XI-IATI-MIEUX-DEMO-Kyrgyzstan-II", "XI-IATI-MIEUX-DEMO-Tajikistan-III"}
    for activity in root.iter("iati-activity"):
        for element in ("title", "description"):
            languages = {n.get(XML_LANG) for n in activity.find(element).iter("narrative")}
            assert languages == {"en", "ru"}, element


def test_it_leaves_out_an_unpublished_action_and_shows_a_published_one(client, db):
    make_action(code="Hidden 1", title_en="Secret draft Action", published=False)
    make_action(code="Shown 1", title_en="Open Action")
    content = client.get(URL).content.decode()
    assert "Secret draft Action" not in content and "Hidden-1" not in content
    assert "Open Action" in content and "Shown-1" in content


def test_it_says_status_dates_country_sector_and_organisations_in_iati_codes(client, db):
    make_action(code="Done 1", status=ActionStatus.COMPLETED, countries=["KG", "TJ", "UZ"],
                start_date=date(2021, 3, 1), end_date=date(2022, 6, 30))  # fmt: skip
    activity = activity_of(fetch(client), "Done-1")
    assert activity.find("activity-status").get("code") == "3"  # completion
    dates = {d.get("type"): d.get("iso-date") for d in activity.iter("activity-date")}
    assert dates == {"2": "2021-03-01", "4": "2022-06-30"}  # actual start, actual end
    shares = {c.get("code"): c.get("percentage") for c in activity.iter("recipient-country")}
    assert shares == {"KG": "34", "TJ": "33", "UZ": "33"}
    sector = activity.find("sector").attrib
    assert sector == {"vocabulary": "1", "code": "15190", "percentage": "100"}
    roles = [org.get("role") for org in activity.iter("participating-org")]
    assert roles[:2] == ["1", "4"]  # the EU funds, the reporting organisation implements


def test_it_gives_a_future_start_of_an_action_in_design_as_planned(client, db):
    make_action(code="Later 1", status=ActionStatus.DESIGN, start_date=date(2099, 1, 1))
    activity = activity_of(fetch(client), "Later-1")
    assert activity.find("activity-status").get("code") == "1"  # pipeline
    assert [d.get("type") for d in activity.iter("activity-date")] == ["1"]  # planned start


def test_it_writes_a_narrative_in_each_language_the_portal_has(client, db, settings):
    make_action(code="Lang 1")
    settings.LANGUAGES = [("en", "English")]
    title = activity_of(fetch(client), "Lang-1").find("title")
    assert [n.get(XML_LANG) for n in title.iter("narrative")] == ["en"]


def test_it_reads_any_number_of_actions_in_the_same_number_of_queries(client, db, no_cache):
    make_action()
    with CaptureQueriesContext(connection) as one:
        fetch(client)
    for _ in range(5):
        make_action(institutions=[])
    with CaptureQueriesContext(connection) as six:
        root = fetch(client)
    assert len(list(root.iter("iati-activity"))) == 6
    assert len(six) == len(one) <= 3


def test_it_answers_304_while_the_file_has_not_changed(client, db):
    make_action()
    first = client.get(URL)
    assert first["ETag"] and first["Last-Modified"] and "public" in first["Cache-Control"]
    assert client.get(URL, headers={"if-none-match": first["ETag"]}).status_code == 304
    since = {"if-modified-since": first["Last-Modified"]}
    assert client.get(URL, headers=since).status_code == 304
    make_action(code="New 1")
    assert client.get(URL, headers={"if-none-match": first["ETag"]}).status_code == 200


def test_it_shows_a_newly_published_action_at_once_despite_the_cache(client, db):
    action = make_action(code="Soon 1", published=False)
    assert "Soon-1" not in client.get(URL).content.decode()
    action.published = True
    action.save()
    assert "Soon-1" in client.get(URL).content.decode()


def test_it_fails_under_ci_without_the_schema_and_says_where_it_comes_from(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="IATI-Schemas repository, branch version-2.03"):
        iati_schema(tmp_path)
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        iati_schema(tmp_path)
