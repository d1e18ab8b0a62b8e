"""Capacity-development requests, their reference data, timeline and files."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.files.storage import Storage
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts_app.models import Membership, PartnerInstitution
from mieux_portal import files, languages
from mieux_portal.loading import DeferredLoading
from mieux_portal.pagecache import public_data

from .workflow import OPEN, Status

if TYPE_CHECKING:
    from accounts_app.models import User

# Narrative fields the partner writes; registered with modeltranslation (translation.py).
NARRATIVE_FIELDS = (
    "title",
    "context",
    "needs",
    "objectives",
    "expected_results",
    "target_groups",
    "proposed_activities",
    "other_support",
)
TEXT_MAX_LENGTH = 10_000
TITLE_MAX_LENGTH = 300


def private_storage() -> Storage:
    """Storage for request files, outside MEDIA_ROOT: served only through a checked view."""
    return files.private_storage()


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never comes from the user: only the (lower-cased) extension does.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"requests/{instance.request_id}/{uuid.uuid4().hex}{suffix}"


# --- Reference data -----------------------------------------------------------


class Region(models.Model):
    """A MIEUX+ region; only requests from countries of active regions are eligible."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def for_country(cls, country: str) -> Region | None:
        """The active region that holds this country (ISO code), if any."""
        pk = cls.id_for_country(country)
        return None if pk is None else cls.objects.filter(pk=pk).first()

    @classmethod
    def id_for_country(cls, country: str) -> int | None:
        """Its id, from the cached reference data (every step of the request form asks):
        the first active region in their order, renewed when a region changes."""
        found: int | None = public_data("region-of-country", cls._ids_by_country).get(country)
        return found

    @classmethod
    def _ids_by_country(cls) -> dict[str, int]:
        ids: dict[str, int] = {}
        for region in cls.objects.filter(active=True):
            for country in region.countries:
                ids.setdefault(country.code, region.pk)  # type: ignore[attr-defined]
        return ids


class Topic(models.Model):
    """A thematic area with its "specific area" code, e.g. LM - Labour Migration."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} - {self.name}"


class ActivityType(models.Model):
    """A kind of activity: workshop, study visit, assessment mission, …"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("activity kind")
        verbose_name_plural = _("activity kinds")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


# --- The request ----------------------------------------------------------------

# `Status`, the stages, lives with the rest of the lifecycle in workflow.py.


class RequestType(models.TextChoices):
    ACTION = "action", _("Action (peer-to-peer support)")
    HOLISTIC = "holistic", _("Holistic capacity development")
    REGIONAL = "regional", _("Regional partnership")


class Channel(models.TextChoices):
    DIRECT = "direct", _("Directly to MIEUX+")
    DELEGATION = "delegation", _("Through the EU Delegation")


class CapacityRequestQuerySet(models.QuerySet["CapacityRequest"]):
    def visible_to(self, user: User | Any, *, as_partner: bool = False) -> CapacityRequestQuerySet:
        """The one definition of who may read a request (its page, files and timeline).

        Staff with the view permission read all. A partner reads the requests of their
        institution, and the joint requests their institution co-requests: once it has
        confirmed, and while its answer is pending (its members read the request to decide
        whether to join it). A co-requester that declined reads it no more. Reading is not
        changing: only the requesting institution edits (`views.access.own_requests`).
        `as_partner`: only what the user reads as a member of an institution ("My requests").
        """
        if not user.is_authenticated:
            return self.none()
        if not as_partner and user.is_staff and user.has_perm("requests_app.view_capacityrequest"):
            return self
        mine, joint = self._partner_reading(user)
        return self.filter(Q(institution_id__in=mine) | Q(pk__in=joint))

    def partner_ids(self, user: User | Any) -> list[int]:
        """The ids of `visible_to(user, as_partner=True)` among these requests, read through
        the institution's and the co-requests' indexes: one query that joins the two halves
        (the OR of `visible_to` has PostgreSQL read every request to test each)."""
        if not user.is_authenticated:
            return []
        mine, joint = self._partner_reading(user)
        # Ids only: modeltranslation's rows (a pass in Python over each to fill translated
        # fields' fallbacks, of which ids have none) cost more than the query.
        plain = self.rewrite(False)  # type: ignore[attr-defined]
        own = plain.filter(institution_id__in=mine).order_by().values_list("pk", flat=True)
        theirs = plain.filter(pk__in=joint).order_by().values_list("pk", flat=True)
        return list(own.union(theirs))

    def _partner_reading(self, user: User | Any) -> tuple[Any, Any]:
        mine = Membership.objects.filter(user_id=user.pk).values("institution_id")
        joint = CoRequest.objects.filter(
            institution_id__in=mine, status__in=READING_ANSWERS
        ).values("request_id")
        return mine, joint

    def staff_visible(self) -> CapacityRequestQuerySet:
        """What the MIEUX+ team may read: every request but drafts, which stay the
        institution's own until submitted. The one definition behind the admin's request
        pages, their history, the timeline and file lists, and the partner pages staff open."""
        return self.exclude(status=Status.DRAFT)

    def open(self) -> CapacityRequestQuerySet:
        return self.filter(status__in=OPEN)

    def stale(
        self, *, days: int | Mapping[str, int], now: datetime | None = None
    ) -> CapacityRequestQuerySet:
        """Requests in their stage for longer than ``days``, or per stage ({"screening": 20})."""
        now = now or timezone.now()
        if isinstance(days, int):
            return self.filter(status_changed_at__lt=now - timedelta(days=days))
        waiting = Q(pk__in=[])
        for stage, limit in days.items():
            waiting |= Q(status=stage, status_changed_at__lt=now - timedelta(days=limit))
        return self.filter(waiting)

    def idle_drafts(self, *, days: int, now: datetime | None = None) -> CapacityRequestQuerySet:
        """Drafts nobody has changed for longer than ``days``."""
        now = now or timezone.now()
        return self.filter(status=Status.DRAFT, updated_at__lt=now - timedelta(days=days))

    def submitted_between(self, start: datetime, end: datetime) -> CapacityRequestQuerySet:
        return self.filter(submitted_at__gte=start, submitted_at__lt=end)

    def with_co_request_of(self, institution: PartnerInstitution | None) -> CapacityRequestQuerySet:
        """Each request with `co_status`, the answer of this institution where it is a
        co-requester (else None), and `lead_name`, the requesting institution's name."""
        answer = CoRequest.objects.filter(
            request_id=OuterRef("pk"), institution_id=getattr(institution, "pk", None)
        ).values("status")[:1]
        return self.annotate(co_status=Subquery(answer), lead_name=F("institution__name"))

    def search(self, text: str) -> CapacityRequestQuerySet:
        """The requests matching a search box's `text`, with `search_rank` (search.py)."""
        from .search import search

        return search(self, text)  # type: ignore[no-any-return]

    def with_list_data(self) -> CapacityRequestQuerySet:
        """Everything a list row shows, in a fixed number of queries."""
        return self.select_related("institution", "institution__kind", "assignee", "region")


