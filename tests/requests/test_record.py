"""The printable record: a PDF of a submitted request, read back with pdftotext."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from requests_app.models import EventKind, RequestEvent, Visibility
from tests import factories
from tests.pdftext import pdf_text

TITLE_RU = "Статистика трудовой миграции в Таджикистане"
NOTE = "Internal marker: budget line doubtful"


def submitted_in_russian(partner):
    return factories.submitted_request(
        partner, submission_language="ru", title_ru=TITLE_RU, title_en=""
    )


def record_url(obj, language: str = "en") -> str:
    with translation.override(language):
        return reverse("requests:record", args=[obj.pk])


def staff_record_url(obj) -> str:
    return reverse("admin:requests_app_capacityrequest_record", args=[obj.pk])


def read(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


def test_it_prints_the_reference_cyrillic_title_fields_and_files(partner_a, client_for):
    obj = submitted_in_russian(partner_a)
    text = read(client_for(partner_a).get(record_url(obj)))
    assert obj.reference in text
    assert TITLE_RU in text
    assert str(obj.institution.name) in text
    assert "letter.pdf" in text and "Official request letter" in text
    assert "Submitted" in text


def test_it_prints_both_language_versions_marking_the_original(partner_a, client_for):
    obj = submitted_in_russian(partner_a)
    type(obj).objects.filter(pk=obj.pk).update(title_en="Labour migration statistics in Tajikistan")
    text = read(client_for(partner_a).get(record_url(obj, "ru")))
    assert TITLE_RU in text and "Labour migration statistics in Tajikistan" in text
    assert "Русский · оригинал" in text and "Английский · рабочий перевод" in text
    assert text.index(TITLE_RU) < text.index("Labour migration statistics in Tajikistan")


def test_the_partner_record_holds_no_internal_note_the_staff_one_does(partner_a, staff, client_for):
    obj = submitted_in_russian(partner_a)
    RequestEvent.objects.create(
        request=obj, kind=EventKind.NOTE, body=NOTE, visibility=Visibility.STAFF, actor=staff
    )
    assert NOTE not in read(client_for(partner_a).get(record_url(obj)))
    assert NOTE not in read(client_for(staff).get(record_url(obj)))
    staff_text = read(client_for(staff).get(staff_record_url(obj)))
    assert NOTE in staff_text and TITLE_RU in staff_text


def test_it_gives_a_draft_no_record_and_another_institution_a_404(partner_a, partner_b, client_for):
    draft = factories.complete_draft(institution=partner_a.institution)
    obj = submitted_in_russian(partner_a)
    assert client_for(partner_a).get(record_url(draft)).status_code == 404
    assert client_for(partner_b).get(record_url(obj)).status_code == 404
    assert client_for(partner_a).get(record_url(obj)).status_code == 200


def test_the_request_pages_link_to_the_record(partner_a, staff, client_for):
    obj = submitted_in_russian(partner_a)
    detail = client_for(partner_a).get(reverse("requests:detail", args=[obj.pk]))
    assert record_url(obj) in detail.content.decode()
    admin_page = client_for(staff).get(
        reverse("admin:requests_app_capacityrequest_change", args=[obj.pk])
    )
    assert staff_record_url(obj) in admin_page.content.decode()


def test_the_staff_record_holds_the_screening_the_partner_record_does_not(
    partner_a, staff, client_for
):
    obj = factories.screened(submitted_in_russian(partner_a), comment="Ministry owns the need.")
    partner_text = read(client_for(partner_a).get(record_url(obj)))
    assert "Ministry owns the need." not in partner_text
    assert "Screening assessment" not in partner_text and "Eligible: send" not in partner_text
    staff_text = read(client_for(staff).get(staff_record_url(obj)))
    assert "Screening assessment (staff only)" in staff_text
    assert (
        "Ministry owns the need." in staff_text and "Eligible: send to consultation" in staff_text
    )
