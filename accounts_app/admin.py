"""Staff desk for people and institutions.

Institutions are verified only through the "Mark as verified" action (MIEUX+ managers),
which goes through services.institution_verify(); the verification fields are read-only
in the forms so that nobody bypasses it. Every other change to an institution or a
membership made here (its page, the member lines, the memberships list) is saved through
services.institution_save() / membership_save() / …_delete(), which record who made it in
the model's history.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    ReadOnlyPasswordHashWidget,
    UserChangeForm,
)
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from mieux_portal import collation
from mieux_portal.admin_languages import ActiveLanguagesAdminMixin, TranslatedSearchMixin
from mieux_portal.admin_permissions import TranslatedPermissionsMixin

from . import services
from .models import (
    ConsultedBody,
    Consultee,
    InstitutionKind,
    Invitation,
    Membership,
    PartnerInstitution,
    User,
)


class _EmailCleaning:
    """allauth stores addresses in lower case; the admin must not create a second spelling."""

    instance: User
    cleaned_data: dict[str, Any]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        duplicate = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if duplicate.exists():
            raise forms.ValidationError(_("A user with this e-mail address already exists."))
        return email


class UserCreationForm(_EmailCleaning, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class PasswordSummaryWidget(ReadOnlyPasswordHashWidget):
    """The password's summary without the link to the password page."""

    # In the app (not templates/): the form renderer reads the apps' template folders.
    template_name = "accounts_app/password_summary.html"


class UserChangeAdminForm(_EmailCleaning, UserChangeForm):
    # UserAdmin.get_form turns it off for staff who may not change the user: the password
    # page would refuse them, so no link to it is shown.
    password_link = True

    class Meta:
        model = User
        fields = "__all__"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        password = self.fields.get("password")
        if password is not None and not self.password_link:
            password.widget = PasswordSummaryWidget()


class ServiceSavedMemberships:
    """Member lines saved through the services (with a history row), not by the formset."""

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Membership:
            formset.save()
            return
        actor = cast(User, request.user)
        for membership in formset.save(commit=False):
            services.membership_save(membership=membership, actor=actor)
        for membership in formset.deleted_objects:
            services.membership_delete(membership=membership, actor=actor)


class MembershipOfUserInline(admin.StackedInline):
    model = Membership
    fk_name = "user"
    extra = 0
    max_num = 1
    autocomplete_fields = ["institution"]
    verbose_name = _("institution")
    verbose_name_plural = _("institution")


