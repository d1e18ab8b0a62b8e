"""A new partner's whole first request, in a real browser (Debian's Chromium)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from requests_app.models import CapacityRequest, Status
from tests.factories import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def confirmation_link() -> str:
    body = mail.outbox[-1].body
    return re.search(r"https?://\S+/confirm-email/\S+", body).group(0)


def test_it_takes_a_new_partner_from_sign_up_to_a_submitted_russian_request(
    page, live_server, reference_data
):
    page.goto(f"{live_server.url}/en/accounts/signup/")
    page.fill("#id_email", "nodira@migration.tj")
    page.fill("#id_first_name", "Нодира")
    page.fill("#id_last_name", "Саидова")
    page.fill("#id_password1", "Dushanbe-2026-secure")
    page.fill("#id_password2", "Dushanbe-2026-secure")
    page.locator("main form button[type=submit]").click()
    page.goto(confirmation_link())
    page.locator("main form button[type=submit]").click()
    if "/login/" in page.url:
        page.fill("#id_login", "nodira@migration.tj")
        page.fill("#id_password", "Dushanbe-2026-secure")
        page.locator("main form button[type=submit]").click()

    page.goto(f"{live_server.url}/en/requests/")
    assert "/institution/new/" in page.url
    page.fill("#id_name", "Миграционная служба Республики Таджикистан")
    page.fill("#id_english_name", "Migration Service of the Republic of Tajikistan")
    page.fill("#id_acronym", "МС")
    page.select_option("#id_kind", label="National authority")
    page.select_option("#id_country", "TJ")
    page.locator("main form button[type=submit]").click()

    page.locator('a[data-language="ru"]').click()
    assert "/ru/" in page.url
    page.goto(f"{live_server.url}/ru/requests/new/")
    page.locator("main form button[type=submit]").click()
    assert "/edit/institution/" in page.url
    page.fill("#id_contact_position", "Начальник отдела")
    page.fill("#id_contact_phone", "+992 37 221 00 00")
    page.click('button[name="action"][value="continue"]')

    page.select_option("#id_request_type", "action")
    page.fill("#id_title", "Укрепление статистики трудовой миграции")
    page.check("#id_topics_0")
    page.fill("#id_context", "Ежегодно сотни тысяч граждан выезжают на работу за рубеж.")
    page.fill("#id_needs", "Нужна единая методика учёта трудовых мигрантов.")
    page.fill("#id_objectives", "Улучшить сбор и анализ данных о трудовой миграции.")
    page.fill("#id_target_groups", "Сотрудники миграционной службы и статистического агентства.")
    page.click('button[name="action"][value="continue"]')

    page.check("#id_activity_types_0")
    page.fill("#id_proposed_activities", "Оценочная миссия, семинар и учебный визит в ЕС.")
    page.fill("#id_expected_results", "Методика учёта утверждена, 30 сотрудников обучены.")
    page.fill("#id_working_languages", "русский, английский")
    page.click('button[name="action"][value="continue"]')

    assert "/edit/files/" in page.url
    page.check("input[name=kind][value=letter]")
    page.set_input_files(
        "#id_file",
        {"name": "письмо.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES},
    )
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    assert page.locator("text=письмо.pdf").count() >= 1

    page.goto(page.url.replace("/edit/files/", "/edit/review/"))
    page.check("#id_consent")
    page.locator("main form[data-once] button[type=submit]").last.click()

    request = CapacityRequest.objects.get()
    assert request.status == Status.SUBMITTED
    assert request.submission_language == "ru"
    assert request.title_ru == "Укрепление статистики трудовой миграции"
    page.goto(f"{live_server.url}/ru/requests/")
    row = page.locator("tr", has_text=request.reference)
    assert row.count() == 1
    assert "Подана" in row.inner_text()
