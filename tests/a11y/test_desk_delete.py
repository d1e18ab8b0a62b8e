"""Delete pages in the reader's language (mieux_portal.admin_delete, admin_strings): no
English names Django gives many-to-many rows, the model named after a noun in Russian."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission


@pytest.fixture
def group(db):
    group = Group.objects.create(name="Reviewers")
    group.permissions.set(Permission.objects.filter(codename__startswith="view_")[:3])
    return group


def delete_page(client, group, lang: str) -> str:
    return client.get(f"/{lang}/admin/auth/group/{group.pk}/delete/").content.decode()


def test_it_counts_the_links_of_a_deletion_in_russian(client_for, superuser, group):
    page = delete_page(client_for(superuser), group, "ru")

    assert "Связи между объектами «группы» и «права»: 3" in page
    assert "relationship" not in page and "object (" not in page


def test_it_names_the_model_after_a_noun_on_the_russian_delete_page(client_for, superuser, group):
    page = delete_page(client_for(superuser), group, "ru")

    assert "хотите удалить объект «Reviewers» (группа)?" in page
    assert "удалить группа" not in page


def test_it_counts_the_links_in_english_on_the_english_desk(client_for, superuser, group):
    page = delete_page(client_for(superuser), group, "en")

    assert "Links between groups and permissions: 3" in page


def test_it_still_deletes_the_group_and_its_links(client_for, superuser, group):
    client_for(superuser).post(f"/ru/admin/auth/group/{group.pk}/delete/", {"post": "yes"})

    assert not Group.objects.filter(pk=group.pk).exists()
    assert not Group.permissions.through.objects.filter(group_id=group.pk).exists()
