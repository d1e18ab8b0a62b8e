"""Yes/no columns of the desk's lists say yes or no in the reader's language
(mieux_portal.admin_booleans): Django's icons said "True" and "False" on every desk."""

from __future__ import annotations

import re

import pytest

from tests import factories

USERS = "/{lang}/admin/accounts_app/user/"
KINDS = "/{lang}/admin/accounts_app/institutionkind/"


def icon_texts(page: str) -> set[str]:
    return set(
        re.findall(r'<img src="[^"]*/admin/img/icon-(?:yes|no|unknown)\.svg" alt="([^"]*)"', page)
    )


@pytest.mark.parametrize(
    ("lang", "yes", "no"), [("ru", "Да", "Нет"), ("fr", "Oui", "Non"), ("es", "Sí", "No")]
)
def test_it_names_the_icons_of_a_list_in_the_language(
    client_for, staff, all_languages_on, lang, yes, no
):
    page = client_for(staff).get(USERS.format(lang=lang)).content.decode()

    assert icon_texts(page) == {yes} or {yes, no} >= icon_texts(page) != set()
    assert 'alt="True"' not in page and 'alt="False"' not in page


def test_it_names_both_icons_of_a_reference_list_in_russian(client_for, staff):
    page = client_for(staff).get(KINDS.format(lang="ru")).content.decode()

    assert icon_texts(page) == {"Да", "Нет"}


def test_it_keeps_the_column_sortable_under_its_name(client_for, staff):
    page = client_for(staff).get(KINDS.format(lang="ru")).content.decode()

    assert 'class="sortable column-is_governmental' in page
    assert client_for(staff).get(KINDS.format(lang="ru") + "?o=3").status_code == 200


def test_it_says_yes_and_no_in_english_on_the_english_desk(client_for, staff):
    page = client_for(staff).get(KINDS.format(lang="en")).content.decode()

    assert icon_texts(page) == {"Yes", "No"}


def test_it_names_a_read_only_yes_no_field_of_a_change_page(client_for, db):
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)

    page = client_for(superuser).get("/ru/admin/accounts_app/partnerinstitution/add/")

    assert 'icon-no.svg" alt="Нет"' in page.content.decode()
    assert 'alt="False"' not in page.content.decode()
