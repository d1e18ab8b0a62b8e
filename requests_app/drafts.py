"""Bounds on drafts: how many an institution keeps open, how much typed input a draft
keeps, and how long a draft nobody works on lives.

* :func:`room_refusal` — the per-institution cap (``DRAFT_MAX_PER_INSTITUTION``), asked by
  ``services.request_create`` inside its transaction. (Starting drafts is also limited per
  user, ``RATE_LIMITS`` ``new_draft``, by the view.)
* :func:`bounded_input` — the one place where input kept on a draft is cut: each field's
  values to its model field's ``max_length`` (``DRAFT_KEPT_MAX_LENGTH`` where it has none).
* :func:`purge_warnings_send` and :func:`drafts_purge` — the nightly task. A draft whose last
  change (a save of a step or a file added) is ``DRAFT_PURGE_DAYS`` old is deleted with its
  files, timeline and history; its author is warned ``DRAFT_PURGE_WARNING_DAYS`` before, once
  per idle spell, and a draft changed after the warning is kept (and warned afresh if it
  goes idle again). Only drafts: a request once submitted is never purged here.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import ngettext

from accounts_app.models import PartnerInstitution, User
from notifications_app.services import absolute_url, notify_user

from .models import Attachment, CapacityRequest, CapacityRequestQuerySet, Status

logger = logging.getLogger(__name__)


# --- How many drafts -----------------------------------------------------------------


def room_refusal(*, institution: PartnerInstitution) -> str | None:
    """Why the institution may not start another draft now (None: it may).

    Call inside the transaction that creates the draft: the institution's row stays
    locked until it commits, so drafts started at the same moment are counted in turn.
    """
    limit = settings.DRAFT_MAX_PER_INSTITUTION
    if limit <= 0:
        return None
    PartnerInstitution.objects.select_for_update().filter(pk=institution.pk).exists()
    count = CapacityRequest.objects.filter(institution=institution, status=Status.DRAFT).count()
    if count < limit:
        return None
    return ngettext(
        "Your institution already has %(limit)d draft request, the most it may keep open. "
        "Please submit or delete it before starting a new one.",
        "Your institution already has %(limit)d draft requests, the most it may keep open. "
        "Please submit or delete one of them before starting a new one.",
        limit,
    ) % {"limit": limit}


# --- How much kept input ---------------------------------------------------------------


def field_bounds(name: str) -> tuple[int, bool]:
    """How many characters a draft keeps for a field, and whether it holds several values."""
    try:
        field = CapacityRequest._meta.get_field(name)
    except FieldDoesNotExist:
        return settings.DRAFT_KEPT_MAX_LENGTH, True
    many = field.many_to_many or bool(getattr(field, "multiple", False))
    max_length = getattr(field, "max_length", None)
    return min(max_length or settings.DRAFT_KEPT_MAX_LENGTH, settings.DRAFT_KEPT_MAX_LENGTH), many


def bounded_input(data: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Posted values as a draft keeps them: without NUL characters (PostgreSQL refuses them),
    at most the field's length in characters, all of a multiple choice's values together.

    A single-valued field keeps only its last value, the one its form read.
    """
    kept: dict[str, list[str]] = {}
    for name, values in data.items():
        budget, many = field_bounds(name)
        clean = [str(value).replace("\x00", "") for value in values]
        if not many:
            kept[name] = [clean[-1][:budget]] if clean else []
            continue
        cut: list[str] = []
        for value in clean:
            if budget <= 0:
                break
            cut.append(value[:budget])
            budget -= max(1, len(cut[-1]))  # an empty value costs something too
        kept[name] = cut
    return kept


# --- How long an idle draft lives ------------------------------------------------------


def idle_drafts(*, before: datetime) -> CapacityRequestQuerySet:
    """Drafts last changed before ``before``, annotated with that moment (``last_change``):
    a save of the draft or a file added to it, whichever came last."""
    latest_file = (
        Attachment.objects.filter(request=OuterRef("pk"))
        .order_by("-uploaded_at")
        .values("uploaded_at")[:1]
    )
    return (
        CapacityRequest.objects.filter(status=Status.DRAFT)
        .annotate(last_change=Greatest("updated_at", Coalesce(Subquery(latest_file), "updated_at")))
        .filter(last_change__lt=before)
    )


