"""The vocabulary of the access matrix (tests/access/test_url_matrix.py): what a role gets
(`Expect`: a status, a redirect, an admin list with or without the object), one row over
the roles, and the admin's model pages declared per staff group."""

from __future__ import annotations

from dataclasses import dataclass

from .routes import ADMIN_VIEWS
from .world import ROLES


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location starts with ``prefix``; with ``back``, its ``?next=`` is the
    address asked for (the login page returns the visitor to it)."""

    prefix: str
    back: bool = False
    exact: bool = False  # the whole Location, not only its start

    def __repr__(self) -> str:
        if self.exact:
            return f"302 → {self.prefix}"
        return f"302 → {self.prefix}{'<this address>' if self.back else '…'}"


@dataclass(frozen=True)
class Listed:
    """An admin list (200) whose filtered rows include the object (``True``) or not."""

    shown: bool

    def __repr__(self) -> str:
        return "200 listing it" if self.shown else "200 without it"


Expect = int | Redirect | Listed
OK, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 403, 404, 405
LOGIN = Redirect("/en/accounts/login/?next=", back=True)
LOGIN_PAGE = Redirect("/en/accounts/login/")  # allauth's stages: no login under way
ADMIN_LOGIN = Redirect("/en/admin/login/?next=", back=True)
REAUTHENTICATE = Redirect("/en/accounts/reauthenticate/")
MY_REQUESTS = Redirect("/en/requests/")
# Where staff land after logging in (accounts_app.adapters.landing_url): the triage queue;
# consultees: their consultations.
QUEUE = Redirect("/en/admin/requests_app/capacityrequest/", exact=True)
CONSULTATIONS = Redirect("/en/consultations/", exact=True)
INSTITUTION = Redirect("/en/institution/")
# The admin's answer for an object it does not have: back to its index, with a message.
ABSENT = Redirect("/en/admin/", exact=True)
LISTED, NOT_LISTED = Listed(shown=True), Listed(shown=False)


def to(prefix: str) -> Redirect:
    return Redirect(prefix)


def row(anonymous: Expect, partner_a: Expect, partner_b: Expect, staff: Expect, manager: Expect,
        /, *, co: Expect | None = None, cons: Expect | None = None,
        **post: Expect) -> dict[str, Expect]:  # fmt: skip
    """One row in the column order of ROLES; ``post`` adds "POST <role>" checks.

    ``co`` is what the partner of a co-requesting institution gets (world.py: it confirmed
    on A's submitted request and is asked about A's draft). Outside the pages of those
    requests they are a partner like B, so the column is B's unless the row says otherwise.
    ``cons`` is what the consultee gets (a member of the EU Delegation consulted on A's
    request in consultation, logged in with two factors): B's unless the row says otherwise
    (no institution's pages, no admin; their own consultation pages).
    """
    co_requester = partner_b if co is None else co
    consultee = partner_b if cons is None else cons
    people = (anonymous, partner_a, co_requester, partner_b, consultee, staff, manager)
    expected = dict(zip(ROLES, people, strict=True))
    return expected | {f"POST {role}": value for role, value in post.items()}


def everyone(expect: Expect) -> dict[str, Expect]:
    return row(expect, expect, expect, expect, expect)


def signed_in(expect: Expect) -> dict[str, Expect]:
    return row(LOGIN, expect, expect, expect, expect)


# The admin's model pages, declared per model as what each staff group may do there:
# "v" view (list, page, history), "c" change, "a" add, "d" delete ("" = nothing).
# Partners and visitors get the admin's login page everywhere.
ADMIN_ACCESS: dict[str, tuple[str, str]] = {
    # model: (MIEUX+ staff, MIEUX+ managers)
    "auth.group": ("", ""),
    "account.emailaddress": ("", ""),
    "mfa.authenticator": ("", ""),
    "axes.accessattempt": ("", ""),
    "axes.accesslog": ("", ""),
    "axes.accessfailurelog": ("", ""),
    "accounts_app.user": ("v", "v"),
    "accounts_app.partnerinstitution": ("v", "vc"),
    "accounts_app.membership": ("v", "v"),
    "accounts_app.invitation": ("", ""),
    "accounts_app.institutionkind": ("v", "vc"),
    # Managers keep the consulted bodies and their members; a body is retired, not deleted.
    "accounts_app.consultedbody": ("v", "vca"),
    "requests_app.region": ("v", "vc"),
    "requests_app.topic": ("v", "vca"),
    "requests_app.activitytype": ("v", "vca"),
    # Managers edit the screening criteria; a retired one is made inactive, never deleted.
    "requests_app.eligibilitycriterion": ("v", "vca"),
    # Requests are never added or deleted in the admin, whatever the permissions say.
    "requests_app.capacityrequest": ("vc", "vc"),
    "requests_app.requestevent": ("v", "v"),
    "requests_app.attachment": ("v", "v"),
    "requests_app.referencecounter": ("", ""),
    "requests_app.exportlog": ("", "v"),  # the audit of exports is the managers' to read
    "notifications_app.notification": ("", ""),
    "actions_app.action": ("vca", "vca"),
    "actions_app.newsitem": ("vca", "vca"),
    "actions_app.resource": ("vca", "vca"),
}


def _admin_page(view: str, may: str) -> Expect:
    needed = {"changelist": "vc", "change": "vc", "history": "vc", "add": "a", "delete": "d"}
    return OK if set(needed[view]) & set(may) else FORBIDDEN


def _admin_rows() -> dict[str, dict[str, Expect]]:
    rows = {}
    for label, (staff, manager) in ADMIN_ACCESS.items():
        name = label.replace(".", "_")
        for view in ADMIN_VIEWS:
            rows[f"admin:{name}_{view}"] = row(
                ADMIN_LOGIN,
                ADMIN_LOGIN,
                ADMIN_LOGIN,
                _admin_page(view, staff),
                _admin_page(view, manager),
            )
        # "<model>/<pk>/" only redirects to the change page, which then decides.
        path = "admin/" + label.replace(".", "/") + "/"
        change = Redirect(f"/en/{path}")
        rows[path + "<path:object_id>/"] = row(
            ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, change, change
        )
    return rows