class CapacityRequest(DeferredLoading, models.Model):
    """A partner authority's request for peer-to-peer capacity-development support."""

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    institution = models.ForeignKey(
        PartnerInstitution,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("requesting institution"),
    )
    # Named by the partner, each with its own answer (`CoRequest`); only a confirmed one
    # takes part (`CoRequest.objects.confirmed()`).
    co_institutions = models.ManyToManyField(
        PartnerInstitution,
        through="CoRequest",
        through_fields=("request", "institution"),
        blank=True,
        related_name="co_requests",
        verbose_name=_("co-requesting institutions"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    # Contact
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_position = models.CharField(_("position"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)

    # Where
    country = CountryField(_("country"), blank=True)
    other_countries = CountryField(
        _("other countries covered"), multiple=True, blank=True, max_length=500
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("region"),
    )

    # What
    request_type = models.CharField(
        _("request type"), max_length=20, choices=RequestType.choices, blank=True
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH, blank=True)
    context = models.TextField(_("context"), blank=True)
    needs = models.TextField(_("needs"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True)
    proposed_activities = models.TextField(_("proposed activities"), blank=True)
    other_support = models.TextField(_("other support received"), blank=True)
    topics = models.ManyToManyField(Topic, blank=True, verbose_name=_("topics"))
    activity_types = models.ManyToManyField(
        ActivityType, blank=True, verbose_name=_("kinds of activities wished")
    )
    timeframe_start = models.DateField(_("wished start"), null=True, blank=True)
    timeframe_end = models.DateField(_("wished end"), null=True, blank=True)
    expected_participants = models.PositiveIntegerField(
        _("expected participants"), null=True, blank=True
    )
    working_languages = models.CharField(_("working languages"), max_length=200, blank=True)

    # How it reached us
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.DIRECT
    )
    delegation_contact = models.CharField(_("EU Delegation contact"), max_length=300, blank=True)
    consent = models.BooleanField(_("data-processing consent"), default=False)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)

    submission_language = models.CharField(
        _("submission language"), max_length=8, choices=languages.active_choices, default="en"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name=_("assignee"),
    )
    # Raw input of draft steps that did not validate, kept so nothing typed is lost.
    draft_payload = models.JSONField(default=dict, blank=True, editable=False)
    # When the author was told that this idle draft would be purged (requests_app.drafts);
    # a change to the draft after it (a later `updated_at`) cancels that warning.
    purge_warned_at = models.DateTimeField(
        _("warned of deletion"), null=True, blank=True, editable=False
    )

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    status_changed_at = models.DateTimeField(
        _("in status since"), default=timezone.now, editable=False
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    # Written by the database (requests_app/search.py) on PostgreSQL; unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = CapacityRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("capacity-development request")
        verbose_name_plural = _("capacity-development requests")
        ordering = ["-created_at"]
        permissions = [
            ("decide_capacityrequest", _("Can record Steering Committee decisions")),
            ("export_capacityrequest", _("Can export requests")),
        ]
        indexes = [
            models.Index(fields=["status", "status_changed_at"]),
            models.Index(fields=["institution", "-created_at"]),
            # "My requests" checks whether its stored page is still current by counting an
            # institution's requests and reading their latest change: an index-only scan.
            models.Index(fields=["institution", "updated_at"]),
            # The admin's queue order: a page of it reads 50 rows of this index instead
            # of sorting every request.
            models.Index(fields=["status_changed_at", "id"]),
        ]

    def __str__(self) -> str:
        label = self.reference or _("draft")
        title = self.title  # once: each read resolves the language's fallbacks
        return f"{label}: {title}" if title else str(label)

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    def narrative_languages(self) -> list[str]:
        """The languages of the side-by-side narrative: the active ones, and the
        submission language first if it has been switched off since."""
        codes = languages.active_codes()
        return codes if self.submission_language in codes else [self.submission_language, *codes]

    def translation_languages(self) -> list[str]:
        """The languages staff may write the working translation in: every active one but
        the submission language."""
        return [code for code in languages.active_codes() if code != self.submission_language]

    def narrative(self, field: str, language: str | None = None) -> str:
        """The text of a narrative field in a language (default: the submission language)."""
        return getattr(self, f"{field}_{language or self.submission_language}") or ""


class ReferenceCounter(models.Model):
    """The last reference number given in a year; locked while the next one is taken."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class EventKind(models.TextChoices):
    STATUS = "status", _("Status change")
    MESSAGE = "message", _("Message")
    NOTE = "note", _("Internal note")
    ASSIGNMENT = "assignment", _("Assignment")
    CO_REQUEST = "corequest", _("Co-requester's answer")
    SCREENING = "screening", _("Screening assessment")
    CONSULTATION = "consultation", _("Consultation")


class Visibility(models.TextChoices):
    PARTNER = "partner", _("Partner and staff")
    STAFF = "staff", _("Staff only")


class RequestEventQuerySet(models.QuerySet["RequestEvent"]):
    def for_partner(self) -> RequestEventQuerySet:
        return self.filter(visibility=Visibility.PARTNER)


class RequestEvent(models.Model):
    """One line of a request's timeline."""

    request = models.ForeignKey(
        CapacityRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("request")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    transition = models.CharField(_("transition"), max_length=40, blank=True)
    from_status = models.CharField(
        _("previous stage"), max_length=20, choices=Status.choices, blank=True
    )
    to_status = models.CharField(_("new stage"), max_length=20, choices=Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    body = models.TextField(_("text"), blank=True)
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.PARTNER
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    objects = RequestEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["request", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


class AttachmentKind(models.TextChoices):
    LETTER = "letter", _("Official request letter")
    SUPPORTING = "supporting", _("Supporting document")


class Attachment(models.Model):
    """A private file of a request (the official letter or a supporting document)."""

    request = models.ForeignKey(
        CapacityRequest,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("request"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.SUPPORTING
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=attachment_path, max_length=255
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["kind", "uploaded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(kind="letter"),
                name="one_letter_per_request",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


# --- Audit of exports -------------------------------------------------------------


class ExportKind(models.TextChoices):
    REQUESTS = "requests", _("Requests")
    ACTIONS = "actions", _("Actions")


class ExportSource(models.TextChoices):
    LIST = "list", _("Filtered list")
    SELECTION = "selection", _("Selected rows")
    COMMAND = "command", _("Scheduled export (command)")


class ExportFormat(models.TextChoices):
    """The file formats of an export (their writers: `mieux_portal.exports.FORMATS`)."""

    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ExportLog(models.Model):
    """Who exported which rows, when: one row per export, written before its first row.

    `row_count` is filled in when the last row has been written, so an empty value marks
    an export that was interrupted (the client went away, the command failed).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(
        _("what"), max_length=20, choices=ExportKind.choices, default=ExportKind.REQUESTS
    )
    source = models.CharField(
        _("from"), max_length=20, choices=ExportSource.choices, default=ExportSource.LIST
    )
    language = models.CharField(_("language"), max_length=8, choices=languages.active_choices)
    format = models.CharField(
        _("format"), max_length=8, choices=ExportFormat.choices, default=ExportFormat.CSV
    )
    filters = models.TextField(
        _("filters"),
        blank=True,
        help_text=_("The list's query string (filters, search, order) or the selected rows."),
    )
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("export log")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


# The answers of co-requesting institutions live in their own module (the model's size).
# The screening assessment's models live in their own module; importing them here registers
# them with the app (they refer to the request by name, so there is no import cycle).
from .assessment import (  # noqa: E402, F401
    EligibilityCriterion,
    Recommendation,
    ScreeningAnswer,
    ScreeningAssessment,
    Verdict,
)
from .consultation_models import Consultation, Opinion, Stance  # noqa: E402, F401
from .dossier_models import DossierJob, DossierScope, DossierState  # noqa: E402, F401
from .joint_models import (  # noqa: E402 - they need CapacityRequest, defined above
    READING_ANSWERS,
    CoRequest,
)
from .joint_models import CoRequestStatus as CoRequestStatus  # noqa: E402 - re-exported
from .search_rows import SearchRow  # noqa: E402, F401 - the queue's search copy
