"""The workflow rows are complete: every stage has a row, every event an audience and e-mails."""

from __future__ import annotations

import pytest
from django.conf import settings

from notifications_app.services import render_email
from requests_app import workflow
from requests_app.models import Status
from requests_app.workflow import Audience
from tests import factories

TEMPLATES = sorted({told.template for n in workflow.NOTICES.values() for told in n.tell})
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def test_it_has_one_stage_row_per_status():
    assert [stage.status for stage in workflow.STAGES] == list(Status)


@pytest.mark.parametrize("event", sorted(workflow.NOTICES))
def test_it_tells_someone_of_each_event_or_says_nobody_is_told(event):
    notice = workflow.NOTICES[event]
    assert notice.tell or notice.nobody, f"{event}: no audience and no decision that nobody hears"
    assert not (notice.tell and notice.nobody), f"{event}: an audience, yet marked nobody"
    assert all(told.template for told in notice.tell), f"{event}: an audience without e-mail"


def test_it_tells_the_partner_when_the_review_starts():
    tells = workflow.BY_KEY["start_screening"].notice.tell
    assert {(t.audience, t.only_with_comment) for t in tells} == {
        (Audience.PARTNER, False),
        (Audience.CO_REQUESTERS, False),
    }


@pytest.mark.parametrize(
    ("transition", "source"),
    [(t, s) for t in workflow.TRANSITIONS for s in t.sources],
    ids=lambda v: getattr(v, "key", getattr(v, "value", str(v))),
)
def test_it_tells_the_partner_of_an_unchanged_stage_only_with_a_comment(transition, source):
    # Screening → consultation both read "Under review": a second e-mail would say nothing new.
    if workflow.partner_sees_change(source, transition.target):
        return
    partner_tells = [t for t in transition.notice.tell if t.audience in workflow.PARTNER_AUDIENCES]
    assert all(t.only_with_comment for t in partner_tells), transition.key


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", TEMPLATES)
def test_it_renders_every_e_mail_of_the_table_in_every_language(partner_a, template, language):
    request = factories.submitted_request(partner_a)
    context = {"request": request, "title": "T", "comment": "C", "link": "https://x.test/"}
    subject, text, html = render_email(event=template, language=language, context=context)
    assert subject.strip() and text.strip() and html.strip()
    assert request.reference in subject + text


def test_it_labels_each_partner_filter_as_the_stages_it_lists():
    for key, (label, stages) in workflow.PARTNER_FILTERS.items():
        assert {str(workflow.partner_label(s)) for s in stages} == {str(label)}, key
    grouped = [s for _label, stages in workflow.PARTNER_FILTERS.values() for s in stages]
    assert sorted(grouped) == sorted(Status)
