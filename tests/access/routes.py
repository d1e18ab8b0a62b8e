"""Every URL pattern of the project, and a concrete address for each from the matrix world."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib import admin
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from requests_app.models import CapacityRequest

from .world import World

LANGUAGE = "en"


@dataclass(frozen=True)
class Route:
    """One URL pattern: its key in the matrix (the qualified name, or the route of an
    unnamed pattern without the language prefix) and its full route."""

    key: str
    route: str
    name: str | None


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str, namespace: str | None
) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            continue
        route = prefix + str(pattern.pattern)
        if pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield Route(key=name, route=route, name=name)
        else:
            bare = route.removeprefix(f"{LANGUAGE}/")
            yield Route(key=bare, route=route, name=None)


def all_routes() -> list[Route]:
    """Every pattern of ROOT_URLCONF, admin and allauth included (in the language prefix)."""
    with translation.override(LANGUAGE):
        return list(_walk(get_resolver().url_patterns, "", None))


# --- Admin ---------------------------------------------------------------------------

ADMIN_OBJECT_VIEWS = ("change", "history", "delete")
ADMIN_VIEWS = ("changelist", "add", *ADMIN_OBJECT_VIEWS)


def admin_models() -> list[str]:
    """``app_label.model_name`` of every model registered with the admin site."""
    return sorted(f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry)


def admin_object(world: World, label: str) -> Model:
    """The object whose change/history/delete pages are checked, for each admin model."""
    app_label, model_name = label.split(".")
    model = next(
        m
        for m in admin.site._registry
        if (m._meta.app_label, m._meta.model_name) == (app_label, model_name)
    )
    preferred: dict[str, Model | None] = {
        # A submitted request's: the team's side; a draft's rows are the "[draft]" variants.
        "requests_app.capacityrequest": world.submitted,
        "requests_app.requestevent": world.submitted.events.order_by("pk").first(),
        "requests_app.attachment": world.submitted.attachments.get(),
        "accounts_app.user": world.users["partner_a"],
        "accounts_app.invitation": world.invitation,
        "actions_app.action": world.action,
        "actions_app.newsitem": world.news,
        "actions_app.resource": world.resource,
        "auth.group": world.extra["staff_group"],
    }
    obj = preferred.get(label) or model._default_manager.order_by("pk").first()
    assert obj is not None, f"the matrix world has no {label}: create one in tests/access/"
    return obj


# --- Concrete addresses -----------------------------------------------------------------


def _password_reset_key(world: World) -> dict[str, str]:
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    user = world.extra["reset_user"]
    return {
        "uidb36": user_pk_to_url_str(user),
        "key": default_token_generator.make_token(user),
    }


def _confirmation_key(world: World) -> dict[str, str]:
    from allauth.account.models import EmailConfirmationHMAC

    return {"key": EmailConfirmationHMAC(world.unverified).key}


def history_id(request: CapacityRequest) -> list[object]:
    """The request and its first version, for the history entry's address."""
    record = request.history.order_by("history_id").first()  # type: ignore[attr-defined]
    return [request.pk, record.history_id]


def _criterion_history_id(world: World) -> list[object]:
    from requests_app.models import EligibilityCriterion

    criterion = EligibilityCriterion.objects.order_by("pk").first()
    assert criterion is not None
    if not criterion.history.exists():  # type: ignore[attr-defined]
        criterion.save()  # the seeded criteria have no history row yet
    record = criterion.history.order_by("history_id").first()  # type: ignore[attr-defined]
    return [criterion.pk, record.history_id]


def _content_type(world: World) -> list[object]:
    from django.contrib.contenttypes.models import ContentType

    return [ContentType.objects.get_for_model(world.action).pk, world.action.pk]


