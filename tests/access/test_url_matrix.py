"""Who may open what: every URL pattern of the project against the seven people (six roles,
staff and manager apart).

MATRIX below is the one table: route → {role: what the role gets}. Each route of the
project (the portal's pages, allauth's, the admin's, the sitemap) must have a row: a new
URL without one fails `test_it_has_a_row_for_every_url_pattern`, so whoever adds a page
decides who may open it. Routes are keyed by their qualified name ("requests:detail"), or
for the admin's unnamed patterns by their route without the language prefix. A key with a
"[variant]" suffix checks the same route on another object (e.g. a draft), or a list
filtered to one.

A role key "POST <role>" checks a POST by that role (the views that change something must
refuse the wrong people, not only hide the button). Addresses are filled from one world of
objects created per module (tests/access/world.py).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from .expect import (  # noqa: F401 - the matrix's vocabulary
    ABSENT,
    ADMIN_ACCESS,
    ADMIN_LOGIN,
    CONSULTATIONS,
    FORBIDDEN,
    INSTITUTION,
    LISTED,
    LOGIN,
    LOGIN_PAGE,
    MY_REQUESTS,
    NOT_ALLOWED,
    NOT_FOUND,
    NOT_LISTED,
    OK,
    QUEUE,
    REAUTHENTICATE,
    Expect,
    Listed,
    Redirect,
    _admin_rows,
    everyone,
    row,
    signed_in,
    to,
)
from .routes import (
    ARGUMENTS,
    admin_models,
    admin_object,
    all_routes,
    history_id,
    url_of,
)
from .world import World

# fmt: off
MATRIX: dict[str, dict[str, Expect]] = {
    #                                   anonymous  partner_a  partner_b  staff  manager
    # (the partner of a co-requesting institution: the keyword ``co``, B's by default)
    "django.contrib.sitemaps.views.sitemap": everyone(OK),
    # Operations (mieux_portal/ops/views.py): readiness says ok/unavailable to anyone, its
    # parts and the metrics only to a token's bearer or an allowed network (tests/ops).
    "ops:healthz": everyone(OK),
    "ops:readyz": everyone(OK),
    "ops:metrics": everyone(FORBIDDEN),
    "home": everyone(OK),

    # --- The public site
    "actions:list": everyone(OK),
    "actions:action": everyone(OK),
    "actions:news": everyone(OK),
    "actions:news_feed": everyone(OK),
    "actions:news_detail": everyone(OK),
    "actions:resources": everyone(OK),
    "actions:resource_download": everyone(OK),
    "actions:how_to_request": everyone(OK),
    "actions:statistics": everyone(OK),

    # --- Open data: the same for everyone, published content only
    "iati_activities": everyone(OK),
    # The public API reads only: a write is refused to everyone, the API has no login.
    "api:actions": row(OK, OK, OK, OK, OK, anonymous=NOT_ALLOWED, partner_a=NOT_ALLOWED,
                       staff=NOT_ALLOWED, manager=NOT_ALLOWED),
    "api:action": row(OK, OK, OK, OK, OK, anonymous=NOT_ALLOWED, manager=NOT_ALLOWED),
    "api:statistics": everyone(OK),
    "api:schema": everyone(OK),
    "api:docs": everyone(OK),

    # --- allauth: sign-up, login, passwords, e-mail addresses
    "account_login": row(OK, MY_REQUESTS, MY_REQUESTS, QUEUE, QUEUE, cons=CONSULTATIONS),
    "account_signup": row(OK, MY_REQUESTS, MY_REQUESTS, QUEUE, QUEUE, cons=CONSULTATIONS),
    # GET asks for confirmation; a visitor has nothing to log out of.
    "account_logout": row(to("/"), OK, OK, OK, OK),
    "account_inactive": everyone(OK),
    "account_reauthenticate": signed_in(OK),
    "account_request_reauthentication_code": signed_in(OK),
    # Login by code is off: nothing to confirm, back to the start.
    "account_confirm_reauthentication_code": row(
        LOGIN, *[to("/en/accounts/reauthenticate/code/")] * 4
    ),
    "account_confirm_login_code": row(LOGIN_PAGE, MY_REQUESTS, MY_REQUESTS, QUEUE, QUEUE,
                                      cons=CONSULTATIONS),
    "account_email": signed_in(OK),
    "account_email_verification_sent": everyone(OK),
    "account_change_password": signed_in(OK),
    "account_set_password": row(LOGIN, *[to("/en/accounts/password/change/")] * 4),
    "account_reset_password": everyone(OK),
    "account_reset_password_done": everyone(OK),
    "account_reset_password_from_key_done": everyone(OK),
    # A valid key (made with allauth's token generator) moves into the session; the page
    # continues at ".../set-password/" for whoever holds the link.
    "account_reset_password_from_key": everyone(to("/en/accounts/password/reset/key/")),
    # The confirmation page of a valid key shows the address to confirm (POST confirms).
    "account_confirm_email": everyone(OK),

    # --- allauth.mfa: the authenticator app (staff need one for the admin)
    "mfa_index": signed_in(OK),
    # Only during a login that waits for the code; otherwise nothing to do here.
    "mfa_authenticate": row(LOGIN_PAGE, MY_REQUESTS, MY_REQUESTS, QUEUE, QUEUE,
                            cons=CONSULTATIONS),
    # Staff and consultees have an authenticator: they reauthenticate with a code, partners
    # with the password.
    "mfa_reauthenticate": row(LOGIN, REAUTHENTICATE, REAUTHENTICATE, OK, OK, cons=OK),
    # Partner A has an unverified second address (world.py): allauth sends A back to verify.
    "mfa_activate_totp": row(LOGIN, to("/en/accounts/2fa/"), REAUTHENTICATE, REAUTHENTICATE,
                             REAUTHENTICATE),
    "mfa_deactivate_totp": row(LOGIN, NOT_FOUND, NOT_FOUND, REAUTHENTICATE, REAUTHENTICATE,
                               cons=REAUTHENTICATE),
    "mfa_view_recovery_codes": row(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "mfa_generate_recovery_codes": row(LOGIN, *[REAUTHENTICATE] * 4),
    "mfa_download_recovery_codes": row(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),

    # --- The user's own pages
    "accounts:profile": signed_in(OK),
    "accounts:data_download": signed_in(OK),
    "accounts:account_erase": row(LOGIN, OK, OK, OK, OK, anonymous=LOGIN),
    # A consultee has none and may create none: sent to the creation page, which refuses.
    "accounts:institution": row(LOGIN, OK, OK, OK, OK, cons=to("/en/institution/new/")),
    # Members already have one; staff are told they need none; consultees are refused.
    "accounts:institution_create": row(LOGIN, INSTITUTION, INSTITUTION, OK, OK,
                                       cons=FORBIDDEN),
    # POST only (the form is on the institution page); without an institution, back there.
    "accounts:invitation_create": row(
        LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED,
        anonymous=LOGIN, partner_a=INSTITUTION, staff=INSTITUTION, manager=INSTITUTION,
    ),
    # Institution A's invitation: only A's members may revoke it.
    "accounts:invitation_revoke": row(
        LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED,
        anonymous=LOGIN, partner_a=INSTITUTION, partner_b=NOT_FOUND, staff=NOT_FOUND,
        manager=NOT_FOUND,
    ),
    # For the invited visitor; members of an institution and other addresses are refused.
    "accounts:invitation_accept": row(
        OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
        partner_a=FORBIDDEN, partner_b=FORBIDDEN, staff=FORBIDDEN,
    ),

    # --- Requests: a submitted request of institution A (detail, message, withdraw, file)
    # and a draft of A (the editing pages, delete). Partners of B never learn they exist.
    # The co-requester reads both (confirmed on one, asked about the other), edits neither.
    "requests:my_requests": signed_in(OK),
    "requests:new": row(LOGIN, OK, OK, MY_REQUESTS, MY_REQUESTS, staff=MY_REQUESTS),
    "requests:detail": row(LOGIN, OK, NOT_FOUND, OK, OK, co=OK),
    # A draft is the institution's own until it is submitted: the team does not see it; a
    # co-requester asked to join reads it to decide.
    "requests:detail[draft]": row(LOGIN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, co=OK),
    "requests:download": row(LOGIN, OK, NOT_FOUND, OK, OK, co=OK),
    "requests:download[draft]": row(LOGIN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, co=OK),
    # A named institution answers; the lead and everyone else have nothing to answer.
    "requests:corequest": row(
        LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, co=OK,
        anonymous=LOGIN, partner_a=NOT_FOUND, partner_co=OK, partner_b=NOT_FOUND,
        staff=NOT_FOUND,
    ),
    # The printable record (PDF) of a submitted request; a draft has none, even for its own.
    "requests:record": row(LOGIN, OK, NOT_FOUND, OK, OK, co=OK),
    "requests:record[draft]": row(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND,
                                  co=NOT_FOUND),
    "requests:step": row(
        LOGIN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, co=NOT_FOUND,
        anonymous=LOGIN, partner_co=NOT_FOUND, partner_b=NOT_FOUND, staff=NOT_FOUND,
        manager=NOT_FOUND,
    ),
    "requests:files": row(
        LOGIN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND,
        anonymous=LOGIN, partner_b=NOT_FOUND, staff=NOT_FOUND, manager=NOT_FOUND,
    ),
    "requests:review": row(
        LOGIN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND,
        anonymous=LOGIN, partner_b=NOT_FOUND, staff=NOT_FOUND, manager=NOT_FOUND,
    ),
    "requests:delete": row(
        LOGIN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND,
        anonymous=LOGIN, partner_b=NOT_FOUND, staff=NOT_FOUND, manager=NOT_FOUND,
    ),
    # Receives the detail page's form: GET goes back to the page. A co-requester that has
    # confirmed writes to the team too.
    "requests:message": row(
        LOGIN, to("/en/requests/"), NOT_FOUND, NOT_FOUND, NOT_FOUND, co=to("/en/requests/"),
        anonymous=LOGIN, partner_a=to("/en/requests/"), partner_co=to("/en/requests/"),
        partner_b=NOT_FOUND, staff=NOT_FOUND, manager=NOT_FOUND,
    ),
    "requests:withdraw": row(
        LOGIN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, co=NOT_FOUND,
        anonymous=LOGIN, partner_co=NOT_FOUND, partner_b=NOT_FOUND, staff=NOT_FOUND,
        manager=NOT_FOUND,
    ),
    # The editing pages of a submitted request, and withdraw of a draft: the institution's
    # members are sent back to the detail page; nobody else learns the request exists.
    "requests:step[submitted]": row(
        LOGIN, to("/en/requests/"), NOT_FOUND, NOT_FOUND, NOT_FOUND,
        anonymous=LOGIN, partner_b=NOT_FOUND, staff=NOT_FOUND, manager=NOT_FOUND,
    ),
    "requests:files[submitted]": row(
        LOGIN, to("/en/requests/"), NOT_FOUND, NOT_FOUND, NOT_FOUND,
        anonymous=LOGIN, partner_b=NOT_FOUND, staff=NOT_FOUND, manager=NOT_FOUND,
    ),
    "requests:review[submitted]": row(
        LOGIN, to("/en/requests/"), NOT_FOUND, NOT_FOUND, NOT_FOUND,
        anonymous=LOGIN, partner_b=NOT_FOUND, staff=NOT_FOUND, manager=NOT_FOUND,
    ),
    "requests:delete[submitted]": row(
        LOGIN, to("/en/requests/"), NOT_FOUND, NOT_FOUND, NOT_FOUND,
        anonymous=LOGIN, partner_b=NOT_FOUND, staff=NOT_FOUND, manager=NOT_FOUND,
    ),
    "requests:withdraw[draft]": row(
        LOGIN, to("/en/requests/"), NOT_FOUND, NOT_FOUND, NOT_FOUND,
        anonymous=LOGIN, partner_b=NOT_FOUND, staff=NOT_FOUND, manager=NOT_FOUND,
    ),

    # --- The consultee's pages: only a consulted body's member (with two factors), only
    # the requests the body is consulted on; a POST gives or revises the body's opinion.
    "consultations:queue": row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, cons=OK),
    "consultations:detail": row(
        LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, cons=OK,
        anonymous=LOGIN, partner_a=FORBIDDEN, partner_co=FORBIDDEN, staff=FORBIDDEN,
        manager=FORBIDDEN, consultee=to("/en/consultations/"),
    ),
    # A request the body is not consulted on: as if it did not exist.
    "consultations:detail[other]": row(
        LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, cons=NOT_FOUND,
        consultee=NOT_FOUND,
    ),
    "consultations:download": row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, cons=OK),
    "consultations:download[other]": row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
                                         cons=NOT_FOUND),
    # The decision dossier as the body reads it (its own opinion, no internal row).
    "consultations:dossier": row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, cons=OK),
    "consultations:dossier[other]": row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
                                        cons=NOT_FOUND),

    # --- The admin's own pages (staff have an authenticator app, see world.py)
    "admin:index": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK, OK),
    # allauth's login (with the second factor) instead of the admin's password-only form,
    # for a POST too; a signed-in partner would only loop between the two.
    "admin:login": row(
        to("/en/accounts/login/?next=%2Fen%2Fadmin%2F"), FORBIDDEN, FORBIDDEN, to("/en/admin/"),
        to("/en/admin/"),
        anonymous=to("/en/accounts/login/?next=%2Fen%2Fadmin%2F"), partner_a=FORBIDDEN,
    ),
    # Django logs out by POST only; a GET of non-staff goes back to the admin (its login).
    "admin:logout": row(to("/en/admin/"), to("/en/admin/"), to("/en/admin/"), NOT_ALLOWED,
                        NOT_ALLOWED),
    "admin:password_change": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK, OK),
    "admin:password_change_done": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK, OK),
    # Without the field it completes, the autocomplete refuses.
    "admin:autocomplete": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, FORBIDDEN, FORBIDDEN),
    "admin:jsi18n": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK, OK),
    "admin:view_on_site": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, to("http://testserver/en/actions/"),
                              to("http://testserver/en/actions/")),
    "admin:app_list": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK, OK),
    "admin/(?P<url>.*)$": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_FOUND, NOT_FOUND),
    "admin:auth_user_password_change": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, FORBIDDEN,
                                           FORBIDDEN),
    # The request desk: CSV export, dashboard, history records, and its POST-only actions.
    "admin:requests_app_capacityrequest_export": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK,
                                                     OK),
    "admin:requests_app_capacityrequest_dashboard": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN,
                                                        OK, OK),
    "admin:requests_app_capacityrequest_simple_history": row(ADMIN_LOGIN, ADMIN_LOGIN,
                                                             ADMIN_LOGIN, OK, OK),
    "admin:requests_app_eligibilitycriterion_simple_history": row(ADMIN_LOGIN, ADMIN_LOGIN,
                                                                 ADMIN_LOGIN, OK, OK),
    # The screening page: read by the team, saved only in the screening stages (the world's
    # request is only submitted, so the save is refused on the page itself).
    "admin:requests_app_capacityrequest_screening": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK, OK,
        anonymous=ADMIN_LOGIN, partner_a=ADMIN_LOGIN, partner_b=ADMIN_LOGIN, staff=OK,
    ),
    "admin:requests_app_capacityrequest_record": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN,
                                                     OK, OK),
    "admin:requests_app_capacityrequest_record[draft]": row(ADMIN_LOGIN, ADMIN_LOGIN,
                                                            ADMIN_LOGIN, NOT_FOUND, NOT_FOUND),
    # The decision dossier: managers only (it holds the screening, opinions and notes).
    "admin:requests_app_capacityrequest_dossier": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN,
                                                      FORBIDDEN, OK),
    "admin:requests_app_capacityrequest_dossier[draft]": row(ADMIN_LOGIN, ADMIN_LOGIN,
                                                             ADMIN_LOGIN, NOT_FOUND, NOT_FOUND),
    "admin:requests_app_capacityrequest_dossiers": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN,
                                                       FORBIDDEN, OK),
    # Nothing is in consultation in the world: the manager is sent back to the list.
    "admin:requests_app_capacityrequest_dossier_consultation": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_ALLOWED, NOT_ALLOWED,
        anonymous=ADMIN_LOGIN, partner_a=ADMIN_LOGIN, partner_b=ADMIN_LOGIN, staff=FORBIDDEN,
        manager=to("/en/admin/requests_app/capacityrequest/dossiers/"),
    ),
    "admin:requests_app_capacityrequest_dossier_job": row(ADMIN_LOGIN, ADMIN_LOGIN,
                                                          ADMIN_LOGIN, FORBIDDEN, OK),
    # The world's dossier is not built yet (409); test_dossier.py downloads a built one.
    "admin:requests_app_capacityrequest_dossier_file": row(ADMIN_LOGIN, ADMIN_LOGIN,
                                                           ADMIN_LOGIN, FORBIDDEN, 409),
    "admin:requests_app_capacityrequest_transition": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_ALLOWED, NOT_ALLOWED,
        anonymous=ADMIN_LOGIN, partner_a=ADMIN_LOGIN, partner_b=ADMIN_LOGIN,
        staff=to("/en/admin/requests_app/capacityrequest/"),
    ),
    "admin:requests_app_capacityrequest_message": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_ALLOWED, NOT_ALLOWED,
        anonymous=ADMIN_LOGIN, partner_a=ADMIN_LOGIN, partner_b=ADMIN_LOGIN,
        staff=to("/en/admin/requests_app/capacityrequest/"),
    ),
    "admin:requests_app_capacityrequest_note": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_ALLOWED, NOT_ALLOWED,
        anonymous=ADMIN_LOGIN, partner_a=ADMIN_LOGIN, partner_b=ADMIN_LOGIN,
        manager=to("/en/admin/requests_app/capacityrequest/"),
    ),
    # A partner's draft is theirs until submitted: the team finds no trace of it in the
    # admin (page, history, history entry, timeline rows, files). The rows of the submitted
    # request are the positive twins (and the generic rows below use its objects too).
    "admin:requests_app_capacityrequest_changelist[draft]": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_LISTED, NOT_LISTED),
    "admin:requests_app_capacityrequest_changelist[submitted]": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, LISTED, LISTED),
    "admin:requests_app_capacityrequest_change[draft]": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ABSENT, ABSENT),
    "admin:requests_app_capacityrequest_history[draft]": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_FOUND, NOT_FOUND),
    "admin:requests_app_capacityrequest_simple_history[draft]": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_FOUND, NOT_FOUND),
    "admin:requests_app_requestevent_changelist[draft]": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_LISTED, NOT_LISTED),
    "admin:requests_app_requestevent_changelist[submitted]": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, LISTED, LISTED),
    "admin:requests_app_requestevent_change[draft]": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ABSENT, ABSENT),
    "admin:requests_app_requestevent_history[draft]": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ABSENT, ABSENT),
    "admin:requests_app_attachment_changelist[draft]": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_LISTED, NOT_LISTED),
    "admin:requests_app_attachment_changelist[submitted]": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, LISTED, LISTED),
    "admin:requests_app_attachment_change[draft]": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ABSENT, ABSENT),
    "admin:requests_app_attachment_history[draft]": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ABSENT, ABSENT),
    "admin:actions_app_action_export": row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK, OK),
    "admin:actions_app_action_from_request": row(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_ALLOWED, NOT_ALLOWED,
        anonymous=ADMIN_LOGIN, partner_a=ADMIN_LOGIN, partner_b=ADMIN_LOGIN,
    ),

    # --- Every model of the admin: changelist, add, change, history, delete, "<pk>/"
    **_admin_rows(),
}
# fmt: on
# A consultee speaks for a consulted body, not for an institution: every partner page of
# requests refuses them (403), whatever the request.
for _key, _row in MATRIX.items():
    if _key.startswith("requests:"):
        _row["consultee"] = FORBIDDEN

# Objects of the "[variant]" rows, where they differ from routes.ARGUMENTS.
VARIANTS = {
    "requests:detail[draft]": lambda w: [w.draft.pk],
    "requests:download[draft]": lambda w: [w.draft.pk, w.draft.attachments.get().pk],
    "requests:record[draft]": lambda w: [w.draft.pk],
    "admin:requests_app_capacityrequest_record[draft]": lambda w: [w.draft.pk],
    "admin:requests_app_capacityrequest_dossier[draft]": lambda w: [w.draft.pk],
    "requests:step[submitted]": lambda w: [w.submitted.pk, "need"],
    "requests:files[submitted]": lambda w: [w.submitted.pk],
    "requests:review[submitted]": lambda w: [w.submitted.pk],
    "requests:delete[submitted]": lambda w: [w.submitted.pk],
    "requests:withdraw[draft]": lambda w: [w.draft.pk],
    "consultations:detail[other]": lambda w: [w.submitted.pk],
    "consultations:download[other]": lambda w: [w.submitted.pk, w.submitted.attachments.get().pk],
    "consultations:dossier[other]": lambda w: [w.submitted.pk],
    "admin:requests_app_capacityrequest_changelist[draft]": lambda w: [],
    "admin:requests_app_capacityrequest_changelist[submitted]": lambda w: [],
    "admin:requests_app_capacityrequest_change[draft]": lambda w: [w.draft.pk],
    "admin:requests_app_capacityrequest_history[draft]": lambda w: [w.draft.pk],
    "admin:requests_app_capacityrequest_simple_history[draft]": lambda w: history_id(w.draft),
    "admin:requests_app_requestevent_changelist[draft]": lambda w: [],
    "admin:requests_app_requestevent_changelist[submitted]": lambda w: [],
    "admin:requests_app_requestevent_change[draft]": lambda w: [w.draft.events.get().pk],
    "admin:requests_app_requestevent_history[draft]": lambda w: [w.draft.events.get().pk],
    "admin:requests_app_attachment_changelist[draft]": lambda w: [],
    "admin:requests_app_attachment_changelist[submitted]": lambda w: [],
    "admin:requests_app_attachment_change[draft]": lambda w: [w.draft.attachments.get().pk],
    "admin:requests_app_attachment_history[draft]": lambda w: [w.draft.attachments.get().pk],
}
# The query strings of the "[variant]" list rows: the list filtered to that request.
QUERIES = {
    "admin:requests_app_capacityrequest_changelist[draft]": lambda w: f"id__exact={w.draft.pk}",
    "admin:requests_app_capacityrequest_changelist[submitted]": (
        lambda w: f"id__exact={w.submitted.pk}"
    ),
    **{
        f"admin:requests_app_{model}_changelist[{variant}]": (
            lambda w, variant=variant: f"request__id__exact={getattr(w, variant).pk}"
        )
        for model in ("requestevent", "attachment")
        for variant in ("draft", "submitted")
    },
}
# What the POST checks send (the wrong people are refused before it is read).
POST_DATA: dict[str, dict[str, Any]] = {
    "accounts:invitation_create": {"email": "new.colleague@example.org", "language": "en"},
    "admin:login": {"username": "matrix.staff@mieux.local", "password": "correct-horse-battery"},
    "accounts:account_erase": {"password": "correct-horse-battery"},
    "requests:message": {"body": "Hello"},
    "requests:withdraw": {"comment": "No longer needed"},
    "requests:step": {"title": "Changed"},
    "consultations:detail": {"stance": "supports"},
    "admin:requests_app_capacityrequest_message": {"body": "Hello"},
    "admin:requests_app_capacityrequest_note": {"body": "A note"},
}


def _route_of(key: str) -> str:
    return key.split("[", 1)[0]


ROUTES = {route.key: route for route in all_routes()}


def test_it_has_a_row_for_every_url_pattern():
    missing = sorted(set(ROUTES) - {_route_of(key) for key in MATRIX})
    assert missing == [], f"add these URL patterns to MATRIX in {__file__}: {missing}"


def test_it_has_no_row_for_a_url_pattern_that_is_gone():
    assert sorted({_route_of(key) for key in MATRIX} - set(ROUTES)) == []


def test_it_declares_every_model_of_the_admin():
    assert sorted(ADMIN_ACCESS) == admin_models()


def test_it_fills_every_argument_from_the_world():
    assert set(ARGUMENTS) <= set(ROUTES)


def _address(key: str, world: World) -> str:
    route = ROUTES[_route_of(key)]
    if key in VARIANTS:
        with translation.override("en"):
            assert route.name is not None
            url = reverse(route.name, args=VARIANTS[key](world))
    else:
        url = url_of(route, world)
    query = QUERIES.get(key)
    return f"{url}?{query(world)}" if query else url


def _client(world: World, role: str) -> Client:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def _outcome(response: Any) -> str:
    location = response.get("Location", "")
    return f"{response.status_code} {location}".strip()


def _matches(response: Any, expected: Expect, url: str) -> bool:
    if isinstance(expected, Redirect):
        location = response.get("Location", "")
        if expected.exact:
            return response.status_code == 302 and location == expected.prefix
        back = parse_qs(urlsplit(location).query).get("next") == [url]
        return (
            response.status_code == 302
            and location.startswith(expected.prefix)
            and (back or not expected.back)
        )
    if isinstance(expected, Listed):
        if response.status_code != 200:
            return False
        return (response.context["cl"].result_count > 0) == expected.shown
    return response.status_code == expected


@pytest.mark.parametrize("key", list(MATRIX))
def test_it_answers_each_role_as_the_matrix_says(world, db, key):
    url = _address(key, world)
    wrong = {}
    for check, expected in MATRIX[key].items():
        method, _, role = check.rpartition(" ")
        # Each check starts afresh: allauth's and the portal's rate limits count in the cache.
        cache.clear()
        client = _client(world, role)
        if method == "POST":
            response = client.post(url, POST_DATA.get(_route_of(key), {}))
        else:
            response = client.get(url)
        if not _matches(response, expected, url):
            wrong[check] = f"expected {expected!r}, got {_outcome(response)}"
    assert wrong == {}, f"{key} at {url}"


def test_it_never_shows_the_admin_objects_to_partners(world, db):
    # The matrix rows of the admin use one object per model; partners are refused before
    # the object is even looked up, so a missing object must not hide that.
    client = _client(world, "partner_a")
    for label in admin_models():
        obj = admin_object(world, label)
        url = f"/en/admin/{label.replace('.', '/')}/{obj.pk}/change/"
        assert _matches(client.get(url), ADMIN_LOGIN, url), url


def test_it_answers_visitors_in_russian_as_in_english(world, db):
    """The same rules under /ru/: the language prefix does not open another door."""
    client = _client(world, "anonymous")
    different = {}
    for key, row_ in MATRIX.items():
        url = _address(key, world)
        if not url.startswith("/en/"):
            continue
        cache.clear()
        english = client.get(url)
        russian = client.get("/ru/" + url.removeprefix("/en/"))
        expected = row_["anonymous"]
        if russian.status_code != english.status_code or not _matches(english, expected, url):
            different[key] = (_outcome(english), _outcome(russian))
    assert different == {}
