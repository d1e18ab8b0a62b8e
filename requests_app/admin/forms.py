"""Forms of the request admin (the team's triage desk)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts_app.models import User

from ..models import CapacityRequest
from ..notify import STAFF_GROUPS


def staff_members() -> QuerySet[User]:
    """Active members of the MIEUX+ staff and managers groups: who requests go to."""
    return (
        User.objects.filter(is_active=True, is_staff=True, groups__name__in=STAFF_GROUPS)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


class TranslationForm(forms.ModelForm):
    """The working translation: the admin gives it the other language's narrative fields."""

    class Meta:
        model = CapacityRequest
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                # Long partner texts: a taller box than the admin's default makes
                # translating beside the original readable.
                field.widget.attrs.update({"rows": 8, "cols": 60})


class AssignForm(forms.Form):
    """The intermediate page of the "Assign to…" bulk action."""

    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=User.objects.none(),
        empty_label=None,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_members()  # type: ignore[attr-defined]
