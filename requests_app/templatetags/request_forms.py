"""``{{ form|crispy_layout }}``: ``{{ form|crispy }}`` drawn from the layout of the form's shape
(requests_app.formlayout), for the partner's request pages."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

from ..formlayout import render_form

register = template.Library()


@register.filter
def crispy_layout(form: forms.Form) -> SafeString:
    return render_form(form)
