"""Oversized input, posted by Hypothesis: never a server error, never read when too large.

Two kinds: a request whose declared body is over REQUEST_BODY_MAX_BYTES (by one byte or
by terabytes), which must be refused with 413 without its body being read; and a single
form value of up to 6 million characters (a "phone number", a title), which the forms must
refuse or keep within their field's length, which past DATA_UPLOAD_MAX_MEMORY_SIZE is a 400
and past REQUEST_BODY_MAX_BYTES a 413.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from tests import factories
from tests.security.test_body_limit import Unreadable

from .test_forms_fuzz import FUZZ, send

MIB = 1024 * 1024


@pytest.fixture
def draft(partner_a):
    return factories.complete_draft(institution=partner_a.institution, created_by=partner_a)


def form_urls(draft) -> list[str]:
    return [
        f"/en/requests/{draft.pk}/edit/institution/",
        f"/en/requests/{draft.pk}/edit/need/",
        f"/en/requests/{draft.pk}/edit/files/",
        f"/en/requests/{draft.pk}/message/",
        "/en/profile/",
        "/en/institution/",
        "/en/institution/invitations/",
        "/en/accounts/login/",
        "/en/accounts/signup/",
    ]


def test_it_refuses_every_oversized_body_unread(tally, partner_a, draft):
    @FUZZ
    @given(
        url=st.sampled_from(form_urls(draft)),
        over=st.one_of(st.integers(1, 1024), st.integers(1, 2**40)),
        signed_in=st.booleans(),
    )
    def case(url, over, signed_in):
        client = Client()
        if signed_in:
            client.force_login(partner_a)
        status: int | None = None
        try:
            with transaction.atomic():
                status = client.generic(
                    "POST", url, b"", CONTENT_TYPE="multipart/form-data; boundary=x",
                    CONTENT_LENGTH=str(settings.REQUEST_BODY_MAX_BYTES + over),
                    **{"wsgi.input": Unreadable()},
                ).status_code  # fmt: skip
                transaction.set_rollback(True)
        finally:
            tally.record("oversized body", status)
        assert status == 413

    case()


def test_it_survives_one_huge_value(tally, partner_a, draft):
    fields = {
        f"/en/requests/{draft.pk}/edit/institution/": ["contact_phone", "contact_name"],
        f"/en/requests/{draft.pk}/edit/need/": ["title", "context"],
        "/en/profile/": ["phone", "first_name"],
        "/en/institution/": ["name", "address"],
    }

    @FUZZ
    @given(
        where=st.sampled_from(
            sorted((url, name) for url, names in fields.items() for name in names)
        ),
        size=st.one_of(st.integers(0, 400), st.integers(0, 6 * MIB)),
        char=st.sampled_from(["9", "я", "\n", "🙂"]),
    )
    def case(where, size, char):
        url, name = where
        data = {name: char * size, "action": "save"}
        status = send(tally, "one huge value", partner_a, url, data)
        # The test client posts multipart: the value's UTF-8 bytes and a little framing.
        encoded = len(data[name].encode())
        if encoded > settings.REQUEST_BODY_MAX_BYTES:
            assert status == 413
        elif encoded > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            assert status in (400, 413)

    case()
