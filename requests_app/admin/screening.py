"""The screening page of the triage desk, and the assessment's summary on the request page.

Staff answer every active eligibility criterion (met / not met / unclear, with a comment)
and give a recommendation; `requests_app.screening.screening_record` stores it. Sending to
consultation is refused until it is complete (the workflow row's `requires_screening`).
Everything here is staff-side only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import screening, services, workflow
from ..assessment import EligibilityCriterion, Recommendation, Verdict, screening_gaps
from ..models import CapacityRequest
from .common import staff_actor

BLANK = [("", _("not assessed yet"))]


class ScreeningForm(forms.Form):
    """A verdict and a comment per active criterion, then the recommendation."""

    def __init__(self, *args: Any, criteria: list[EligibilityCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"verdict_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.name,
                help_text=criterion.description,
                choices=BLANK + list(Verdict.choices),
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["recommendation"] = forms.ChoiceField(
            label=_("Recommendation"), choices=BLANK + list(Recommendation.choices), required=False
        )
        self.fields["comment"] = forms.CharField(
            label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
        )

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"verdict_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def answers(self) -> list[screening.CriterionInput]:
        return [
            screening.CriterionInput(
                criterion_id=c.pk,
                verdict=self.cleaned_data[f"verdict_{c.pk}"],
                comment=self.cleaned_data[f"comment_{c.pk}"],
            )
            for c in self.criteria
        ]


def initial_values(obj: CapacityRequest) -> dict[str, str]:
    assessment = screening.screening_for(obj)
    if assessment is None:
        return {}
    values = {"recommendation": assessment.recommendation, "comment": assessment.comment}
    for answer in assessment.answers.all():
        values[f"verdict_{answer.criterion_id}"] = answer.verdict
        values[f"comment_{answer.criterion_id}"] = answer.comment
    return values


class ScreeningMixin(SimpleHistoryAdmin):
    """The request's screening page and its summary on the request page."""

    def get_urls(self) -> list[URLPattern | URLResolver]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/screening/",
                self.admin_site.admin_view(self.screening_view),
                name="{}_{}_screening".format(*info),
            ),
            *super().get_urls(),
        ]

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: CapacityRequest | None = None,
    ) -> HttpResponse:
        if obj is not None:
            context.update(screening_summary(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def screening_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Show the assessment form; a POST stores it through the service."""
        obj = self.get_object(request, str(object_id))
        if obj is None:
            return HttpResponseRedirect(reverse("admin:requests_app_capacityrequest_changelist"))
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        change_url = reverse("admin:requests_app_capacityrequest_change", args=[obj.pk])
        criteria = list(EligibilityCriterion.objects.filter(active=True))
        form = ScreeningForm(
            request.POST if request.method == "POST" else None,
            criteria=criteria,
            initial=initial_values(obj),
        )
        if request.method == "POST" and form.is_valid():
            try:
                screening.screening_record(
                    request=obj,
                    actor=staff_actor(request),
                    answers=form.answers(),
                    recommendation=form.cleaned_data["recommendation"],
                    comment=form.cleaned_data["comment"],
                )
            except services.WorkflowError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request, gettext("The screening assessment was saved."), messages.SUCCESS
                )
                return HttpResponseRedirect(change_url + "#mx-screening-title")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": gettext("Screening assessment"),
            "form": form,
            "change_url": change_url,
            "editable": workflow.STAGE[obj.status].screening,
        }
        return TemplateResponse(
            request, "admin/requests_app/capacityrequest/screening.html", context
        )


def screening_summary(obj: CapacityRequest) -> dict[str, Any]:
    """The assessment as the request page shows it (staff only)."""
    assessment = screening.screening_for(obj)
    return {
        "screening": assessment,
        "screening_answers": (assessment.answers.select_related("criterion") if assessment else []),
        "screening_gaps": screening_gaps(obj),
        "screening_editable": workflow.STAGE[obj.status].screening,
        "screening_url": reverse("admin:requests_app_capacityrequest_screening", args=[obj.pk]),
    }
