"""The decision dossier: what the Steering Committee reads about a request, as a PDF.

One request's dossier is its staff record (`requests_app.record` with ``staff=True``: every
field, both language versions, files, the screening assessment and the internal notes),
then the opinions of the consulted bodies, then the whole timeline (partner-visible and
internal rows). A dossier of several requests (`requests_app.dossier_jobs`, built by a
Celery task) is a cover listing them, then each request's dossier from a new page.

Who may read it (:func:`may_read_dossier`): MIEUX+ managers, who record the decision.
Partners never: the screening, the opinions and the internal notes are staff-side only.
Staff who do not decide read the same facts on the request page, but not this document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _
from weasyprint.document import Document

from . import workflow
from .consultation import consultations_for
from .models import CapacityRequest, RequestEvent
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


def opinions_of(obj: CapacityRequest) -> list[OpinionLine]:
    """Every body consulted on the request (every round, oldest first), with its opinion."""
    lines = []
    for consultation in consultations_for(obj):
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


def timeline_of(obj: CapacityRequest) -> list[TimelineLine]:
    """Every row of the request's timeline, oldest first, internal rows marked."""
    events = RequestEvent.objects.filter(request=obj).select_related("actor")
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


def dossier_context(obj: CapacityRequest, *, language: str) -> dict[str, Any]:
    """The staff record's context plus the opinions and the timeline (under the language)."""
    return {
        **record_context(obj, language=language, staff=True),
        "LANGUAGE_CODE": language,
        "opinions": opinions_of(obj),
        "timeline": timeline_of(obj),
    }


def dossier_document(obj: CapacityRequest, *, language: str) -> Document:
    """One request's dossier, laid out (its pages numbered on their own)."""
    with translation.override(language):
        return render_pdf("requests/dossier.html", dossier_context(obj, language=language))


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


def dossier_pdf(obj: CapacityRequest, *, language: str) -> bytes:
    """The dossier of one request, as a PDF in the reader's language."""
    return join([dossier_document(obj, language=language)])


def dossier_filename(obj: CapacityRequest) -> str:
    return f"{obj.reference or obj.pk}-dossier.pdf"
