"""The staff desk's search boxes are named by their label's text, in the page's language:
a box named only by the icon's alt text has its help text (aria-describedby) as its only
text, which axe-core reports as label-title-only (serious). The crawl found it on the queue;
these read the label itself, on the queue's own search form and on Django's."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

LABEL = re.compile(r'<label for="searchbar">(.*?)</label>', re.S)
TEXT = re.compile(r'<span class="visually-hidden">([^<]+)</span>')


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:requests_app_capacityrequest_changelist",  # the queue's own search form
        "admin:accounts_app_partnerinstitution_changelist",  # Django's, overridden
    ],
)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_search_box_is_named_by_its_label_text(client_for, staff, changelist, lang):
    with translation.override(lang):
        page = client_for(staff).get(reverse(changelist)).content.decode()
        search = gettext("Search")
    label = LABEL.search(page)

    assert label is not None, "no label for the search box"
    assert TEXT.findall(label.group(1)) == [search]
    assert 'alt=""' in label.group(1)  # the icon beside the text, not a second name
    assert lang == "en" or search != "Search"  # translated
