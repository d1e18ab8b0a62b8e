"""Run by tests/search/test_sqlite.py in a process of its own, on a fresh SQLite file (the
embedded default of `make run`): migrates, adds a Russian request and the public demo, and
prints as JSON what each search finds. Not a test module itself."""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mieux_portal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from requests_app.list_version import institution_version
    from requests_app.models import CapacityRequest
    from tests import factories

    settings.ADMIN_REQUIRE_MFA = False  # the admin's second factor is tested elsewhere
    call_command("migrate", verbosity=0)
    call_command("seed_public_demo", verbosity=0)
    institution = factories.InstitutionFactory(name="Министерство труда", address="г. Душанбе")
    found = factories.CapacityRequestFactory(
        institution=institution,
        status="submitted",
        reference="MX-2026-0101",
        submission_language="ru",
        title_ru="Электронный учёт трудовых мигрантов",
        context_ru="Агентство готовит ЭЛЕКТРОННУЮ систему для мигрантов.",
        contact_name="Рахимова Нилуфар",
    )
    other = factories.CapacityRequestFactory(
        status="submitted", reference="MX-2026-0102", title_en="Border data", contact_name="Smith"
    )
    assert CapacityRequest.objects.count() == 2
    staff = factories.staff_user(is_superuser=True)
    client = Client()
    client.force_login(staff)

    def admin(q: str) -> list[str]:
        page = client.get(
            "/ru/admin/requests_app/capacityrequest/", {"q": q}, HTTP_ACCEPT_LANGUAGE="ru"
        ).content.decode()
        return [ref for ref in (found.reference, other.reference) if ref in page]

    def catalogue(q: str) -> list[str]:
        page = Client().get("/ru/actions/", {"q": q}).content.decode()
        return [code for code in ("Tajikistan III", "Uzbekistan I") if code in page]

    print(
        json.dumps(
            {
                "vendor": django.db.connection.vendor,
                "admin": {q: admin(q) for q in ("электронный", "рахимова", "душанбе", "smith")},
                "catalogue": {q: catalogue(q) for q in ("таджикистан", "ТАДЖИКИСТАН", "узбек")},
                "listed": institution_version(institution.pk)[0],
                "queryset": {
                    q: sorted(CapacityRequest.objects.search(q).values_list("reference", flat=True))
                    for q in ("ЭЛЕКТРОННУЮ учёт", "мигрантов", "граница")
                },
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
