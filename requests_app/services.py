"""Every write to a request goes through here (views, admin, commands and tasks call these).

Functions are keyword-only, take no HTTP request and set no UI messages. Each runs in one
transaction; a status change locks the row first, so two people acting at once cannot
corrupt it.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts_app.models import PartnerInstitution, User
from mieux_portal import languages, sqlnames

from . import drafts, extensions, guards, notify, workflow
from . import files as file_types
from .completeness import Problem as Problem
from .completeness import request_problems as request_problems
from .models import (
    NARRATIVE_FIELDS,
    Attachment,
    AttachmentKind,
    CapacityRequest,
    CapacityRequestQuerySet,
    EventKind,
    ReferenceCounter,
    Region,
    RequestEvent,
    Status,
    Visibility,
)


class WorkflowError(Exception):
    """A change that cannot be made; the message is translated and meant for the user."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


class TransitionNotAllowed(WorkflowError):
    pass


class IncompleteRequest(WorkflowError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(_("The request is not complete yet."))
        self.problems = problems


class AttachmentRejected(WorkflowError):
    pass


def _text(value: str | None) -> str:
    """A message, note or comment as stored: trimmed, without NUL characters (PostgreSQL
    cannot store them; the partner's forms refuse them, the admin desk posts raw text)."""
    return (value or "").replace("\x00", "").strip()


# --- Drafts -------------------------------------------------------------------


@transaction.atomic
def request_create(
    *, institution: PartnerInstitution, actor: User, language: str
) -> CapacityRequest:
    """Start a draft for the actor's institution, prefilled with what we already know
    (a WorkflowError when the institution keeps as many drafts as it may)."""
    refusal = drafts.room_refusal(institution=institution)
    if refusal:
        raise WorkflowError(refusal)
    request = CapacityRequest.objects.create(
        institution=institution,
        created_by=actor,
        submission_language=languages.or_default(language),
        contact_name=actor.get_full_name(),
        contact_position=actor.position,
        contact_email=actor.email,
        contact_phone=actor.phone,
        country=institution.country,
        region_id=Region.id_for_country(str(institution.country)),
    )
    RequestEvent.objects.create(
        request=request,
        kind=EventKind.STATUS,
        to_status=Status.DRAFT,
        actor=actor,
        visibility=Visibility.PARTNER,
        body="",
    )
    return request


@transaction.atomic
def request_update_draft(
    *, request: CapacityRequest, actor: User, step: str, values: dict[str, Any]
) -> CapacityRequest:
    """Store a step's valid values on a request the partner may still edit (workflow row).

    Narrative fields are written in the request's submission language; changing that
    language moves the texts already typed along with it.
    """
    request = _lock(request)
    if not workflow.partner_editable(request.status):
        raise TransitionNotAllowed(_("This request can no longer be edited."))
    new_language = values.pop("submission_language", None) or request.submission_language
    if new_language != request.submission_language:
        for field in NARRATIVE_FIELDS:
            old = getattr(request, f"{field}_{request.submission_language}")
            if old and not getattr(request, f"{field}_{new_language}"):
                setattr(request, f"{field}_{new_language}", old)
                setattr(request, f"{field}_{request.submission_language}", "")
        request.submission_language = new_language
    many: dict[str, Any] = {}
    for name, value in values.items():
        if name in NARRATIVE_FIELDS:
            setattr(request, f"{name}_{request.submission_language}", value)
        elif CapacityRequest._meta.get_field(name).many_to_many:
            many[name] = value
        else:
            setattr(request, name, value)
    if "country" in values:
        request.region_id = Region.id_for_country(str(request.country))
    request.draft_payload.pop(step, None)
    request._history_user = actor  # type: ignore[attr-defined]
    request.save()
    for name, value in many.items():
        if name == "co_institutions":
            # Naming an institution invites it (`joint` imports this module: import here).
            from .joint import corequests_set

            corequests_set(request=request, actor=actor, institutions=value)
        else:
            getattr(request, name).set(value)
    return request


@transaction.atomic
def request_keep_invalid_input(
    *, request: CapacityRequest, step: str, data: dict[str, list[str]]
) -> dict[str, list[str]]:
    """Keep what was typed on a step that did not validate, to show it again; each value
    cut to what its field can hold (`drafts.bounded_input`). Returns what was kept."""
    request = _lock(request)
    kept = drafts.bounded_input(data)
    request.draft_payload[step] = kept
    request.save(update_fields=["draft_payload", "updated_at"])
    return kept


@transaction.atomic
def request_delete_draft(*, request: CapacityRequest, actor: User) -> None:
    request = _lock(request)
    if request.status != Status.DRAFT:
        raise TransitionNotAllowed(_("Only a draft can be deleted."))
    for attachment in request.attachments.all():
        _delete_file_on_commit(attachment)
    request.delete()


# --- Transitions ------------------------------------------------------------------


def _lock(request: CapacityRequest, *, with_institution: bool = False) -> CapacityRequest:
    """Re-read the row under a lock: what others committed meanwhile is what we act on
    (`with_institution`: read with its institution and kind, which stay unlocked)."""
    if with_institution:
        return (
            CapacityRequest.objects.select_for_update(of=("self",))
            .select_related("institution__kind")
            .get(pk=request.pk)
        )
    return CapacityRequest.objects.select_for_update().get(pk=request.pk)


def next_reference(year: int) -> str:
    """The next reference of the year, without gaps; call inside a transaction.

    One statement (an upsert, plain SQL: PostgreSQL and SQLite write it alike) inserts the
    year's row or adds one to it, and holds the row's lock until the caller commits, which
    serialises takers; it took an insert, a locked read and an update."""
    table = sqlnames.table(ReferenceCounter)
    year_column = sqlnames.column(ReferenceCounter, "year")
    last = sqlnames.column(ReferenceCounter, "last")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({year_column}, {last}) VALUES (%s, 1) "  # noqa: S608 - the model's own names
            f"ON CONFLICT ({year_column}) DO UPDATE SET {last} = {table}.{last} + 1 "
            f"RETURNING {last}",
            [year],
        )
        (number,) = cursor.fetchone()
    return f"MX-{year}-{number:04d}"