# Arguments of the named routes that take any; admin model pages are filled generically.
ARGUMENTS = {
    "accounts:invitation_revoke": lambda w: [w.invitation.pk],
    "accounts:invitation_accept": lambda w: [w.invitation.token],
    "requests:detail": lambda w: [w.submitted.pk],
    "requests:record": lambda w: [w.submitted.pk],
    "requests:files": lambda w: [w.draft.pk],
    "requests:review": lambda w: [w.draft.pk],
    "requests:step": lambda w: [w.draft.pk, "need"],
    "requests:message": lambda w: [w.submitted.pk],
    # The co-requester's answer to the draft it is asked about.
    "requests:corequest": lambda w: [w.draft.pk],
    "requests:withdraw": lambda w: [w.submitted.pk],
    "requests:delete": lambda w: [w.draft.pk],
    "requests:download": lambda w: [w.submitted.pk, w.submitted.attachments.get().pk],
    # The consultee's pages of the request their body is consulted on.
    "consultations:detail": lambda w: [w.consulted.pk],
    "consultations:download": lambda w: [w.consulted.pk, w.consulted.attachments.get().pk],
    "consultations:dossier": lambda w: [w.consulted.pk],
    "actions:action": lambda w: [w.action.slug],
    "actions:news_detail": lambda w: [w.news.slug],
    "actions:resource_download": lambda w: [w.resource.pk, "en"],
    "api:action": lambda w: [w.action.slug],
    "account_confirm_email": _confirmation_key,
    "account_reset_password_from_key": _password_reset_key,
    "admin:requests_app_capacityrequest_transition": lambda w: [w.submitted.pk, "start_screening"],
    "admin:requests_app_capacityrequest_message": lambda w: [w.submitted.pk],
    "admin:requests_app_capacityrequest_note": lambda w: [w.submitted.pk],
    "admin:requests_app_capacityrequest_record": lambda w: [w.submitted.pk],
    "admin:requests_app_capacityrequest_dossier": lambda w: [w.submitted.pk],
    "admin:requests_app_capacityrequest_dossier_job": lambda w: [w.extra["dossier_job"].pk],
    "admin:requests_app_capacityrequest_dossier_file": lambda w: [w.extra["dossier_job"].pk],
    "admin:requests_app_capacityrequest_simple_history": lambda w: history_id(w.submitted),
    "admin:requests_app_capacityrequest_screening": lambda w: [w.submitted.pk],
    "admin:requests_app_eligibilitycriterion_simple_history": _criterion_history_id,
    "admin:actions_app_action_from_request": lambda w: [w.approved.pk],
    "admin:auth_user_password_change": lambda w: [w.users["partner_b"].pk],
    "admin:view_on_site": _content_type,
    "admin:app_list": lambda w: {"app_label": "requests_app"},
}


def _admin_model_of(key: str) -> tuple[str, str] | None:
    """("requests_app.topic", "change") for "admin:requests_app_topic_change"."""
    if not key.startswith("admin:"):
        return None
    for label in admin_models():
        prefix = "admin:" + label.replace(".", "_") + "_"
        view = key.removeprefix(prefix)
        if key.startswith(prefix) and view in ADMIN_VIEWS:
            return label, view
    return None


def url_of(route: Route, world: World) -> str:
    """A concrete address for the route, in LANGUAGE."""
    with translation.override(LANGUAGE):
        if route.name is None:
            # The admin's unnamed patterns: "<model>/<pk>/" (redirects to the change page)
            # and the final catch-all.
            for label in admin_models():
                base = "admin/" + label.replace(".", "/") + "/"
                if route.key == base + "<path:object_id>/":
                    return f"/{LANGUAGE}/{base}{admin_object(world, label).pk}/"
            if route.key == "admin/(?P<url>.*)$":
                return f"/{LANGUAGE}/admin/no-such-page/"
            raise AssertionError(f"no address for the unnamed pattern {route.key}")
        model_view = _admin_model_of(route.key)
        if model_view and model_view[1] in ADMIN_OBJECT_VIEWS:
            return reverse(route.name, args=[admin_object(world, model_view[0]).pk])
        arguments = ARGUMENTS.get(route.key)
        if arguments is None:
            return reverse(route.name)
        values = arguments(world)
        if isinstance(values, dict):
            return reverse(route.name, kwargs=values)
        return reverse(route.name, args=values)
