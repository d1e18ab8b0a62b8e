"""`manage.py seed_demo`: the demo `make run` serves, the same however often it runs."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client

from accounts_app.models import Membership, PartnerInstitution, User
from requests_app.demo.data import DEMO_PASSWORD, LETTERS
from requests_app.demo.seed import letter_pdf
from requests_app.models import (
    Attachment,
    CapacityRequest,
    ReferenceCounter,
    RequestEvent,
    Status,
)
from tests.pdftext import pdf_text, words

DEMO_STATES = {
    Status.DRAFT,
    Status.SUBMITTED,
    Status.SCREENING,
    Status.CLARIFICATION,
    Status.CONSULTATION,
    Status.APPROVED,
    Status.REJECTED,
}


def counts() -> dict[str, object]:
    return {
        "users": User.objects.count(),
        "addresses": EmailAddress.objects.count(),
        "memberships": Membership.objects.count(),
        "institutions": PartnerInstitution.objects.count(),
        "requests": CapacityRequest.objects.count(),
        "events": RequestEvent.objects.count(),
        "attachments": Attachment.objects.count(),
        "references": list(ReferenceCounter.objects.values_list("year", "last")),
        "group members": sorted(Group.objects.values_list("name", "user__email")),
    }


@pytest.fixture
def seeded(db):
    call_command("seed_demo", quiet=True)


def test_it_changes_nothing_when_run_twice(seeded):
    first = counts()
    call_command("seed_demo", quiet=True)
    assert counts() == first
    assert first["requests"] == 7


def test_it_puts_a_request_in_every_stage_up_to_the_decision(seeded):
    assert set(CapacityRequest.objects.values_list("status", flat=True)) == DEMO_STATES


def test_it_lets_the_partner_log_in_and_see_their_requests(seeded):
    partner = User.objects.get(email="partner@demo.mieux.local")
    assert Client().login(email="partner@demo.mieux.local", password=DEMO_PASSWORD)
    assert EmailAddress.objects.get(user=partner).verified
    visible = CapacityRequest.objects.visible_to(partner)
    assert visible.filter(institution=partner.institution).count() == 4
    # The Uzbek regional request (confirmed) and the Kyrgyz one (asked, not answered yet).
    joint = visible.exclude(institution=partner.institution)
    assert sorted(joint.values_list("institution__country", flat=True)) == ["KG", "UZ"]


def test_it_shows_the_tajik_partner_the_uzbek_regional_request_they_co_request(seeded):
    client = Client()
    client.login(email="partner@demo.mieux.local", password=DEMO_PASSWORD)
    regional = CapacityRequest.objects.get(institution__country="UZ", request_type="regional")
    letter = regional.attachments.get()

    assert regional.reference in client.get("/en/requests/").content.decode()
    page = client.get(f"/en/requests/{regional.pk}/")
    assert page.status_code == 200 and 'id="history"' in page.content.decode()
    assert client.get(f"/en/requests/{regional.pk}/files/{letter.pk}/").status_code == 200
    assert regional.corequests.get().status == "confirmed"


def test_it_hides_the_uzbek_regional_request_from_a_third_institution(seeded):
    client = Client()
    client.login(email="partner.kg@demo.mieux.local", password=DEMO_PASSWORD)
    regional = CapacityRequest.objects.get(institution__country="UZ", request_type="regional")
    letter = regional.attachments.get()

    assert regional.reference not in client.get("/en/requests/").content.decode()
    assert client.get(f"/en/requests/{regional.pk}/").status_code == 404
    assert client.get(f"/en/requests/{regional.pk}/files/{letter.pk}/").status_code == 404


def test_it_asks_the_tajik_partner_about_the_kyrgyz_border_request(seeded):
    kyrgyz = CapacityRequest.objects.get(institution__country="KG", status="screening")
    assert kyrgyz.corequests.get().status == "pending"


def test_it_keeps_the_other_partners_requests_apart(seeded):
    partner_kg = User.objects.get(email="partner.kg@demo.mieux.local")
    mine = CapacityRequest.objects.visible_to(partner_kg)
    assert mine.count() == 2
    assert not mine.filter(institution__country="TJ").exists()


@pytest.mark.parametrize(
    "email, group",
    [("staff@demo.mieux.local", "MIEUX+ staff"), ("manager@demo.mieux.local", "MIEUX+ managers")],
)
def test_it_gives_the_team_their_groups_and_all_requests(seeded, email, group):
    user = User.objects.get(email=email)
    assert user.is_staff and user.groups.filter(name=group).exists()
    assert Client().login(email=email, password=DEMO_PASSWORD)
    assert CapacityRequest.objects.visible_to(user).count() == 7


def test_it_creates_a_superuser(seeded):
    admin = User.objects.get(email="admin@demo.mieux.local")
    assert admin.is_superuser and admin.check_password(DEMO_PASSWORD)


def test_it_attaches_a_real_pdf_letter_to_submitted_requests(seeded):
    letter = Attachment.objects.filter(kind="letter").first()
    assert Attachment.objects.filter(kind="letter").count() == 6
    assert letter.content_type == "application/pdf"
    assert letter.file.read().startswith(b"%PDF-1.4")


@pytest.mark.parametrize("institution", sorted(LETTERS))
def test_it_ships_each_letter_with_the_text_of_the_demo_data(institution):
    text = pdf_text(letter_pdf(institution))
    assert all(words(line) in text for line in LETTERS[institution])


def test_it_attaches_a_letter_in_cyrillic_to_the_kyrgyz_requests(seeded):
    kyrgyz = Attachment.objects.filter(kind="letter", request__institution__country="KG")
    tajik = Attachment.objects.filter(kind="letter", request__institution__country="TJ")
    assert "Пограничная служба Кыргызской Республики" in pdf_text(kyrgyz.first().file.read())
    assert "Migration Service of the Ministry" in pdf_text(tajik.first().file.read())


def test_it_refuses_to_seed_a_production_portal(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo", quiet=True)
    assert not User.objects.exists()
