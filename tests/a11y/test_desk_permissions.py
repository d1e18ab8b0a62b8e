"""The permission selectors of the user and group pages, and the historical models, in the
reader's language (mieux_portal.admin_permissions, mieux_portal.history): Django stores
permission names in English, django-simple-history names its models "historical …"."""

from __future__ import annotations

from tests import factories

GROUP_ADD = "/{lang}/admin/auth/group/add/"
USER_CHANGE = "/{lang}/admin/accounts_app/user/{pk}/change/"


def test_it_names_the_group_page_permissions_in_russian(client_for, superuser):
    page = client_for(superuser).get(GROUP_ADD.format(lang="ru")).content.decode()

    assert "Может добавлять объекты «заявка на развитие потенциала»" in page
    assert "Может вносить решения Руководящего комитета" in page
    assert "Can add" not in page and "Can view" not in page


def test_it_names_the_user_page_permissions_in_french_and_spanish(
    client_for, superuser, all_languages_on
):
    french = client_for(superuser).get(USER_CHANGE.format(lang="fr", pk=superuser.pk))
    spanish = client_for(superuser).get(USER_CHANGE.format(lang="es", pk=superuser.pk))

    assert "Peut ajouter : " in french.content.decode()
    assert "Puede añadir: " in spanish.content.decode()
    assert "Can add" not in french.content.decode() + spanish.content.decode()


def test_it_names_historical_models_without_the_english_word(client_for, superuser):
    page = client_for(superuser).get(GROUP_ADD.format(lang="ru")).content.decode()

    assert "версия: заявка на развитие потенциала" in page
    assert "historical" not in page.lower()


def test_it_keeps_the_english_names_on_the_english_desk(client_for, superuser):
    page = client_for(superuser).get(GROUP_ADD.format(lang="en")).content.decode()

    assert "Can add capacity-development request" in page
    assert "historical capacity-development request" in page


def test_it_names_the_app_and_list_on_a_version_page(client_for, staff, partner_a):
    request = factories.submitted_request(partner_a)
    version = request.history.first()
    url = f"/ru/admin/requests_app/capacityrequest/{request.pk}/history/{version.history_id}/"

    page = client_for(staff).get(url).content.decode()
    crumbs = page.split('class="breadcrumbs"')[1].split("</div>")[0]

    assert "Заявки на развитие потенциала" in crumbs
    assert "Requests_app" not in crumbs and "Historical" not in crumbs


def membership_heading(client, lang: str, user) -> str:
    page = client.get(USER_CHANGE.format(lang=lang, pk=user.pk)).content.decode()
    start = page.index("<h3><b>")
    return page[start : page.index("</b>", start) + 4]


def test_it_writes_the_member_s_institution_heading_with_the_french_colon(
    client_for, superuser, all_languages_on
):
    member = factories.partner()

    assert membership_heading(client_for(superuser), "fr", member) == "<h3><b>Institution :</b>"


def test_it_keeps_the_english_colon_on_the_english_desk(client_for, superuser):
    member = factories.partner()

    assert membership_heading(client_for(superuser), "en", member) == "<h3><b>Institution:</b>"
