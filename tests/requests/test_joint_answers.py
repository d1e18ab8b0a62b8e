"""Joint requests: naming a co-requester invites it; it confirms or declines on the portal."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts_app.models import InstitutionKind
from notifications_app.models import Notification
from requests_app import services
from requests_app.forms import InstitutionStepForm
from requests_app.models import CoRequestStatus
from tests import factories
from tests.requests.helpers import step_url, url


def _name(client, request, *institutions, **extra):
    data = {"co_institutions": [str(i.pk) for i in institutions], "country": "TJ", **extra}
    return client.post(step_url(request, "institution"), data)


def test_it_invites_the_members_of_a_named_institution_in_their_language(
    client_a, complete_a, ministry, partner_c
):
    _name(client_a, complete_a, ministry)

    invitation = Notification.objects.get(event="corequest_invited")
    assert invitation.to_email == partner_c.email and invitation.language == "ru"
    assert "Совместная заявка" in invitation.subject
    assert f"/ru/requests/{complete_a.pk}/co-request/" in invitation.body_text
    assert complete_a.corequests.get().status == CoRequestStatus.PENDING


def test_it_does_not_invite_again_when_the_step_is_saved_again(client_a, complete_a, ministry):
    factories.partner(institution=ministry)
    _name(client_a, complete_a, ministry)
    _name(client_a, complete_a, ministry)

    assert Notification.objects.filter(event="corequest_invited").count() == 1


def test_it_forgets_an_institution_no_longer_named(client_a, complete_a, ministry):
    factories.co_request(complete_a, ministry, answer="confirmed")
    _name(client_a, complete_a)

    assert not complete_a.corequests.exists()


def test_it_records_a_confirmation_and_tells_the_lead_only(
    client_c, partner_a, complete_a, ministry, staff
):
    factories.co_request(complete_a, ministry)
    response = client_c.post(url("corequest", complete_a.pk), {"answer": "confirm"})

    assert response["Location"] == url("detail", complete_a.pk)
    corequest = complete_a.corequests.get()
    assert corequest.status == CoRequestStatus.CONFIRMED and corequest.answered_at
    told = Notification.objects.get(event="corequest_answered")  # not staff: it is a draft
    assert told.to_email == partner_a.email and "confirms" in told.subject


def test_it_tells_the_team_of_an_answer_once_the_request_is_submitted(client_c, joint_a, staff):
    client_c.post(url("corequest", joint_a.pk), {"answer": "decline", "reason": "Changed plans"})

    told = Notification.objects.filter(event="corequest_answered").order_by("pk").last()
    assert told.to_email == staff.email and "Changed plans" in told.body_text
    assert "/admin/requests_app/capacityrequest/" in told.body_text


def test_it_requires_a_reason_to_decline(client_c, complete_a, ministry):
    factories.co_request(complete_a, ministry)
    response = client_c.post(url("corequest", complete_a.pk), {"answer": "decline"})

    assert "Please say why your institution declines." in response.content.decode()
    assert complete_a.corequests.get().status == CoRequestStatus.PENDING


def test_it_records_a_decline_with_its_reason_for_the_lead(
    client_a, client_c, complete_a, ministry
):
    factories.co_request(complete_a, ministry)
    client_c.post(url("corequest", complete_a.pk), {"answer": "decline", "reason": "Not ours."})

    assert complete_a.corequests.get().status == CoRequestStatus.DECLINED
    page = client_a.get(url("detail", complete_a.pk)).content.decode()
    assert "Co-requester declined" in page and "Not ours." in page


def test_it_freezes_the_answer_once_the_request_is_decided(client_c, joint_a, staff, manager):
    factories.screened(joint_a)
    for key, actor in (("start_screening", staff), ("to_consultation", staff), ("reject", manager)):
        joint_a = services.request_transition(request=joint_a, key=key, actor=actor, comment="x")
    client_c.post(url("corequest", joint_a.pk), {"answer": "decline", "reason": "Too late"})

    assert joint_a.corequests.get().status == CoRequestStatus.CONFIRMED


def _civil_society_draft(partner_a):
    institution = partner_a.institution
    institution.kind = InstitutionKind.objects.get(code="civil_society")
    institution.save()
    return factories.complete_draft(institution=institution)


def test_it_keeps_a_civil_society_request_from_submitting_until_the_ministry_confirms(
    client_a, partner_a, ministry
):
    draft = _civil_society_draft(partner_a)
    factories.co_request(draft, ministry)

    page = client_a.get(url("review", draft.pk)).content.decode()
    assert "the governmental co-requester has not confirmed yet" in page
    assert client_a.post(url("review", draft.pk), {"consent": "on"}).status_code == 200
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_it_submits_a_civil_society_request_once_the_ministry_confirmed(
    client_a, client_c, partner_a, ministry
):
    draft = _civil_society_draft(partner_a)
    factories.co_request(draft, ministry)
    client_c.post(url("corequest", draft.pk), {"answer": "confirm"})

    client_a.post(url("review", draft.pk), {"consent": "on"})
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_it_asks_to_confirm_a_co_requester_from_a_country_not_covered(
    client_a, complete_a, partner_b
):
    kyrgyz = partner_b.institution
    refused = _name(client_a, complete_a, kyrgyz)

    assert "not from a country this request covers" in refused.content.decode()
    assert not complete_a.corequests.exists()
    _name(client_a, complete_a, kyrgyz, confirm_countries="on")
    assert complete_a.corequests.get().institution == kyrgyz


def test_it_shows_staff_each_co_requester_s_answer_on_the_desk(client_for, staff, joint_a):
    declined = factories.InstitutionFactory(name="Border Service", country="TJ")
    joint_a.corequests.create(institution=declined, status="declined", reason="No capacity now")
    page = client_for(staff).get(
        reverse("admin:requests_app_capacityrequest_change", args=[joint_a.pk])
    )

    text = page.content.decode()
    assert "Ministry of Interior of Tajikistan" in text and "Confirmed" in text
    assert "Border Service" in text and "No capacity now" in text


def test_it_reads_the_stored_co_requesters_for_the_page_but_not_to_check_a_post(complete_a):
    InstitutionStepForm(capacity_request=complete_a)  # the institutions listed, now cached
    with CaptureQueriesContext(connection) as page:
        InstitutionStepForm(capacity_request=complete_a)
    with CaptureQueriesContext(connection) as post:
        InstitutionStepForm({"country": "TJ"}, capacity_request=complete_a)

    assert any("accounts_app_partnerinstitution" in q["sql"] for q in page)
    assert len(post) == 0


def test_it_asks_again_to_confirm_a_stored_co_requester_from_elsewhere(complete_a, partner_b):
    assert "confirm_countries" not in InstitutionStepForm(capacity_request=complete_a).fields
    factories.co_request(complete_a, partner_b.institution)  # Kyrgyz, the draft Tajik

    form = InstitutionStepForm(capacity_request=complete_a)
    assert form.initial["confirm_countries"] is True
    assert "confirm_countries" in InstitutionStepForm({}, capacity_request=complete_a).fields
