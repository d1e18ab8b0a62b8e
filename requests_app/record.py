"""The printable record of a submitted request: a PDF for the partner and one for staff.

A ministry files a copy of what it sent; staff attach it to a decision memo. The record
holds the reference, the institution(s), the stage, the dates, every field of the form
(`summary.summary`, the partner's own summary), the list of files and, for each narrative
field, every language version that has text: the reader's language first, the original
(the submission language) marked, a staff working translation marked as such.

Two audiences, one template (`requests/record.html`): ``staff=False`` is what the partner
may read (the partner's names of the stages, no internal note, no assignee); ``staff=True``
adds what only the team reads: the assignee, the screening assessment (criteria, verdicts,
recommendation) and the internal notes. Nothing else differs, so a test of the partner's record and
its staff twin covers the boundary. The consulted bodies' dossier (`requests_app.dossier`) is
the partner's record plus the screening assessment (``screening=True``).

WeasyPrint renders the HTML with Debian's Pango; its fonts (DejaVu) cover Cyrillic. The
stylesheet (`requests/record.css`) is handed over as text and `_no_fetch` refuses every
URL, so no text of a partner can make the server fetch anything while rendering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.document import Document

from mieux_portal import languages

from . import workflow
from .models import NARRATIVE_FIELDS, CapacityRequest, EventKind, Visibility
from .screening import screening_for


@dataclass(frozen=True)
class Version:
    """One language's text of a narrative field."""

    language: str
    name: str  # the language's name, in the reader's language
    text: str
    original: bool  # the submission language: what the partner wrote


@dataclass(frozen=True)
class Entry:
    """One line of the record: a label and a value, or a narrative's versions."""

    label: Any
    value: str | list[str]
    versions: list[Version]

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)


def versions(obj: CapacityRequest, field: str, reader: str) -> list[Version]:
    """The field's texts in every portal language that has one, the reader's first."""
    codes = languages.active_codes()
    order = [reader, *(code for code in codes if code != reader)]
    return [
        Version(code, capfirst(languages.label(code)), text, code == obj.submission_language)
        for code in order
        if (text := obj.narrative(field, code))
    ]


def record_context(
    obj: CapacityRequest, *, language: str, staff: bool, screening: bool | None = None
) -> dict[str, Any]:
    """What the record template prints (call under ``translation.override(language)``).

    ``screening`` adds the screening assessment without the rest of the staff side (the
    consulted bodies read it); it follows ``staff`` when not given."""
    # The partner pages' summary; imported here because those pages import this module.
    from .views.summary import summary

    sections = [
        (
            section.title,
            [
                Entry(
                    row.label,
                    row.value,
                    versions(obj, row.field, language) if row.field in NARRATIVE_FIELDS else [],
                )
                for row in section.rows
            ],
        )
        for section in summary(obj)
    ]
    status = workflow.STAGE[obj.status].staff_label if staff else workflow.partner_label(obj.status)
    notes: list[Any] = []
    assessment = screening_for(obj) if (staff if screening is None else screening) else None
    if staff:
        notes = list(
            obj.events.filter(Q(kind=EventKind.NOTE) | Q(visibility=Visibility.STAFF))
            .select_related("actor")
            .order_by("created_at", "pk")
        )
    return {
        "obj": obj,
        "title": versions(obj, "title", language),
        "status": status,
        "sections": sections,
        "attachments": list(obj.attachments.all()),
        # Only those that confirmed take part; the summary lists every answer.
        "co_institutions": [
            c.institution for c in obj.corequests.confirmed().select_related("institution")
        ],
        "staff": staff,
        "notes": notes,
        "show_screening": staff if screening is None else screening,
        "screening": assessment,
        "screening_answers": (
            list(assessment.answers.select_related("criterion")) if assessment else []
        ),
        # For the page header of the stylesheet (makemessages does not read .css files).
        "printed": _("Printed %(moment)s")
        % {"moment": formats.date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")},
    }


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"The record fetches no resource ({url[:60]})")


def record_pdf(obj: CapacityRequest, *, language: str, staff: bool) -> bytes:
    """The record of a submitted request as a PDF in the reader's language."""
    with translation.override(language):
        context = {**record_context(obj, language=language, staff=staff), "LANGUAGE_CODE": language}
        pdf = render_pdf("requests/record.html", context).write_pdf()
    assert pdf is not None
    return pdf


def render_pdf(template: str, context: dict[str, Any]) -> Document:
    """Lay out ``template`` with the record's stylesheet (call under the reader's language);
    the decision dossier joins the pages of several such documents."""
    html = render_to_string(template, context)
    css = render_to_string("requests/record.css", context)
    return HTML(string=html, url_fetcher=_no_fetch).render(
        stylesheets=[CSS(string=css, url_fetcher=_no_fetch)]
    )


def record_filename(obj: CapacityRequest) -> str:
    return f"{obj.reference or obj.pk}.pdf"
