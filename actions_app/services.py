"""Every write to Actions and their activities: keyword-only, typed, one transaction each
(called by the admin, management commands and tests; none takes an HTTP request).

Activities are numbered here (1, 2, … within their Action), under a lock on the Action's
row, so that activities added at the same time never share a number.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Max
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries

from accounts_app.models import User
from mieux_portal import languages
from notifications_app.services import absolute_url, notify_user
from requests_app.models import CapacityRequest, Status
from requests_app.services import WorkflowError

from .models import Action, ActionStatus, Activity


class ActionNotAllowed(WorkflowError):
    """An Action cannot be made (the message is translated and meant for the user)."""


ROMAN = (
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(number: int) -> str:
    """1 → I, 4 → IV, 12 → XII: the programme numbers a country's Actions this way."""
    out = ""
    for value, letters in ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


def from_roman(text: str) -> int:
    """XII → 12; 0 for anything that is not a Roman numeral."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    if not text or any(ch not in values for ch in text):
        return 0
    total = 0
    for ch, following in zip(text, [*text[1:], ""], strict=True):
        value = values[ch]
        total += -value if following and values[following] > value else value
    return total if roman(total) == text else 0


def next_code(country: str) -> str:
    """The country's next Action code after the highest one: "Tajikistan IV" after "… III"."""
    with translation.override("en"):
        name = str(all_countries.name(country)) if country else "Action"
    codes = Action.objects.filter(code__startswith=f"{name} ").values_list("code", flat=True)
    number = max([0, *(from_roman(code[len(name) + 1 :]) for code in codes)]) + 1
    while Action.objects.filter(code=f"{name} {roman(number)}").exists():
        number += 1
    return f"{name} {roman(number)}"


def unique_slug(text: str, model: type[models.Model] = Action, max_length: int = 80) -> str:
    """A slug of `text` no other row of `model` holds ("tajikistan-iii", "tajikistan-iii-2")."""
    base = slugify(text)[: max_length - 4] or "item"
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def action_create_from_request(*, request: CapacityRequest, actor: User) -> Action:
    """Turn an approved request into a new Action, prefilled in each language the request has.

    The Action starts in design and unpublished: staff finish it with the requester. One
    Action per request: a second call raises ActionNotAllowed. Every member of the partner
    institutions is told by e-mail, after commit, in their own language.
    """
    locked = CapacityRequest.objects.select_for_update().get(pk=request.pk)
    if not (actor.is_staff and actor.has_perm("actions_app.add_action")):
        raise ActionNotAllowed(_("You are not allowed to do this."))
    if locked.status != Status.APPROVED:
        raise ActionNotAllowed(_("Only an approved request can become an Action."))
    existing = Action.objects.filter(request=locked).first()
    if existing is not None:
        raise ActionNotAllowed(
            _("This request already has its Action: %(code)s.") % {"code": existing.code}
        )
    code = next_code(str(locked.country))
    action = Action(
        code=code,
        slug=unique_slug(code),
        request=locked,
        # A multiple CountryField takes a list of codes (the stubs know only its column).
        countries=[  # type: ignore[misc]
            c for c in [str(locked.country), *map(str, locked.other_countries)] if c
        ],
        region=locked.region,
        status=ActionStatus.DESIGN,
        published=False,
        start_date=locked.timeframe_start,
        end_date=locked.timeframe_end,
    )
    # The partner's texts in each language, as the working draft of the Action's texts.
    for target, source in (
        ("title", "title"),
        ("summary", "context"),
        ("objective", "objectives"),
        ("results", "expected_results"),
    ):
        for language in languages.supported_codes():
            setattr(action, f"{target}_{language}", locked.narrative(source, language))
    action.save()
    # The co-requesters that confirmed take part in the Action (and read its request).
    confirmed = locked.corequests.confirmed().values_list("institution_id", flat=True)
    institutions = [locked.institution_id, *confirmed]
    action.institutions.set(institutions)
    action.topics.set(locked.topics.all())
    _announce_created(action=action, request=locked, institution_ids=institutions)
    return action


def _announce_created(
    *, action: Action, request: CapacityRequest, institution_ids: list[int]
) -> None:
    members = User.objects.filter(
        is_active=True, membership__institution_id__in=institution_ids
    ).distinct()
    for user in members:
        notify_user(
            user=user,
            event="action_created",
            context={
                "action": action,
                "request": request,
                "link": absolute_url(
                    "requests:detail", language=user.preferred_language, args=(request.pk,)
                ),
            },
            key=f"action_created:{action.pk}",
        )


# --- Staff's edits (the admin) and the numbering of activities --------------------------


def _require(actor: User | None, permission: str) -> None:
    # None: a command of the programme itself (the demo data), which acts for no one.
    if actor is not None and not actor.has_perm(permission):
        raise PermissionDenied(_("You are not allowed to do this."))


@transaction.atomic
def action_save(*, action: Action, actor: User | None) -> Action:
    """Save an Action staff added or changed (the admin's form has put its values on it)."""
    _require(actor, f"actions_app.{'add' if action.pk is None else 'change'}_action")
    action.save()
    return action


@transaction.atomic
def action_delete(*, action: Action, actor: User | None) -> None:
    """Delete an Action with its activities."""
    _require(actor, "actions_app.delete_action")
    action.delete()


@transaction.atomic
def activity_save(*, activity: Activity, actor: User | None) -> Activity:
    """Save an activity; a new one without a number gets the next number of its Action.

    The Action's row is locked before the highest number is read, so two activities added
    at once (two staff members, two tabs) wait for each other and get two numbers.
    """
    _require(actor, f"actions_app.{'add' if activity.pk is None else 'change'}_activity")
    if activity.number is None:
        Action.objects.select_for_update().filter(pk=activity.action_id).values("pk").first()
        last = Activity.objects.filter(action_id=activity.action_id).aggregate(n=Max("number"))
        activity.number = (last["n"] or 0) + 1
    activity.save()
    return activity


def activity_create(*, action: Action, actor: User | None, **fields: Any) -> Activity:
    """Add a numbered activity to an Action (``fields`` as the model names them)."""
    return activity_save(activity=Activity(action=action, **fields), actor=actor)


@transaction.atomic
def activity_delete(*, activity: Activity, actor: User | None) -> None:
    """Remove an activity; the others keep their numbers (they are cited in reports)."""
    _require(actor, "actions_app.delete_activity")
    activity.delete()
