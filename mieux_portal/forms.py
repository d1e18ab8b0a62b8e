"""One-line fields: what a partner types as a title, a name or a phone number stays one line.

Such values go into plain-text e-mails, where a line break typed inside them would start a
line of its own ("Bcc: …", "Click here: …") that looks like the portal wrote it. So every
one-line field of the portal's forms cleans its value here, once: line breaks, tabs and
the other line or paragraph separators become a space; other control characters and
invisible format characters (direction overrides that spell a name backwards, zero-width
spaces) are dropped. The joiners that some scripts and emoji need (ZWNJ, ZWJ) and the
left-to-right / right-to-left marks stay. Multi-line fields (narratives, addresses) are
text areas and are left alone.

Plain forms use :class:`OneLineField`; model forms pass :func:`one_line_formfield` as their
``formfield_callback``, which makes every plain ``CharField`` of the model one.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.db import models

# Everything Python's str.splitlines() breaks on, and tabs.
LINE_BREAKS = re.compile("[\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029]+")
# Format characters that written text needs: ZWNJ, ZWJ, LRM, RLM.
KEPT_FORMAT = frozenset("\u200c\u200d\u200e\u200f")
DROPPED_CATEGORIES = frozenset({"Cc", "Cf"})


def one_line(value: str) -> str:
    """``value`` on one line, without control or invisible format characters."""
    value = LINE_BREAKS.sub(" ", value)
    return "".join(
        char
        for char in value
        if char in KEPT_FORMAT or unicodedata.category(char) not in DROPPED_CATEGORIES
    )


class OneLineField(forms.CharField):
    """A CharField whose value is made one line (:func:`one_line`) before it is checked."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if isinstance(value, str) and value:
            value = one_line(value)
            if self.strip:
                value = value.strip()
            if not value:
                return self.empty_value
        return value


def one_line_formfield(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """A model form's ``formfield_callback``: plain text inputs become one-line fields."""
    field = db_field.formfield(**kwargs)
    if type(field) is forms.CharField and not isinstance(field.widget, forms.Textarea):
        return db_field.formfield(form_class=OneLineField, **kwargs)
    return field