def request_transition(
    *, request: CapacityRequest, key: str, actor: User, comment: str = ""
) -> CapacityRequest:
    """Move a request along one transition of the workflow table.

    Locks the row, checks the table and the actor's role, requires the comment and a complete
    request where the row says so, writes the timeline event and timestamps, and queues the
    row's e-mails. Raises TransitionNotAllowed (nothing changed) when any check fails.
    """
    transition = workflow.BY_KEY.get(key)
    if transition is None:
        raise TransitionNotAllowed(_("Unknown action."))
    with transaction.atomic():
        # With the institution: the completeness check and the e-mails read it.
        locked = _lock(request, with_institution=True)
        return _transition(locked, transition, actor, _text(comment))


def _transition(
    locked: CapacityRequest, transition: workflow.Transition, actor: User, comment: str
) -> CapacityRequest:
    """`request_transition` on a row locked by the caller's transaction."""
    if locked.status not in transition.sources:
        raise TransitionNotAllowed(
            _("This request is now “%(status)s”: the action is no longer possible.")
            % {"status": workflow.partner_label(locked.status)}
        )
    if not transition.roles & workflow.roles_of(actor, locked):
        raise TransitionNotAllowed(_("You are not allowed to do this."))
    if transition.comment_required and not comment:
        raise TransitionNotAllowed(_("Please write a comment: this action requires one."))
    now = timezone.now()
    if transition.requires_complete:
        problems = request_problems(locked)
        if problems:
            raise IncompleteRequest(problems)
    if refusal := guards.transition_refusal(transition, locked):
        raise TransitionNotAllowed(refusal)
    if transition.submits:
        if not locked.reference:
            locked.reference = next_reference(now.year)
        locked.submitted_at = now
    if workflow.STAGE[transition.target].decision:
        locked.decided_at = now
    if transition.assigns_actor and locked.assignee_id is None:
        locked.assignee = actor
    previous = locked.status
    locked.status = transition.target
    locked.status_changed_at = now
    locked._history_user = actor  # type: ignore[attr-defined]
    locked.save()
    row = RequestEvent.objects.create(
        request=locked,
        kind=EventKind.STATUS,
        transition=transition.key,
        from_status=previous,
        to_status=transition.target,
        actor=actor,
        body=comment,
        visibility=Visibility.PARTNER if transition.partner_visible else Visibility.STAFF,
        created_at=now,
    )
    guards.transition_done(request=locked, previous=previous, row=row, actor=actor)
    notify.announce(notice=transition.notice, request=locked, actor=actor, row=row)
    return locked


@transaction.atomic
def request_submit(*, request: CapacityRequest, actor: User, consent: bool) -> CapacityRequest:
    """Record the consent and submit: draft → submitted, with a reference number."""
    locked = _lock(request, with_institution=True)
    if locked.status == Status.DRAFT:
        if not consent:
            raise IncompleteRequest(
                [Problem("review", "consent", _("Please agree to the processing of the data."))]
            )
        # Saved with the submission (one row lock, one save, one history record).
        locked.consent = True
        locked.consent_at = timezone.now()
    return _transition(locked, workflow.BY_KEY["submit"], actor, "")


# --- Conversation and assignment -------------------------------------------------


# The same message from the same person within this many seconds is taken as a repeat.
REPEAT_WINDOW_SECONDS = 60