@admin.register(User)
class UserAdmin(TranslatedPermissionsMixin, ServiceSavedMemberships, DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Personal info"),
            {"fields": ("first_name", "last_name", "position", "phone", "preferred_language")},
        ),
        (_("E-mails"), {"fields": ("receive_reminders", "receive_digest")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "first_name",
                    "last_name",
                    "preferred_language",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = (
        "email",
        "first_name",
        "last_name",
        "preferred_language",
        "institution_name",
        "is_staff",
    )
    list_select_related = ("membership__institution",)
    list_filter = ("is_staff", "is_superuser", "is_active", "preferred_language", "groups")
    search_fields = ("email", "first_name", "last_name", "membership__institution__name")
    ordering = ("email",)
    inlines = [MembershipOfUserInline]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and not self.has_change_permission(request, obj):
            return type(form.__name__, (form,), {"password_link": False})
        return form

    @admin.display(description=_("institution"), ordering="membership__institution__name")
    def institution_name(self, obj: User) -> str:
        institution = obj.institution
        return str(institution) if institution else "—"


# Django's group page, with the permissions named in the reader's language.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(TranslatedPermissionsMixin, DjangoGroupAdmin):
    pass


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["joined_at"]


@admin.register(PartnerInstitution)
class PartnerInstitutionAdmin(ServiceSavedMemberships, admin.ModelAdmin):
    # A website typed without a scheme is https://, as on the partners' own form.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = (
        "name",
        "acronym",
        "kind",
        "country",
        "verified",
        "verified_at",
        "member_count",
    )
    list_filter = ("verified", "kind", "country")
    list_select_related = ("kind",)
    search_fields = ("name", "english_name", "acronym")
    readonly_fields = ("verified", "verified_at", "verified_by", "created_at")
    fieldsets = (
        (
            None,
            {"fields": ("name", "english_name", "acronym", "kind", "country")},
        ),
        (_("Contact"), {"fields": ("address", "website")}),
        (_("Verification"), {"fields": ("verified", "verified_at", "verified_by", "created_at")}),
    )
    inlines = [MembershipInline]
    actions = ["mark_verified"]

    def get_ordering(self, request: HttpRequest) -> list[Any]:
        # The list and the pickers (autocomplete) in the reader's alphabetical order.
        return [collation.ordered("name"), "pk"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PartnerInstitution]:
        # One query for the list, however many institutions and members there are.
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj: PartnerInstitution) -> int:
        return obj.member_count  # type: ignore[attr-defined]

    def save_model(
        self, request: HttpRequest, obj: PartnerInstitution, form: Any, change: bool
    ) -> None:
        services.institution_save(institution=obj, actor=cast(User, request.user))

    def delete_model(self, request: HttpRequest, obj: PartnerInstitution) -> None:
        services.institution_delete(institution=obj, actor=cast(User, request.user))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[PartnerInstitution]) -> None:
        for institution in queryset:
            services.institution_delete(institution=institution, actor=cast(User, request.user))

    # "change" maps to accounts_app.change_partnerinstitution: MIEUX+ managers have it,
    # plain staff only view, so Django hides the action from them and refuses it if posted.
    @admin.action(description=_("Mark as verified"), permissions=["change"])
    def mark_verified(self, request: HttpRequest, queryset: QuerySet[PartnerInstitution]) -> None:
        done = 0
        for institution in queryset.filter(verified=False):
            try:
                services.institution_verify(institution=institution, actor=cast(User, request.user))
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
                return
            done += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d institution was marked as verified.",
                "%(count)d institutions were marked as verified.",
                done,
            )
            % {"count": done},
            messages.SUCCESS,
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "institution", "joined_at")
    list_select_related = ("user", "institution")
    search_fields = ("user__email", "user__last_name", "institution__name", "institution__acronym")
    autocomplete_fields = ["user", "institution"]
    list_filter = ("institution__country",)

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        services.membership_save(membership=obj, actor=cast(User, request.user))

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        services.membership_delete(membership=obj, actor=cast(User, request.user))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset:
            services.membership_delete(membership=membership, actor=cast(User, request.user))


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: members invite and revoke on their institution page."""

    list_display = ("email", "institution", "invited_by", "created_at", "expires_at", "accepted_at")
    list_filter = ("language", "created_at")
    list_select_related = ("institution", "invited_by")
    search_fields = ("email", "institution__name", "invited_by__email")
    readonly_fields = (
        "institution",
        "email",
        "invited_by",
        "language",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(InstitutionKind)
class InstitutionKindAdmin(
    ActiveLanguagesAdminMixin, TranslatedSearchMixin, TabbedTranslationAdmin
):
    list_display = ("name", "code", "is_governmental", "needs_governmental_partner", "position")
    list_editable = ("position",)
    search_fields = ("code", "name")


class ConsulteeForm(forms.ModelForm):
    class Meta:
        model = Consultee
        fields = ("user",)

    def clean_user(self) -> User:
        user: User = self.cleaned_data["user"]
        # The consultee pages are outside the admin; a consultee has no staff status and
        # speaks for no institution.
        if user.is_staff:
            raise forms.ValidationError(_("A staff member cannot be a consultee."))
        if Membership.objects.filter(user=user).exists():
            raise forms.ValidationError(
                _("A member of a partner institution cannot be a consultee.")
            )
        return user


class ConsulteeInline(admin.TabularInline):
    """The body's members: each a user account (no staff status) that logs in with two
    factors and reads only the requests the body is consulted on."""

    model = Consultee
    form = ConsulteeForm
    extra = 0
    raw_id_fields = ("user",)
    readonly_fields = ("joined_at",)


@admin.register(ConsultedBody)
class ConsultedBodyAdmin(ActiveLanguagesAdminMixin, TranslatedSearchMixin, TabbedTranslationAdmin):
    """The bodies consulted before a decision: EU Delegations (by country) and the Steering
    Committee's services (reference data managers edit), with their members."""

    list_display = ("name", "kind", "country", "active", "position")
    list_filter = ("kind", "active")
    list_editable = ("position",)
    search_fields = ("code", "name")
    inlines = [ConsulteeInline]
