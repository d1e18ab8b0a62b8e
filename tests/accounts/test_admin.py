"""The staff desk for people and institutions."""

from __future__ import annotations

from django.contrib.admin.sites import site

from accounts_app.models import InstitutionKind, User
from tests import factories

CHANGELIST = "/en/admin/accounts_app/partnerinstitution/"


def verify(client, institution):
    return client.post(
        CHANGELIST,
        {"action": "mark_verified", "_selected_action": [institution.pk], "index": 0},
    )


def test_it_sends_a_partner_to_the_admin_login(client_for, partner_a):
    response = client_for(partner_a).get("/en/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/admin/login/")


def test_it_refuses_the_verify_action_to_plain_staff(client_for, staff, institution_a):
    client = client_for(staff)

    assert "mark_verified" not in client.get(CHANGELIST).content.decode()
    verify(client, institution_a)

    institution_a.refresh_from_db()
    assert not institution_a.verified and institution_a.verified_by is None


def test_it_lets_a_manager_verify_and_records_who_and_when(client_for, manager, institution_a):
    response = verify(client_for(manager), institution_a)

    institution_a.refresh_from_db()
    assert response.status_code == 302
    assert institution_a.verified and institution_a.verified_by == manager
    assert institution_a.verified_at is not None


def test_it_lists_institutions_with_member_counts_in_constant_queries(
    client_for, manager, institution_a, django_assert_max_num_queries
):
    for _ in range(3):
        factories.partner(institution=factories.InstitutionFactory())
    factories.partner(institution=institution_a)
    client = client_for(manager)

    with django_assert_max_num_queries(10):
        response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert response.context["cl"].result_count == 4


def test_it_adds_a_user_by_email_in_the_admin(client_for, db):
    admin_user = factories.UserFactory(is_staff=True, is_superuser=True)

    response = client_for(admin_user).post(
        "/en/admin/accounts_app/user/add/",
        {
            "email": "New.Staff@MIEUX.local",
            "first_name": "Anna",
            "last_name": "Berg",
            "preferred_language": "en",
            "usable_password": "false",
            "membership-TOTAL_FORMS": "0",
            "membership-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.get(email="new.staff@mieux.local").first_name == "Anna"


def test_it_renders_the_user_changelist_and_change_form(client_for, partner_a, db):
    client = client_for(factories.UserFactory(is_staff=True, is_superuser=True))

    changelist = client.get("/en/admin/accounts_app/user/?q=partner.a")
    change = client.get(f"/en/admin/accounts_app/user/{partner_a.pk}/change/")

    assert (
        changelist.status_code == 200 and partner_a.institution.name in changelist.content.decode()
    )
    assert change.status_code == 200


def test_it_loads_the_kind_tabs_without_a_cdn(client_for, manager):
    kind = InstitutionKind.objects.first()

    response = client_for(manager).get(f"/en/admin/accounts_app/institutionkind/{kind.pk}/change/")

    media = str(site._registry[InstitutionKind].media)
    assert response.status_code == 200
    assert "//" not in media.replace("/static/", "")
    assert "vendor/jquery-ui-1.14.2.min.js" in media
    assert "tabbed_translation_fields.js" in media


def test_it_shows_staff_who_may_not_change_a_user_no_password_link(client_for, staff, partner_a):
    page = client_for(staff).get(f"/en/admin/accounts_app/user/{partner_a.pk}/change/")
    refused = client_for(staff).get(f"/en/admin/accounts_app/user/{partner_a.pk}/password/")

    assert page.status_code == 200 and "md5" in page.content.decode()  # the summary stays
    assert 'href="../password/"' not in page.content.decode()
    assert refused.status_code == 403


def test_it_shows_the_password_link_to_whoever_may_change_the_user(client_for, partner_a):
    admin = client_for(factories.UserFactory(is_staff=True, is_superuser=True))

    page = admin.get(f"/en/admin/accounts_app/user/{partner_a.pk}/change/")

    assert 'href="../password/"' in page.content.decode()
    assert admin.get(f"/en/admin/accounts_app/user/{partner_a.pk}/password/").status_code == 200
