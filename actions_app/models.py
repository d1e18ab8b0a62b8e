"""Actions (what an approved request becomes), their activities, news and resources.

Everything here is public content once published: the catalogue, the Action pages, news,
resources and statistics read these models through the `published()` / `visible_to()`
QuerySet methods, so who may see what is written once.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import Countries
from django_countries.fields import CountryField

from accounts_app.models import PartnerInstitution
from mieux_portal import languages as portal_languages
from requests_app.models import ActivityType, CapacityRequest, Region, Topic

EU_MEMBER_STATES = (
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
)  # fmt: skip


class EUMemberStates(Countries):
    """The 27 EU Member States: the only countries experts are drawn from."""

    only = list(EU_MEMBER_STATES)
    # COUNTRIES_OVERRIDE (settings) would add its entries, Kyrgyzstan among them.
    override: dict[str, Any] = {}


def require_one_language(obj: models.Model, field: str) -> None:
    """A translated field may be left empty in one language, not in all of them."""
    from django.core.exceptions import ValidationError

    names = portal_languages.localized(field)
    if not any((getattr(obj, name, "") or "").strip() for name in names):
        message = _("Write this in at least one language.")
        raise ValidationError(dict.fromkeys(names, message))


_QS = TypeVar("_QS", bound=models.QuerySet[Any])


def _visible(queryset: _QS, user: Any, perm: str) -> _QS:
    """Staff with the view permission see unpublished rows; everyone else the published."""
    if getattr(user, "is_authenticated", False) and user.is_staff and user.has_perm(perm):
        return queryset
    return queryset.filter(published=True)


# --- Actions ------------------------------------------------------------------------------


class ActionStatus(models.TextChoices):
    DESIGN = "design", _("In design")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ActionQuerySet(models.QuerySet["Action"]):
    def published(self) -> ActionQuerySet:
        return self.filter(published=True)

    def visible_to(self, user: Any) -> ActionQuerySet:
        """Published Actions; all for staff with the view permission; and, for a partner,
        the Actions of their own institution while they are still being designed."""
        if not getattr(user, "is_authenticated", False):
            return self.published()
        if user.is_staff and user.has_perm("actions_app.view_action"):
            return self
        membership = getattr(user, "membership", None)
        if membership is None:
            return self.published()
        return self.filter(Q(published=True) | Q(institutions=membership.institution_id)).distinct()

    def with_list_data(self) -> ActionQuerySet:
        """Everything a catalogue row shows, in a fixed number of queries."""
        return self.select_related("region").prefetch_related("topics")

    def with_page_data(self) -> ActionQuerySet:
        """Everything an Action's page shows, in a fixed number of queries: its numbered
        activities, partners, and only the published news and resources about it."""
        return self.select_related("region").prefetch_related(
            "topics",
            "institutions",
            Prefetch(
                "activities", queryset=Activity.objects.select_related("kind").order_by("number")
            ),
            Prefetch("news", queryset=NewsItem.objects.published()),
            Prefetch("resources", queryset=Resource.objects.published()),
        )


class Action(models.Model):
    """Peer-to-peer support delivered by EU Member State experts (~6-7 activities)."""

    code = models.CharField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("The Action's name in the programme, e.g. “Tajikistan III”."),
    )
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    objective = models.TextField(_("objective"), blank=True)
    specific_objectives = models.TextField(_("specific objectives"), blank=True)
    results = models.TextField(_("results and outputs"), blank=True)

    request = models.OneToOneField(
        CapacityRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action",
        verbose_name=_("originating request"),
        help_text=_("Empty for Actions older than the portal."),
    )
    institutions = models.ManyToManyField(
        PartnerInstitution,
        blank=True,
        related_name="actions",
        verbose_name=_("partner institutions"),
    )
    countries = CountryField(_("countries"), multiple=True, blank=True, max_length=500)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("region"),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="actions", verbose_name=_("topics")
    )
    member_states = CountryField(
        _("experts' EU Member States"),
        countries=EUMemberStates,
        multiple=True,
        blank=True,
        max_length=200,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.DESIGN,
        db_index=True,
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the public site.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    # Written by the database (actions_app/catalogue.py) on PostgreSQL; unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Action")
        verbose_name_plural = _("Actions")
        ordering = ["-start_date", "code"]
        indexes = [models.Index(fields=["published", "-start_date"])]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("actions:action", args=[self.slug])

    def clean(self) -> None:
        require_one_language(self, "title")

    @property
    def year(self) -> int | None:
        return self.start_date.year if self.start_date else None


# --- Activities ---------------------------------------------------------------------------


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(models.Model):
    """One numbered step of an Action: a workshop, a study visit, a mission, …"""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="activities", verbose_name=_("Action")
    )
    # Given by services.activity_save() when left empty.
    number = models.PositiveSmallIntegerField(
        _("number"), blank=True, help_text=_("Left empty, the next number is given.")
    )
    kind = models.ForeignKey(
        ActivityType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["action_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["action", "number"], name="activity_number_per_action")
        ]

    def __str__(self) -> str:
        return f"{self.action.code} · {self.number}. {self.title}"

    def clean(self) -> None:
        require_one_language(self, "title")


# --- News and resources -------------------------------------------------------------------


class NewsItemQuerySet(models.QuerySet["NewsItem"]):
    def published(self) -> NewsItemQuerySet:
        return self.filter(published=True)

    def visible_to(self, user: Any) -> NewsItemQuerySet:
        return _visible(self, user, "actions_app.view_newsitem")


class NewsItem(models.Model):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    body = models.TextField(_("text"))
    date = models.DateField(_("date"), default=timezone.localdate)
    actions = models.ManyToManyField(
        Action, blank=True, related_name="news", verbose_name=_("related Actions")
    )
    published = models.BooleanField(_("published"), default=False)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:news_detail", args=[self.slug])

    def clean(self) -> None:
        require_one_language(self, "title")
        require_one_language(self, "body")


class ResourceKind(models.TextChoices):
    INFO_SHEET = "info_sheet", _("Info sheet")
    REPORT = "report", _("Report")
    GUIDE = "guide", _("Guide")


class ResourceQuerySet(models.QuerySet["Resource"]):
    def published(self) -> ResourceQuerySet:
        return self.filter(published=True)

    def visible_to(self, user: Any) -> ResourceQuerySet:
        return _visible(self, user, "actions_app.view_resource")


class Resource(models.Model):
    """A public document with one file per language (the info sheet in EN and RU): a
    `file_<code>` field for every supported language (mieux_portal/languages.py)."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ResourceKind.choices, default=ResourceKind.INFO_SHEET
    )
    # file_en, file_ru, …: one per supported language, added below the class.
    date = models.DateField(_("date"), default=timezone.localdate)
    actions = models.ManyToManyField(
        Action, blank=True, related_name="resources", verbose_name=_("related Actions")
    )
    published = models.BooleanField(_("published"), default=False)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["kind", "-date", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        require_one_language(self, "title")

    def file_for(self, language: str) -> Any:
        """The file in that language, or None."""
        file = getattr(self, f"file_{language}", None)
        return file if file else None

    def files(self) -> list[tuple[str, Any]]:
        """(language code, file) for every active language this resource has a file in."""

        return [
            (code, self.file_for(code))
            for code in portal_languages.active_codes()
            if self.file_for(code)
        ]


for _language in portal_languages.SUPPORTED:
    Resource.add_to_class(
        f"file_{_language.code}",
        models.FileField(
            format_lazy(_("file in {language}"), language=_language.name),
            upload_to=f"resources/{_language.code}/",
            blank=True,
            max_length=255,
        ),
    )
