"""Phase 1: each page at 8 concurrent users beside the baseline.

For each page (one logged-in connection per user, 3 s of warm-up, then 15 s): the baseline
(one query, one small template), the Actions catalogue with filters, an Action page, "My
requests", a request page, the admin request list with filters on 100,000 requests, the
search scenario (bench/search.py: the admin queue's, the catalogue's and "My requests"'s
search), and the whole submit flow (13 requests: every page and post from "New request" to
the submitted request's page); req/s, p50/p95/p99, each page's throughput as a ratio of the
baseline's, and the queries each page runs.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from bench.client import Browser, Response, log_in
from bench.config import (
    LANGUAGE,
    PREFIX,
    TARGET_ADMIN_P95_MS,
    TARGET_P95_MS,
    TARGET_RATIO,
    TARGET_SEARCH_P95_MS,
    USERS,
    log,
    partner_email,
    staff_email,
    totp_secret,
)
from bench.flow import flow_data_for, submit_flow
from bench.measuring import Result, Step, cycling_get, measure, per_user_get
from bench.report import table
from bench.search import first_paths, steps
from bench.setup import Run


@dataclass
class Paths:
    """The URLs each page's users cycle through."""

    partners: list[str]  # the e-mails of the logged-in partners
    catalogue: list[str]
    actions: list[str]
    mine: list[str]
    details: dict[int, list[str]]  # each partner's own request pages
    admin_lists: list[str]
    year: int
    region_id: int  # Asia's, for the filters of the admin's searches


def paths() -> Paths:
    from django.utils import timezone

    from actions_app.models import Action
    from requests_app.models import CapacityRequest, Region, Topic

    partners = [partner_email(i) for i in range(USERS)]
    regions = dict(Region.objects.values_list("code", "pk"))
    topics = dict(Topic.objects.values_list("code", "pk"))
    slugs = list(Action.objects.filter(code__startswith=PREFIX).values_list("slug", flat=True))
    details = {
        n: [
            f"/{LANGUAGE}/requests/{pk}/"
            for pk in CapacityRequest.objects.filter(
                institution__memberships__user__email=email, reference__startswith=PREFIX
            ).values_list("pk", flat=True)[:50]
        ]
        for n, email in enumerate(partners)
    }
    admin = f"/{LANGUAGE}/admin/requests_app/capacityrequest/"
    return Paths(
        partners=partners,
        catalogue=[
            f"/{LANGUAGE}/actions/?region=asia",
            f"/{LANGUAGE}/actions/?topic=LM&status=ongoing",
            f"/{LANGUAGE}/actions/?region=africa&page=3",
            f"/{LANGUAGE}/actions/?year={timezone.now().year - 2}",
            f"/{LANGUAGE}/actions/?q=partnership+1",
            f"/{LANGUAGE}/actions/",
        ],
        actions=[f"/{LANGUAGE}/actions/{slug}/" for slug in slugs[:200]],
        mine=[
            f"/{LANGUAGE}/requests/",
            f"/{LANGUAGE}/requests/?page=2",
            f"/{LANGUAGE}/requests/?status=review",
        ],
        details=details,
        admin_lists=[
            f"{admin}?status=screening",
            f"{admin}?region__id__exact={regions['asia']}",
            f"{admin}?topics__id__exact={topics['LM']}&status=submitted",
            f"{admin}?assignee=me",
            f"{admin}?waiting=60&status=consultation",
            f"{admin}?p=3",
        ],
        year=timezone.now().year,
        region_id=regions["asia"],
    )