@transaction.atomic
def request_post_message(*, request: CapacityRequest, actor: User, body: str) -> RequestEvent:
    """A message between the partner and the MIEUX+ team, shown on both sides."""
    body = _text(body)
    if not body:
        raise WorkflowError(_("Please write a message."))
    locked = _lock(request)
    roles = workflow.roles_of(actor, locked)
    if not roles:
        raise TransitionNotAllowed(_("You are not allowed to do this."))
    if locked.status not in workflow.OPEN:
        raise TransitionNotAllowed(_("Messages can be exchanged only while a request is open."))
    # A double click (or a re-sent form) posts the same text twice: keep the first only.
    # The row lock above makes the second call see the first one's row.
    repeated = (
        RequestEvent.objects.filter(
            request=locked,
            kind=EventKind.MESSAGE,
            actor=actor,
            body=body,
            created_at__gte=timezone.now() - timedelta(seconds=REPEAT_WINDOW_SECONDS),
        )
        .order_by("-created_at")
        .first()
    )
    if repeated is not None:
        return repeated
    row = RequestEvent.objects.create(
        request=locked,
        kind=EventKind.MESSAGE,
        actor=actor,
        body=body,
        visibility=Visibility.PARTNER,
    )
    notify.announce(
        notice=notify.message_notice(locked, actor), request=locked, actor=actor, row=row
    )
    return row


@transaction.atomic
def request_add_note(*, request: CapacityRequest, actor: User, body: str) -> RequestEvent:
    """An internal note of the team: never shown to the partner."""
    body = _text(body)
    if not body:
        raise WorkflowError(_("Please write a note."))
    locked = _lock(request)
    if not {workflow.Role.STAFF, workflow.Role.MANAGER} & workflow.roles_of(actor, locked):
        raise TransitionNotAllowed(_("You are not allowed to do this."))
    return RequestEvent.objects.create(
        request=locked,
        kind=EventKind.NOTE,
        actor=actor,
        body=body,
        visibility=Visibility.STAFF,
    )


@transaction.atomic
def request_assign(
    *, request: CapacityRequest, actor: User, assignee: User | None
) -> CapacityRequest:
    """Give the request to a staff member (or to nobody); recorded on the staff timeline."""
    locked = _lock(request)
    if not {workflow.Role.STAFF, workflow.Role.MANAGER} & workflow.roles_of(actor, locked):
        raise TransitionNotAllowed(_("You are not allowed to do this."))
    if assignee is not None and not (
        assignee.is_active
        and assignee.is_staff
        and assignee.has_perm("requests_app.change_capacityrequest")
    ):
        raise WorkflowError(_("Requests can be assigned only to MIEUX+ staff."))
    if locked.assignee_id == (assignee.pk if assignee else None):
        return locked
    locked.assignee = assignee
    locked._history_user = actor  # type: ignore[attr-defined]
    locked.save(update_fields=["assignee", "updated_at"])
    row = RequestEvent.objects.create(
        request=locked,
        kind=EventKind.ASSIGNMENT,
        actor=actor,
        body=str(assignee) if assignee else "",
        visibility=Visibility.STAFF,
    )
    notify.announce(notice=workflow.ASSIGNED, request=locked, actor=actor, row=row)
    return locked


# --- Files ------------------------------------------------------------------------