def _purge_days() -> tuple[int, int]:
    return settings.DRAFT_PURGE_DAYS, max(0, settings.DRAFT_PURGE_WARNING_DAYS)


def drafts_to_warn(*, now: datetime) -> CapacityRequestQuerySet:
    """Idle drafts due for deletion within the warning period, not yet warned this time."""
    days, warning_days = _purge_days()
    before = now - timedelta(days=max(0, days - warning_days))
    return idle_drafts(before=before).filter(
        Q(purge_warned_at__isnull=True) | Q(purge_warned_at__lt=F("last_change"))
    )


def drafts_to_purge(*, now: datetime) -> CapacityRequestQuerySet:
    """Idle drafts past ``DRAFT_PURGE_DAYS`` whose author was warned at least
    ``DRAFT_PURGE_WARNING_DAYS`` ago, and which nobody changed since."""
    days, warning_days = _purge_days()
    return idle_drafts(before=now - timedelta(days=days)).filter(
        purge_warned_at__gte=F("last_change"),
        purge_warned_at__lte=now - timedelta(days=warning_days),
    )


def _warned_people(draft: CapacityRequest) -> list[User]:
    """The draft's author while still a member of its institution; else its members."""
    members = User.objects.filter(is_active=True, membership__institution_id=draft.institution_id)
    author = members.filter(pk=draft.created_by_id).first() if draft.created_by_id else None
    return [author] if author else list(members.order_by("pk"))


@transaction.atomic
def purge_warnings_send(*, now: datetime) -> int:
    """Warn the authors of drafts due for deletion soon, once per idle spell; the warning
    is recorded on the draft. Returns how many e-mails were queued."""
    if settings.DRAFT_PURGE_DAYS <= 0:
        return 0
    days, warning_days = _purge_days()
    count = 0
    for draft in drafts_to_warn(now=now).select_related("institution").order_by("pk"):
        last_change: datetime = draft.last_change  # type: ignore[attr-defined]
        # Never sooner than announced: a warning sent late moves the deletion with it.
        purge_on = max(last_change + timedelta(days=days), now + timedelta(days=warning_days))
        for user in _warned_people(draft):
            language = user.preferred_language
            queued = notify_user(
                user=user,
                event="draft_purge_warning",
                context={
                    "request": draft,
                    "title": draft.narrative("title"),
                    "idle_days": (now - last_change).days,
                    "purge_on": purge_on,
                    "link": absolute_url("requests:detail", language=language, args=(draft.pk,)),
                },
                key=f"draft_purge_warning:{draft.pk}:{int(last_change.timestamp())}",
            )
            count += queued is not None
        # update(), not save(): recording the warning must not count as a change of the draft.
        CapacityRequest.objects.filter(pk=draft.pk).update(purge_warned_at=now)
    return count


def _delete_file_on_commit(attachment: Attachment) -> None:
    storage, name = attachment.file.storage, attachment.file.name or ""
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def drafts_purge(*, now: datetime) -> list[CapacityRequest]:
    """Delete the drafts warned long enough ago and still idle, with their timeline,
    history and files (removed from the disk once the deletion is committed)."""
    if settings.DRAFT_PURGE_DAYS <= 0:
        return []
    doomed = list(drafts_to_purge(now=now).select_for_update(of=("self",)).order_by("pk"))
    if not doomed:
        return []
    pks = [draft.pk for draft in doomed]
    # The rows are locked: none of them can have been submitted since they were read.
    for attachment in Attachment.objects.filter(request_id__in=pks):
        _delete_file_on_commit(attachment)
    CapacityRequest.objects.filter(pk__in=pks).delete()
    # After the rows: deleting them writes one last historical record each.
    CapacityRequest.history.filter(id__in=pks).delete()  # type: ignore[attr-defined]
    logger.info("Purged %d idle drafts: %s", len(pks), pks)
    return doomed
