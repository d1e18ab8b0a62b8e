"""One-line fields stay one line: a line break typed into a title or a name cannot forge a
line ("Bcc: …") in the plain-text e-mails that quote it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mieux_portal.forms import one_line
from notifications_app.models import Notification
from requests_app.forms import NeedStepForm
from tests import factories

FORGED = "Labour statistics\r\nBcc: x@y"


def need_step(client, draft, **changes):
    """Post the need step as it stands, with ``changes``."""
    data = {k: v for k, v in NeedStepForm.initial_for(draft).items() if v is not None}
    url = reverse("requests:step", args=[draft.pk, "need"])
    return client.post(url, {**data, **changes, "action": "save"})


def forged_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("Bcc:")]


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("a\r\nBcc: x@y", "a Bcc: x@y"),
        ("tab\there", "tab here"),
        ("line\u2028sep\x85nel\x0bvt", "line sep nel vt"),
        ("nul\x00bell\x07esc\x1b[31m", "nulbellesc[31m"),
        ("\u202eevil.pdf\u202c\u200b\ufeff", "evil.pdf"),
        ("Министерство труда", "Министерство труда"),
        ("می\u200cخواهم 👩🏽\u200d💼 \u200fوزارة", "می\u200cخواهم 👩🏽\u200d💼 \u200fوزارة"),
    ],
)
def test_it_makes_a_value_one_line_and_keeps_written_text(typed, kept):
    assert one_line(typed) == kept


def test_it_keeps_a_forged_title_on_one_line_in_the_staff_e_mail(client_a, partner_a, staff):
    draft = factories.complete_draft(institution=partner_a.institution)
    need_step(client_a, draft, title=FORGED)
    client_a.post(reverse("requests:review", args=[draft.pk]), {"consent": "on"})

    draft.refresh_from_db()
    row = Notification.objects.get(event="request_submitted_staff", to_email=staff.email)
    assert draft.narrative("title") == "Labour statistics Bcc: x@y"
    assert "Labour statistics Bcc: x@y" in row.body_text
    assert forged_lines(row.body_text) == []


def test_it_keeps_a_forged_institution_name_on_one_line(client_a, partner_a):
    institution = partner_a.institution
    data = {"name": "Ministry\r\nBcc: x@y", "kind": institution.kind_id, "country": "TJ"}
    client_a.post(reverse("accounts:institution"), data)

    institution.refresh_from_db()
    assert institution.name == "Ministry Bcc: x@y"


def test_it_keeps_forged_profile_names_on_one_line(client_a, partner_a):
    data = {"first_name": "Dilnoza\nBcc: x@y", "last_name": "Karimova\t", "phone": "+992\r\n1"}
    client_a.post(reverse("accounts:profile"), {**data, "preferred_language": "en"})

    partner_a.refresh_from_db()
    assert (partner_a.first_name, partner_a.last_name) == ("Dilnoza Bcc: x@y", "Karimova")
    assert partner_a.phone == "+992 1"


def test_it_keeps_line_breaks_where_text_has_paragraphs(client_a, partner_a):
    draft = factories.complete_draft(institution=partner_a.institution)
    need_step(client_a, draft, context="First.\r\nSecond.")

    draft.refresh_from_db()
    assert draft.narrative("context") == "First.\r\nSecond."