@transaction.atomic
def attachment_add(
    *,
    request: CapacityRequest,
    actor: User,
    upload: IO[bytes],
    name: str,
    size: int,
    kind: str = AttachmentKind.SUPPORTING,
) -> Attachment:
    """Attach a file to a draft, after checking its real type, size and the count."""
    locked = _lock(request)
    if not workflow.partner_editable(locked.status):
        raise AttachmentRejected(
            _("Files can be changed only while the request is a draft or awaits clarification.")
        )
    if kind not in AttachmentKind.values:
        raise AttachmentRejected(_("Choose what kind of file this is."))
    if size <= 0:
        raise AttachmentRejected(_("The file is empty."))
    limit = settings.ATTACHMENT_MAX_BYTES
    if size > limit:
        raise AttachmentRejected(
            _("The file is larger than %(mb)d MB. Please send a smaller one.")
            % {"mb": limit // (1024 * 1024)}
        )
    try:
        content_type = file_types.sniff(upload)
    except file_types.UnsafeArchive as error:
        raise AttachmentRejected(error.message) from None
    if content_type is None:
        raise AttachmentRejected(
            _(
                "This file is not a PDF, Word (DOCX), OpenDocument text (ODT), JPG or PNG "
                "document. Please convert it, for example to PDF, and try again."
            )
        )
    replaced = None
    if kind == AttachmentKind.LETTER:
        replaced = locked.attachments.filter(kind=AttachmentKind.LETTER).first()
    count = locked.attachments.count() - (1 if replaced else 0)
    if count >= settings.ATTACHMENT_MAX_COUNT:
        raise AttachmentRejected(
            ngettext(
                "A request can carry at most %(count)d file. Remove it first.",
                "A request can carry at most %(count)d files. Remove one first.",
                settings.ATTACHMENT_MAX_COUNT,
            )
            % {"count": settings.ATTACHMENT_MAX_COUNT}
        )
    if replaced is not None:
        _delete_file_on_commit(replaced)
        replaced.delete()
    stem = os.path.splitext(os.path.basename(name or "file"))[0][:200] or "file"
    clean_name = stem + file_types.EXTENSIONS[content_type]
    attachment = Attachment(
        request=locked,
        kind=kind,
        original_name=clean_name,
        content_type=content_type,
        size=size,
        uploaded_by=actor,
    )
    attachment.file.save(clean_name, File(upload), save=False)
    try:
        attachment.save()
    except Exception:
        # A file stored for a row that was never written must not stay behind.
        attachment.file.storage.delete(attachment.file.name or "")
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor: User) -> None:
    """Remove a file while its request is a draft."""
    locked = _lock(attachment.request)
    if not workflow.partner_editable(locked.status):
        raise AttachmentRejected(
            _("Files can be changed only while the request is a draft or awaits clarification.")
        )
    _delete_file_on_commit(attachment)
    attachment.delete()


def _delete_file_on_commit(attachment: Attachment) -> None:
    storage, name = attachment.file.storage, attachment.file.name or ""
    transaction.on_commit(lambda: storage.delete(name))


# --- Working translation -----------------------------------------------------------


@transaction.atomic
def request_save_translation(
    *, request: CapacityRequest, actor: User, values: dict[str, str]
) -> CapacityRequest:
    """Store the team's working translation of a submitted request's narrative.

    `values` maps per-language narrative fields (e.g. `context_ru`) to text. Only languages
    other than the submission language may be written: the partner's original stays as
    submitted. The history row records the actor.
    """
    locked = _lock(request)
    if not {workflow.Role.STAFF, workflow.Role.MANAGER} & workflow.roles_of(actor, locked):
        raise TransitionNotAllowed(_("You are not allowed to do this."))
    if locked.status == Status.DRAFT:
        # A draft is the partner's private work until it is submitted.
        raise TransitionNotAllowed(_("A draft cannot be translated before it is submitted."))
    allowed = {
        f"{field}_{code}" for field in NARRATIVE_FIELDS for code in locked.translation_languages()
    }
    unknown = set(values) - allowed
    if unknown:
        # Most likely the partner changed the request's language since the page was opened.
        raise WorkflowError(
            _("Only the translation can be edited here, not the partner's original text.")
        )
    if not values:
        return locked
    for name, value in values.items():
        setattr(locked, name, (value or "").strip())
    locked._history_user = actor  # type: ignore[attr-defined]
    locked.save(update_fields=[*values, "updated_at"])
    return locked


# --- Retention ----------------------------------------------------------------------

# Only closed requests that led nowhere are purged; approved ones live on in their Actions.
PURGEABLE = (Status.WITHDRAWN, Status.REJECTED)


def years_before(moment: datetime, years: int) -> datetime:
    """The same date ``years`` earlier (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def requests_to_purge(*, years: int, now: datetime | None = None) -> CapacityRequestQuerySet:
    """Withdrawn and rejected requests whose status changed more than ``years`` ago, less
    those another app keeps (requests_app.extensions: e.g. one that became an Action)."""
    cutoff = years_before(now or timezone.now(), years)
    doomed = CapacityRequest.objects.filter(status__in=PURGEABLE, status_changed_at__lt=cutoff)
    for keep in extensions.purge_keepers():
        doomed = doomed.exclude(keep)
    return doomed


@transaction.atomic
def requests_purge(*, years: int, now: datetime | None = None) -> list[CapacityRequest]:
    """Delete the requests past retention with their timeline, history and files.

    The files are removed from the disk only once the deletion is committed. Returns the
    deleted requests (their primary keys are gone, their other fields are kept for a report).
    """
    doomed = list(
        requests_to_purge(years=years, now=now).select_for_update(of=("self",)).order_by("pk")
    )
    if not doomed:
        return []
    pks = [obj.pk for obj in doomed]
    for attachment in Attachment.objects.filter(request_id__in=pks):
        _delete_file_on_commit(attachment)
    CapacityRequest.objects.filter(pk__in=pks).delete()
    # After the rows: deleting them writes one last historical record each.
    CapacityRequest.history.filter(id__in=pks).delete()  # type: ignore[attr-defined]
    return doomed
