"""Joint requests: naming co-requesting institutions, and their answers (services).

* Naming an institution on a request its partner may still edit invites it: its active
  members are e-mailed a link to the page where they confirm or decline. Dropping a name
  forgets the institution's answer with it.
* A co-requester is a participant once it has confirmed: its members read the request, its
  files and its partner timeline, and exchange messages with the team; they never edit it.
  While the answer is pending they read it too (to decide); after declining, no more
  (`CapacityRequest.objects.visible_to` is the one definition).
* A civil-society requester is eligible only with a governmental co-requester that has
  confirmed (`eligibility_problem`, part of `services.request_problems`).

Keyword-only functions in one transaction each, as in `services`; they call no view code.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts_app.models import PartnerInstitution, User

from . import notify, workflow
from .models import (
    CapacityRequest,
    CoRequest,
    CoRequestStatus,
    EventKind,
    RequestEvent,
    Status,
    Visibility,
)
from .services import TransitionNotAllowed, WorkflowError

# While a request is still a draft or under way, its co-requesters may (re)consider.
ANSWERABLE: tuple[str, ...] = (Status.DRAFT, *workflow.OPEN)


def corequests_set(
    *, request: CapacityRequest, actor: User, institutions: Iterable[PartnerInstitution]
) -> list[CoRequest]:
    """Name exactly these co-requesting institutions on a request the caller has locked.

    New names are invited (their members are e-mailed); institutions no longer named lose
    their co-request and its answer; names kept keep their answer. Returns the new ones.
    """
    wanted = {institution.pk: institution for institution in institutions}
    if request.institution_id in wanted:
        raise WorkflowError(_("Your own institution cannot be its own co-requester."))
    current = set(request.corequests.values_list("institution_id", flat=True))
    dropped = current - set(wanted)
    if dropped:
        request.corequests.filter(institution_id__in=dropped).delete()
    now = timezone.now()
    invited = [
        CoRequest.objects.create(
            request=request, institution=wanted[pk], invited_by=actor, invited_at=now
        )
        for pk in sorted(set(wanted) - current)
    ]
    for corequest in invited:
        notify.announce(
            notice=workflow.CO_REQUEST_INVITED,
            request=request,
            actor=actor,
            row=None,
            corequest=corequest,
        )
    if dropped or invited:
        _touch(request)
    return invited


@transaction.atomic
def corequest_answer(
    *, corequest: CoRequest, actor: User, confirm: bool, reason: str = ""
) -> CoRequest:
    """A member of a named institution confirms that it co-requests, or declines (with a
    reason). The answer can be changed while the request is a draft or under way; it is
    written on the partner timeline, and the requesting institution is told."""
    reason = (reason or "").replace("\x00", "").strip()
    request = CapacityRequest.objects.select_for_update().get(pk=corequest.request_id)
    locked = CoRequest.objects.select_related("institution").get(pk=corequest.pk)
    membership = getattr(actor, "membership", None)
    if (
        not actor.is_active
        or membership is None
        or membership.institution_id != (locked.institution_id)
    ):
        raise TransitionNotAllowed(_("You are not allowed to do this."))
    if request.status not in ANSWERABLE:
        raise TransitionNotAllowed(
            _("This request is “%(status)s”: the answer can no longer be changed.")
            % {"status": workflow.partner_label(request.status)}
        )
    if not confirm and not reason:
        raise WorkflowError(_("Please say why your institution declines."))
    status = CoRequestStatus.CONFIRMED if confirm else CoRequestStatus.DECLINED
    if locked.status == status and locked.reason == reason:
        return locked  # the same answer posted again (a double click)
    locked.status = status
    locked.reason = reason
    locked.answered_by = actor
    locked.answered_at = timezone.now()
    locked.save()
    row = RequestEvent.objects.create(
        request=request,
        kind=EventKind.CO_REQUEST,
        transition=status,
        actor=actor,
        body=reason,
        visibility=Visibility.PARTNER,
        created_at=locked.answered_at,
    )
    _touch(request)
    notify.announce(
        notice=workflow.CO_REQUEST_ANSWERED, request=request, actor=actor, row=row, corequest=locked
    )
    return locked


def _touch(request: CapacityRequest) -> None:
    # The lists of the requesting and the co-requesting institutions show the answers:
    # their stored pages are versioned by `updated_at` (no history row: no field changed).
    CapacityRequest.objects.filter(pk=request.pk).update(updated_at=timezone.now())


def eligibility_problem(request: CapacityRequest) -> str | Promise | None:
    """Why a civil-society requester is not eligible yet, or None when it is (or need not
    be: a governmental requester may ask alone)."""
    if not request.institution.kind.needs_governmental_partner:
        return None
    governmental = request.corequests.governmental()
    if governmental.confirmed().exists():
        return None
    if governmental.filter(status=CoRequestStatus.PENDING).exists():
        return _(
            "A civil-society organisation may request only jointly with a governmental "
            "institution: the governmental co-requester has not confirmed yet."
        )
    return _(
        "A civil-society organisation may request only jointly with a governmental "
        "institution: add one as co-requester (it will be asked to confirm)."
    )