def query_profile(pages: dict[str, tuple[str, str]]) -> dict[str, tuple[int, float]]:
    """Queries and their database time for one request of each page (in-process client)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts_app.models import User

    profile = {}
    clients: dict[str, Client] = {}
    for name, (who, path) in pages.items():
        if who not in clients:
            clients[who] = Client()
            if who:
                clients[who].force_login(User.objects.get(email=who))
        client = clients[who]
        client.get(path)  # warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        profile[name] = (
            len(queries),
            sum(float(q["time"]) for q in queries.captured_queries) * 1000,
        )
    return profile


def profile_of(p: Paths) -> dict[str, tuple[int, float]]:
    searches = first_paths(p.year)
    who = {"search: admin queue (staff)": staff_email(0), "search: catalogue": ""}
    return query_profile(
        {
            **{
                name: (who.get(name, p.partners[0]), path)  # "My requests": a partner
                for name, path in searches.items()
            },
            "baseline": ("", "/bench/baseline/"),
            "(info) baseline under base.html": ("", "/bench/base/"),
            "Actions catalogue (filters)": ("", p.catalogue[1]),
            "Action page": ("", p.actions[0]),
            '"My requests" (partner)': (p.partners[0], p.mine[0]),
            "request page (partner)": (p.partners[0], p.details[0][0]),
            "admin list, filters (staff)": (staff_email(0), p.admin_lists[0]),
        }
    )


def pages_to_measure(port: int, p: Paths) -> list[tuple[str, list[Browser], Step]]:
    """Each page with its users (logged in through the real forms) and their step."""
    partner_browsers = [log_in(port, email) for email in p.partners]
    staff_browsers = [
        log_in(port, staff_email(i), totp=totp_secret(staff_email(i))) for i in range(USERS)
    ]
    anonymous = [Browser(port) for _ in range(USERS)]
    flow_data = {id(b): flow_data_for(e) for b, e in zip(partner_browsers, p.partners, strict=True)}

    def whole_flow(browser: Browser, i: int) -> list[tuple[Response, bool]]:
        return submit_flow(flow_data[id(browser)], pages=True)(browser, i)[0]

    users_of = {
        "search: admin queue (staff)": staff_browsers,
        "search: catalogue": anonymous,
        'search: "My requests" (partner)': partner_browsers,
    }
    return [
        ("baseline", anonymous, cycling_get(["/bench/baseline/"])),
        ("(info) baseline under base.html", anonymous, cycling_get(["/bench/base/"])),
        ("Actions catalogue (filters)", anonymous, cycling_get(p.catalogue)),
        ("Action page", anonymous, cycling_get(p.actions)),
        ('"My requests" (partner)', partner_browsers, cycling_get(p.mine)),
        ("request page (partner)", partner_browsers, per_user_get(p.details, partner_browsers)),
        ("admin list, filters (staff)", staff_browsers, cycling_get(p.admin_lists)),
        *((name, users_of[name], step) for name, step in steps(p.year, p.region_id).items()),
        ("submit flow, 13 requests (partner)", partner_browsers, whole_flow),
    ]


def run_pages(run: Run) -> None:
    """Measure every page, print the table, add the page figures to the run's summary."""
    p = paths()
    pages = pages_to_measure(run.port, p)
    profile = profile_of(p)
    results = []
    cpu_before = time.process_time()
    wall_before = time.perf_counter()
    for name, browsers, step in pages:
        result = measure(name, browsers, step, run.args.warmup, run.args.duration)
        results.append(result)
        log(
            f"{name}: {result.rate:.1f} req/s, p95 {result.percentile(95):.1f} ms, "
            f"{result.unexpected} unexpected ({result.server_errors} 5xx/refused); "
            f"load average {os.getloadavg()[0]:.2f}"
        )
    client_cpu = (time.process_time() - cpu_before) / (time.perf_counter() - wall_before)
    print()
    table(results, results[0], profile)
    print(
        f"(the load generator itself used {client_cpu:.2f} of a core on average; "
        f"machine load average now {os.getloadavg()[0]:.2f})"
    )
    print()
    run.summary += page_summary(results)


def page_summary(results: list[Result]) -> list[tuple[str, str, bool]]:
    """Catalogue and "My requests" against the baseline; each page's p95; errors."""
    baseline = results[0]
    summary = []
    by_name = {r.name: r for r in results}
    for name in ("Actions catalogue (filters)", '"My requests" (partner)'):
        ratio = by_name[name].rate / baseline.rate
        summary.append((f"{name}: {ratio:.2f} of baseline req/s", ">= 0.5", ratio >= TARGET_RATIO))
    for r in results:
        if r.name.startswith("search"):
            limit = TARGET_SEARCH_P95_MS
        elif r.name.startswith("admin"):
            limit = TARGET_ADMIN_P95_MS
        elif r.name == "baseline" or r.name.startswith("(info)"):
            continue
        else:
            limit = TARGET_P95_MS
        summary.append(
            (f"{r.name}: p95 {r.percentile(95):.0f} ms", f"< {limit} ms", r.percentile(95) < limit)
        )
    errors = sum(r.unexpected for r in results)
    summary.append((f"pages: {errors} failed or unexpected responses", "0", errors == 0))
    return summary
