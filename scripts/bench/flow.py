"""The partner's submit flow through the real forms: new draft, three steps, letter, submit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bench.client import Browser, Response
from bench.config import LANGUAGE, PDF, REFERENCE

Outcomes = list[tuple[Response, bool]]


@dataclass
class FlowData:
    """What a partner types: the institution's country, topics, kinds of activities."""

    country: str
    topics: list[str]
    activity_types: list[str]


def flow_data_for(email: str) -> FlowData:
    from accounts_app.models import User
    from requests_app.models import ActivityType, Topic

    user = User.objects.select_related("membership__institution").get(email=email)
    topics = [str(pk) for pk in Topic.objects.order_by("pk").values_list("pk", flat=True)[:2]]
    kinds = [str(pk) for pk in ActivityType.objects.order_by("pk").values_list("pk", flat=True)[:1]]
    return FlowData(str(user.membership.institution.country), topics, kinds)


def draft_steps(data: FlowData, i: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """The three edit steps of the draft and what the partner types in each."""
    return [
        (
            "institution",
            [
                ("contact_name", f"Contact {i}"),
                ("contact_position", "Head of unit"),
                ("contact_email", f"contact{i}@bench.example.org"),
                ("contact_phone", "+992 37 221 00 00"),
                ("country", data.country),
                ("channel", "direct"),
                ("delegation_contact", ""),
            ],
        ),
        (
            "need",
            [
                ("submission_language", LANGUAGE),
                ("request_type", "action"),
                ("title", f"Labour migration statistics {i}"),
                *(("topics", t) for t in data.topics),
                ("context", "The migration service collects data on labour migration. " * 5),
                ("needs", "Training of statisticians in survey methods. " * 5),
                ("objectives", "Reliable monthly statistics on labour migration. " * 3),
                ("target_groups", "Twenty statisticians of the migration service."),
            ],
        ),
        (
            "support",
            [
                *(("activity_types", a) for a in data.activity_types),
                ("proposed_activities", "A study visit, then two workshops. " * 4),
                ("expected_results", "A survey method adopted and in use. " * 4),
                ("timeframe_start", "2027-03-01"),
                ("timeframe_end", "2027-06-30"),
                ("expected_participants", "25"),
                ("working_languages", "Russian, English"),
                ("other_support", ""),
            ],
        ),
    ]


def submit_flow(data: FlowData, *, pages: bool) -> Callable[[Browser, int], tuple[Outcomes, str]]:
    """Create a draft, fill the three steps, upload the letter, submit; with `pages`, every
    page is also read as a person would (13 requests), else only the posts (7)."""
    base = f"/{LANGUAGE}/requests"

    def run(browser: Browser, i: int) -> tuple[Outcomes, str]:
        out: Outcomes = []

        def go(response: Response, expected: int) -> bool:
            ok = response.status == expected
            out.append((response, ok))
            return ok

        def read(path: str) -> bool:
            """A page a person reads before posting (only with `pages`)."""
            return not pages or go(browser.get(path), 200)

        if not read(f"{base}/new/"):
            return out, ""
        created = browser.post(f"{base}/new/", [])
        if not go(created, 302) or "/edit/" not in created.location:
            return out, ""
        draft = created.location.split("/edit/")[0]  # /en/requests/<pk>
        for key, fields in draft_steps(data, i):
            if not read(f"{draft}/edit/{key}/"):
                return out, ""
            saved = browser.post(f"{draft}/edit/{key}/", [*fields, ("action", "continue")])
            if not go(saved, 302):
                return out, ""
        if not read(f"{draft}/edit/files/"):
            return out, ""
        uploaded = browser.post(
            f"{draft}/edit/files/", [("kind", "letter")], files=[("file", "letter.pdf", PDF)]
        )
        if not go(uploaded, 302) or not read(f"{draft}/edit/review/"):
            return out, ""
        submitted = browser.post(
            f"{draft}/edit/review/", [("consent", "on"), ("transition", "submit")]
        )
        if not go(submitted, 302) or submitted.location != f"{draft}/":
            return out, ""
        page = browser.get(f"{draft}/")
        found = REFERENCE.search(page.body)
        go(page, 200)
        if not found:
            out[-1] = (page, False)
            return out, ""
        return out, found.group(1)

    return run
