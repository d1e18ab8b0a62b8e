"""What keeps a request from being submitted: `request_problems`, in form order, each
problem with the step where it is fixed (the review page lists them, submitting refuses them).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.db.models import ManyToManyField
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mieux_portal import sqlnames

from .models import (
    NARRATIVE_FIELDS,
    Attachment,
    AttachmentKind,
    CapacityRequest,
    Channel,
    Region,
)
from .steps import STEP_OF_FIELD


@dataclass(frozen=True)
class Problem:
    """Something missing at submit, and the form step where it is fixed."""

    step: str
    field: str
    message: str | Promise


REQUIRED_FIELDS: tuple[tuple[str, Promise], ...] = (
    ("contact_name", _("Give the name of the contact person.")),
    ("contact_email", _("Give the contact person's e-mail address.")),
    ("country", _("Choose the country of the request.")),
    ("request_type", _("Choose the type of request.")),
    ("title", _("Give the request a title.")),
    ("context", _("Describe the context.")),
    ("needs", _("Describe the needs.")),
    ("objectives", _("State the objectives.")),
    ("proposed_activities", _("Describe the activities you propose.")),
    ("expected_results", _("Describe the results you expect.")),
)


def request_problems(request: CapacityRequest) -> list[Problem]:
    """Everything that keeps a request from being submitted, in form order."""
    problems: list[Problem] = []

    def add(field: str, message: str | Promise) -> None:
        problems.append(Problem(STEP_OF_FIELD.get(field, "files"), field, message))

    for step in request.draft_payload:
        problems.append(Problem(step, "", _("Some fields of this step still hold invalid input.")))
    for field, message in REQUIRED_FIELDS:
        value = request.narrative(field) if field in NARRATIVE_FIELDS else getattr(request, field)
        if not str(value or "").strip():
            add(field, message)
    if request.channel == Channel.DELEGATION and not request.delegation_contact.strip():
        add("delegation_contact", _("Name your contact at the EU Delegation."))
    if request.country and Region.id_for_country(str(request.country)) is None:
        add("country", _("MIEUX+ does not cover this country at present."))
    present = _present(request)
    if not present["topics"]:
        add("topics", _("Choose at least one topic."))
    if not present["activity_types"]:
        add("activity_types", _("Choose at least one kind of activity."))
    if (
        request.timeframe_start
        and request.timeframe_end
        and request.timeframe_end < request.timeframe_start
    ):
        add("timeframe_end", _("The wished end is before the wished start."))
    from .joint import eligibility_problem  # `joint` imports this module

    joint_problem = eligibility_problem(request)
    if joint_problem:
        add("co_institutions", joint_problem)
    if not present["letter"]:
        add("letter", _("Attach the official request letter."))
    return problems


def _present(request: CapacityRequest) -> dict[str, bool]:
    """Whether the request has topics, kinds of activities and a letter: in one query of
    plain SQL (`_present_sql`), or from what was prefetched with it (the review page's
    summary reads them all)."""
    prefetched = getattr(request, "_prefetched_objects_cache", {})
    if {"topics", "activity_types", "attachments"} <= prefetched.keys():
        return {
            "topics": bool(prefetched["topics"]),
            "activity_types": bool(prefetched["activity_types"]),
            "letter": any(a.kind == AttachmentKind.LETTER for a in prefetched["attachments"]),
        }
    with connection.cursor() as cursor:
        cursor.execute(_present_sql(), [request.pk, request.pk, request.pk, AttachmentKind.LETTER])
        has_topics, has_kinds, has_letter = cursor.fetchone()
    return {
        "topics": bool(has_topics),
        "activity_types": bool(has_kinds),
        "letter": bool(has_letter),
    }


@cache
def _present_sql() -> str:
    """The statement of `_present`, made once from the models' tables and columns: three
    EXISTS on the indexes of the two lists and of the files. Built by the ORM on every step
    page and at submit, the same query cost the worker about 2 ms of CPU (the request's
    columns and three subqueries compiled), ten times what PostgreSQL spends running it."""

    def chosen(name: str) -> str:
        field = CapacityRequest._meta.get_field(name)
        assert isinstance(field, ManyToManyField)
        through = field.remote_field.through
        assert through is not None
        owner = sqlnames.column(through, field.m2m_field_name())
        return f"SELECT 1 FROM {sqlnames.table(through)} WHERE {owner} = %s"  # noqa: S608 - the models' own names

    request, kind = sqlnames.column(Attachment, "request"), sqlnames.column(Attachment, "kind")
    letter = f"SELECT 1 FROM {sqlnames.table(Attachment)} WHERE {request} = %s AND {kind} = %s"  # noqa: S608
    return (
        f"SELECT EXISTS({chosen('topics')}), EXISTS({chosen('activity_types')}), EXISTS({letter})"
    )
