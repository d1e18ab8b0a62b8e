"""The steps of the request form and the fields each one edits.

Forms, views and the completeness check all read this, so a field missing at submit
links back to the step where it is typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    key: str
    title: Promise
    fields: tuple[str, ...] = ()


STEPS: tuple[Step, ...] = (
    Step(
        "institution",
        _("Institution and contact"),
        (
            "co_institutions",
            "contact_name",
            "contact_position",
            "contact_email",
            "contact_phone",
            "country",
            "other_countries",
            "channel",
            "delegation_contact",
        ),
    ),
    Step(
        "need",
        _("The need"),
        (
            "submission_language",
            "request_type",
            "title",
            "topics",
            "context",
            "needs",
            "objectives",
            "target_groups",
        ),
    ),
    Step(
        "support",
        _("The support wished"),
        (
            "activity_types",
            "proposed_activities",
            "expected_results",
            "timeframe_start",
            "timeframe_end",
            "expected_participants",
            "working_languages",
            "other_support",
        ),
    ),
    Step("files", _("Files")),
    Step("review", _("Review and submit"), ("consent",)),
)

STEP_KEYS = tuple(s.key for s in STEPS)
BY_KEY = {s.key: s for s in STEPS}
STEP_OF_FIELD = {field: step.key for step in STEPS for field in step.fields}
