"""`manage.py seed_public_demo`: the public demo content, the same however often it runs."""

from __future__ import annotations

from datetime import date

from django.core.management import call_command

from actions_app.models import Action, ActionStatus, Activity, NewsItem, Resource


def counts() -> tuple[int, int, int, int]:
    return (
        Action.objects.count(),
        Activity.objects.count(),
        NewsItem.objects.count(),
        Resource.objects.count(),
    )


def test_it_creates_the_central_asian_demo_in_both_languages(db):
    call_command("seed_public_demo", quiet=True)
    tajik = Action.objects.get(code="Tajikistan III")
    assert tajik.status == ActionStatus.COMPLETED and tajik.published
    assert tajik.title_en and tajik.title_ru and tajik.activities.count() == 6
    assert set(Action.objects.values_list("code", flat=True)) >= {"Kyrgyzstan II", "Uzbekistan I"}
    news = NewsItem.objects.get(date=date(2021, 2, 17))
    assert news.title_en and news.title_ru


def test_it_ships_the_info_sheet_as_a_pdf_in_each_language(db):
    call_command("seed_public_demo", quiet=True)
    sheet = Resource.objects.get(kind="info_sheet")
    for file in (sheet.file_en, sheet.file_ru):
        with file.open("rb") as handle:
            content = handle.read()
        assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")


def test_it_changes_nothing_when_run_again(db):
    call_command("seed_public_demo", quiet=True)
    before = counts()
    call_command("seed_public_demo", quiet=True)
    assert counts() == before
