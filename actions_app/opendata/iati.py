"""``/iati/activities.xml``: every published Action as an activity of the IATI Standard 2.03.

The file validates against the official schema (``iati-activities-schema.xsd``, tested
against ``settings.IATI_SCHEMA_DIR``). What it says of an Action:

* ``iati-identifier``: ``IATI_REPORTING_ORG_REF``, a hyphen and the Action's code (spaces
  and characters outside letters, digits, ``.`` and ``_`` become hyphens). Once published to
  the IATI Registry an identifier must never change: so must neither the code nor the ref.
* ``title`` and ``description`` (type 1 general: the summary; type 2 objectives: the
  objective) with one ``narrative`` per active portal language (``mieux_portal.languages``) that has
  the text; a description falls back to the title when no summary is written at all.
* ``activity-status`` and ``activity-date`` from the Action's status and dates through
  ``STATUS`` below, the one table that maps them (an "actual" date in the future is given
  as planned: IATI refuses actual dates that have not come).
* ``recipient-country`` (ISO 3166-1 alpha-2, shares of 100 % when several), ``sector``
  15190 of the OECD DAC CRS purpose codes (vocabulary 1): "Facilitation of orderly, safe,
  regular and responsible migration and mobility".
* ``participating-org``: the EU funding (``IATI_FUNDING_ORG_*``), the reporting
  organisation implementing, and each partner institution implementing with it.

It is written element by element with lxml's incremental writer into any binary file, so
the same code can stream to a response or a file; the view keeps the bytes in the
open-data cache. Reading the Actions costs two queries, whatever their number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import IO, Any

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from lxml import etree
from modeltranslation.utils import build_localized_fieldname

from accounts_app.models import PartnerInstitution
from mieux_portal import languages as portal_languages

from ..models import Action, ActionStatus
from . import http

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# OECD DAC CRS purpose code (sector vocabulary 1) of every MIEUX+ Action.
SECTOR_VOCABULARY = "1"
SECTOR_MIGRATION = "15190"

# IATI codelists used below: OrganisationRole, ActivityDateType, OrganisationType.
ROLE_FUNDING, ROLE_IMPLEMENTING = "1", "4"
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
ORG_TYPE_GOVERNMENT, ORG_TYPE_NATIONAL_NGO = "10", "22"

# The organisations named in every activity, in each portal language.
REPORTING_ORG_NAME = _("International Centre for Migration Policy Development (ICMPD)")
FUNDING_ORG_NAME = _("European Union")


@dataclass(frozen=True)
class StatusRow:
    """How an Action's status reads in IATI: the ActivityStatus code, and whether its start
    and end dates are actual (else planned)."""

    code: str
    actual_start: bool
    actual_end: bool


STATUS: dict[str, StatusRow] = {
    ActionStatus.DESIGN: StatusRow("1", actual_start=False, actual_end=False),  # pipeline
    ActionStatus.ONGOING: StatusRow("2", actual_start=True, actual_end=False),  # implementation
    ActionStatus.COMPLETED: StatusRow("3", actual_start=True, actual_end=True),  # completion
    ActionStatus.CANCELLED: StatusRow("5", actual_start=False, actual_end=False),  # cancelled
}


def languages() -> list[str]:
    return portal_languages.active_codes()


def identifier(action: Action) -> str:
    suffix = re.sub(r"[^A-Za-z0-9._]+", "-", action.code).strip("-") or f"action-{action.pk}"
    return f"{settings.IATI_REPORTING_ORG_REF}-{suffix}"


def published_actions() -> list[Action]:
    """The published Actions with what the file names of them (two queries)."""
    return list(
        Action.objects.published()
        .prefetch_related(
            Prefetch("institutions", queryset=PartnerInstitution.objects.select_related("kind"))
        )
        .order_by("code")
    )


def _texts(obj: Any, field: str) -> list[tuple[str, str]]:
    """(language, text) for each portal language in which ``field`` is written."""
    found = []
    for language in languages():
        text = (getattr(obj, build_localized_fieldname(field, language), "") or "").strip()
        if text:
            found.append((language, text))
    return found


def _translated(text: Any) -> list[tuple[str, str]]:
    """A translatable string of the portal in each of its languages."""
    found = []
    for language in languages():
        with translation.override(language):
            found.append((language, str(text)))
    return found


def _element(name: str, attributes: dict[str, str] | None = None, text: str = "") -> Any:
    element = etree.Element(name, attributes or {})
    if text:
        element.text = text
    return element


def _narratives(parent: Any, texts: Iterable[tuple[str | None, str]]) -> Any:
    for language, text in texts:
        narrative = etree.SubElement(parent, "narrative")
        if language:
            narrative.set(XML_LANG, language)
        narrative.text = text
    return parent


def _org(name: str, role: str | None, org: tuple[str, str], texts: Iterable[Any]) -> Any:
    """An organisation element: ``org`` is its (IATI identifier or "", OrganisationType)."""
    ref, kind = org
    attributes = {"ref": ref, "type": kind} if ref else {"type": kind}
    if role:
        attributes = {**attributes, "role": role}
    return _narratives(_element(name, attributes), texts)


def _dates(action: Action, today: date) -> list[Any]:
    row = STATUS.get(action.status, STATUS[ActionStatus.DESIGN])
    found = []
    start = action.start_date or timezone.localdate(action.created_at)
    actual = row.actual_start and start <= today
    found.append((ACTUAL_START if actual else PLANNED_START, start))
    if action.end_date:
        actual = row.actual_end and action.end_date <= today
        found.append((ACTUAL_END if actual else PLANNED_END, action.end_date))
    return [
        _element("activity-date", {"type": kind, "iso-date": d.isoformat()}) for kind, d in found
    ]


def _countries(action: Action) -> list[Any]:
    # A multiple CountryField gives Country objects (the stubs say str).
    codes = [str(getattr(country, "code", country)) for country in action.countries]
    if len(codes) == 1:
        return [_element("recipient-country", {"code": codes[0]})]
    # Several countries share the Action: whole percentages adding up to 100.
    shares = [100 // len(codes)] * len(codes)
    for index in range(100 - sum(shares)):
        shares[index] += 1
    return [
        _element("recipient-country", {"code": code, "percentage": str(share)})
        for code, share in zip(codes, shares, strict=True)
    ]


def activity(action: Action, today: date) -> Any:
    """One ``iati-activity`` element."""
    root = _element(
        "iati-activity",
        {
            XML_LANG: settings.LANGUAGE_CODE,
            "last-updated-datetime": action.updated_at.isoformat(timespec="seconds"),
        },
    )
    root.append(_element("iati-identifier", text=identifier(action)))
    reporting = (settings.IATI_REPORTING_ORG_REF, settings.IATI_REPORTING_ORG_TYPE)
    root.append(_org("reporting-org", None, reporting, _translated(REPORTING_ORG_NAME)))
    titles = _texts(action, "title") or [(settings.LANGUAGE_CODE, action.code)]
    root.append(_narratives(_element("title"), titles))
    root.append(
        _narratives(_element("description", {"type": "1"}), _texts(action, "summary") or titles)
    )
    if objectives := _texts(action, "objective"):
        root.append(_narratives(_element("description", {"type": "2"}), objectives))
    funding = (settings.IATI_FUNDING_ORG_REF, settings.IATI_FUNDING_ORG_TYPE)
    root.append(_org("participating-org", ROLE_FUNDING, funding, _translated(FUNDING_ORG_NAME)))
    root.append(
        _org("participating-org", ROLE_IMPLEMENTING, reporting, _translated(REPORTING_ORG_NAME))
    )
    for institution in action.institutions.all():
        kind = ORG_TYPE_GOVERNMENT if institution.kind.is_governmental else ORG_TYPE_NATIONAL_NGO
        # The official name's language is not recorded: only the English one is marked.
        names: list[tuple[str | None, str]] = [(None, institution.name)]
        if institution.english_name:
            names = [("en", institution.english_name)]
        root.append(_org("participating-org", ROLE_IMPLEMENTING, ("", kind), names))
    row = STATUS.get(action.status, STATUS[ActionStatus.DESIGN])
    root.append(_element("activity-status", {"code": row.code}))
    root.extend(_dates(action, today))
    root.extend(_countries(action) if action.countries else [])
    root.append(
        _element(
            "sector",
            {"vocabulary": SECTOR_VOCABULARY, "code": SECTOR_MIGRATION, "percentage": "100"},
        )
    )
    return root


def write(out: IO[bytes], actions: Iterable[Action], *, generated: datetime) -> None:
    """Write the activity file of ``actions`` to ``out``, one activity at a time."""
    today = timezone.localdate(generated)
    with etree.xmlfile(out, encoding="utf-8") as xml:
        xml.write_declaration()
        root = {
            "version": IATI_VERSION,
            "generated-datetime": generated.isoformat(timespec="seconds"),
        }
        with xml.element("iati-activities", root):
            for action in actions:
                xml.write(activity(action, today), pretty_print=True)


def _build() -> tuple[bytes, datetime | None]:
    actions = published_actions()
    out = BytesIO()
    write(out, actions, generated=timezone.now())
    newest = max((action.updated_at for action in actions), default=None)
    return out.getvalue(), newest


@require_safe
def activities_xml(request: HttpRequest) -> HttpResponse:
    """The IATI activity file of the published Actions (the same for every visitor)."""
    with translation.override(settings.LANGUAGE_CODE):
        content, newest = http.cached("iati", [], _build)
    response = HttpResponse(content, content_type="application/xml; charset=utf-8")
    return http.not_modified_or(request, http.set_validators(response, newest))
