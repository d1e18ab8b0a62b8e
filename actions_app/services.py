"""Writes to Actions: keyword-only, typed, one transaction each (called by the admin,
management commands and tests; none takes an HTTP request)."""

from __future__ import annotations

from django.db import models, transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries

from accounts_app.models import User
from notifications_app.services import absolute_url, notify_user
from requests_app.models import CapacityRequest, Status
from requests_app.services import WorkflowError

from .models import Action, ActionStatus


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
    """Turn an approved request into a new Action, prefilled in both languages.

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
        for language in ("en", "ru"):
            setattr(action, f"{target}_{language}", locked.narrative(source, language))
    action.save()
    institutions = [locked.institution_id, *locked.co_institutions.values_list("pk", flat=True)]
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
