"""The decision dossier: what the Steering Committee reads about a request, as a PDF.

One request's dossier is its staff record (`requests_app.record` with ``staff=True``: every
field, both language versions, files, the screening assessment and the internal notes),
then the opinions of the consulted bodies, then the whole timeline (partner-visible and
internal rows). A dossier of several requests (`requests_app.dossier_jobs`, built by a
Celery task) is a cover listing them, then each request's dossier from a new page.

Who may read it (:func:`may_read_dossier`): MIEUX+ managers, who record the decision.
Partners never: the screening, the opinions and the internal notes are staff-side only.
Staff who do not decide read the same facts on the request page, but not this document.

A consulted body's members read the dossier of a request their body is consulted on
(`views.consultation.dossier`, behind the same guard as their page of the request) with
``body``: what their page shows and nothing more, that is the partner's record plus the
screening assessment, their own body's opinion (never another body's), and the timeline's
stage changes as the partner reads them (no internal row, no note, no message).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _
from weasyprint.document import Document

from accounts_app.models import ConsultedBody

from . import workflow
from .consultation import consultations_for
from .models import CapacityRequest, EventKind, RequestEvent
from .record import record_context, render_pdf


@dataclass(frozen=True)
class OpinionLine:
    """One consulted body as the dossier prints it: its opinion, or that it has given none."""

    body: str  # the consulted body (EU Delegation, DG INTPA, ...)
    position: str  # supports / with conditions / does not support, or "no opinion yet"
    text: str
    author: str
    given_at: datetime | None
    deadline: date
    given: bool


def opinions_of(obj: CapacityRequest, body: ConsultedBody | None = None) -> list[OpinionLine]:
    """Every body consulted on the request (every round, oldest first), with its opinion;
    with ``body``, that body's only."""
    lines = []
    for consultation in consultations_for(obj):
        if body is not None and consultation.body_id != body.pk:
            continue
        opinion = consultation.opinion_or_none
        author = opinion.given_by if opinion else None
        lines.append(
            OpinionLine(
                body=str(consultation.body),
                position=(opinion.get_stance_display() if opinion else _("No opinion yet")),
                text=opinion.comment if opinion else "",
                author=(author.get_full_name() or author.email) if author else "",
                given_at=opinion.given_at if opinion else None,
                deadline=consultation.deadline,
                given=opinion is not None,
            )
        )
    return lines


@dataclass(frozen=True)
class TimelineLine:
    when: datetime
    kind: str
    stage: str  # "previous → new" for a status change, else empty
    actor: str
    text: str
    internal: bool


def _stage_label(status: str) -> str:
    return str(workflow.STAGE[status].staff_label) if status in workflow.STAGE else status


def timeline_of(obj: CapacityRequest, *, internal: bool = True) -> list[TimelineLine]:
    """Every row of the request's timeline, oldest first, internal rows marked; without
    ``internal``, only the stage changes as the partner reads them."""
    events = RequestEvent.objects.filter(request=obj).select_related("actor")
    if not internal:
        events = events.for_partner().filter(kind=EventKind.STATUS)
    return [
        TimelineLine(
            when=event.created_at,
            kind=event.get_kind_display(),
            stage=(
                f"{_stage_label(event.from_status)} → {_stage_label(event.to_status)}"
                if event.from_status and event.to_status
                else ""
            ),
            actor=(event.actor.get_full_name() or event.actor.email) if event.actor else "",
            text=event.body,
            internal=event.visibility == "staff",
        )
        for event in events.order_by("created_at", "pk")
    ]


def is_manager(user: Any) -> bool:
    """A MIEUX+ manager: the people who record the Steering Committee's decisions."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("requests_app.decide_capacityrequest")
    )


def may_read_dossier(user: Any, obj: CapacityRequest | None = None) -> bool:
    """Whether this user may read the dossier of ``obj`` (or of any request, when None)."""
    return is_manager(user)


def dossier_context(
    obj: CapacityRequest, *, language: str, body: ConsultedBody | None = None
) -> dict[str, Any]:
    """The staff record's context plus the opinions and the timeline (under the language);
    with ``body``, what that consulted body reads (see the module's docstring)."""
    staff = body is None
    return {
        **record_context(obj, language=language, staff=staff, screening=True),
        "LANGUAGE_CODE": language,
        "consulted_body": body,
        "opinions": opinions_of(obj, body),
        "timeline": timeline_of(obj, internal=staff),
    }


def dossier_document(
    obj: CapacityRequest, *, language: str, body: ConsultedBody | None = None
) -> Document:
    """One request's dossier, laid out (its pages numbered on their own)."""
    with translation.override(language):
        context = dossier_context(obj, language=language, body=body)
        return render_pdf("requests/dossier.html", context)


def cover_document(objs: Iterable[CapacityRequest], *, language: str, built: datetime) -> Document:
    """The first page of a dossier of several requests: what it holds and when it was built."""
    with translation.override(language):
        rows = [
            {
                "reference": obj.reference,
                "title": obj.narrative("title", language) or obj.narrative("title"),
                "institution": obj.institution.name,
                "status": workflow.STAGE[obj.status].staff_label,
            }
            for obj in objs
        ]
        built_text = formats.date_format(built, "SHORT_DATETIME_FORMAT")
        return render_pdf(
            "requests/dossier_cover.html",
            {"rows": rows, "built": built_text, "LANGUAGE_CODE": language, "obj": None,
             "printed": _("Printed %(moment)s") % {"moment": built_text}},
        )  # fmt: skip


def join(documents: list[Document]) -> bytes:
    """One PDF of the documents' pages, in order."""
    pages = [page for document in documents for page in document.pages]
    pdf = documents[0].copy(pages).write_pdf()
    assert pdf is not None
    return pdf


def dossier_pdf(obj: CapacityRequest, *, language: str, body: ConsultedBody | None = None) -> bytes:
    """The dossier of one request, as a PDF in the reader's language (for a member of the
    consulted ``body``, that body's dossier)."""
    return join([dossier_document(obj, language=language, body=body)])


def dossier_filename(obj: CapacityRequest) -> str:
    return f"{obj.reference or obj.pk}-dossier.pdf"
