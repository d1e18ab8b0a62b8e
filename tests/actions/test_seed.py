"""`manage.py seed_public_demo`: the public demo content, the same however often it runs."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from actions_app.demo.data import INFO_SHEET
from actions_app.demo.seed import info_sheet_pdf
from actions_app.models import Action, ActionStatus, Activity, NewsItem, Resource
from tests.pdftext import pdf_text, words


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


def test_it_ships_the_russian_info_sheet_in_cyrillic_beside_the_english_one(db):
    call_command("seed_public_demo", quiet=True)
    sheet = Resource.objects.get(kind="info_sheet")
    with sheet.file_ru.open("rb") as russian, sheet.file_en.open("rb") as english:
        russian_text, english_text = pdf_text(russian.read()), pdf_text(english.read())
    assert "Финансируется Европейским союзом, реализуется ICMPD." in russian_text
    assert "Funded by the European Union, implemented by ICMPD." in english_text


@pytest.mark.parametrize("language", sorted(INFO_SHEET["lines"]))
def test_it_ships_the_info_sheet_with_the_text_of_the_demo_data(language):
    text = pdf_text(info_sheet_pdf(language))
    assert all(words(line) in text for line in INFO_SHEET["lines"][language])


def test_it_changes_nothing_when_run_again(db):
    call_command("seed_public_demo", quiet=True)
    before = counts()
    call_command("seed_public_demo", quiet=True)
    assert counts() == before


def test_it_creates_the_french_version_of_the_demo_beside_english_and_russian(db):
    call_command("seed_public_demo", quiet=True)
    tajik = Action.objects.get(code="Tajikistan III")
    assert tajik.title_fr.startswith("Une migration de main-d’œuvre")
    assert all(activity.title_fr for activity in tajik.activities.all())
    assert NewsItem.objects.get(date=date(2021, 2, 17)).body_fr.startswith("Le 17 février 2021")
    sheet = Resource.objects.get(kind="info_sheet")
    assert sheet.title_fr == "Fiche d’information MIEUX+"
    with sheet.file_fr.open("rb") as french:
        assert "Financé par l’Union européenne, mis en œuvre par l’ICMPD." in pdf_text(
            french.read()
        )


def test_it_creates_the_spanish_version_of_the_demo_beside_the_others(db):
    call_command("seed_public_demo", quiet=True)
    tajik = Action.objects.get(code="Tajikistan III")
    assert tajik.title_es == "Una migración laboral más segura y mejor informada desde Tayikistán"
    assert all(activity.title_es for activity in tajik.activities.all())
    assert NewsItem.objects.get(date=date(2021, 2, 17)).body_es.startswith(
        "El 17 de febrero de 2021"
    )
    sheet = Resource.objects.get(kind="info_sheet")
    assert sheet.title_es == "Ficha informativa de MIEUX+"
    with sheet.file_es.open("rb") as spanish:
        assert "Financiado por la Unión Europea, ejecutado por el ICMPD." in pdf_text(
            spanish.read()
        )


def test_it_adds_a_new_language_to_a_demo_seeded_before_it_without_overwriting_edits(db):
    call_command("seed_public_demo", quiet=True)
    tajik = Action.objects.get(code="Tajikistan III")
    Action.objects.filter(pk=tajik.pk).update(title_fr=None, summary_fr="Texte revu.")
    tajik.activities.filter(number=1).update(title_fr="")
    news = NewsItem.objects.filter(date=date(2021, 2, 17))
    news.update(title_fr=None)
    sheet = Resource.objects.get(kind="info_sheet")
    sheet.file_fr.delete(save=True)
    before = counts()
    call_command("seed_public_demo", quiet=True)
    tajik.refresh_from_db()
    assert tajik.title_fr.startswith("Une migration de main-d’œuvre")
    assert tajik.summary_fr == "Texte revu."  # edited by staff: kept
    assert tajik.activities.get(number=1).title_fr.startswith("Évaluation des besoins")
    assert news.get().title_fr.startswith("Séance d’information en ligne")
    sheet.refresh_from_db()
    assert sheet.file_fr and counts() == before
