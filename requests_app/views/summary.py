"""The read-only summary of a request, by step, as the partner entered it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from ..forms import FORM_ONLY, STEP_FORMS
from ..models import NARRATIVE_FIELDS, CapacityRequest
from ..steps import STEPS


def step_url(obj: CapacityRequest, key: str) -> str:
    """The page where a step of this request is edited."""
    if key in ("files", "review"):
        return reverse(f"requests:{key}", args=[obj.pk])
    return reverse("requests:step", args=[obj.pk, key])


@dataclass(frozen=True)
class Row:
    """One line of the read-only summary of a request."""

    field: str
    label: Any
    value: str | list[str]
    text: bool = False  # a narrative text: keep its line breaks, mark its language

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    url: str
    rows: list[Row]


def _display(obj: CapacityRequest, name: str) -> str | list[str]:
    """A stored value as the partner reads it, in the language of the page."""
    if name in NARRATIVE_FIELDS:
        return obj.narrative(name)
    if name == "co_institutions":
        # Each named institution with its answer (confirmed, declined, awaited).
        return [
            _("%(institution)s (%(answer)s)")
            % {"institution": c.institution, "answer": c.get_status_display()}
            for c in obj.corequests.all()
        ]
    if name in FORM_ONLY:
        return ""
    if name in ("topics", "activity_types"):
        return [str(item) for item in getattr(obj, name).all()]
    if name == "country":
        return str(obj.country.name) if obj.country else ""  # type: ignore[attr-defined]
    if name == "other_countries":
        return [str(c.name) for c in obj.other_countries]  # type: ignore[attr-defined]
    if name in ("channel", "request_type", "submission_language"):
        return str(getattr(obj, f"get_{name}_display")()) if getattr(obj, name) else ""
    value = getattr(obj, name)
    if value is None:
        return ""
    if name.startswith("timeframe_"):
        return formats.date_format(value)
    return str(value)


def summary(obj: CapacityRequest) -> list[Section]:
    """Everything the partner entered, by step, with the labels of the form."""
    sections = []
    for step in STEPS:
        form_class = STEP_FORMS.get(step.key)
        if form_class is None:
            continue
        rows = [
            Row(name, field.label, _display(obj, name), text=name in NARRATIVE_FIELDS)
            for name, field in form_class.base_fields.items()
            if name not in FORM_ONLY
        ]
        if step.key == "institution":
            rows.insert(0, Row("institution", _("Requesting institution"), str(obj.institution)))
        sections.append(Section(step.key, step.title, step_url(obj, step.key), rows))
    return sections
