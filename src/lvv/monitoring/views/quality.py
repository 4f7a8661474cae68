"""Pages of the monitor: data quality and the quarterly sign-off.

- `/monitor/kwaliteit`: a coordinator picks a quarter, sees each check with its count and the
  files concerned (links to the client files they may open), and signs the quarter off (with an
  explanation when findings remain) or reopens it.
- `/monitor/inzendingen`: per municipality and quarter, submitted or not, when and by which
  organisation (counts only; programme managers and analysts nationally, a coordinator their
  own municipality).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from lvv.accounts.roles import Capability
from lvv.core.pages import CapabilityRequiredMixin

from ..models import QuarterSubmission
from ..selectors.quality import (
    actor_municipality,
    last_ended_quarter,
    parse_quarter,
    quality_report_for,
    recent_quarters,
    submission_overview,
)
from ..services import quarter_reopen, quarter_sign_off

FIRST_YEAR = 2019  # the pilots started in 2019: no LVV quarter before


def _quarters_since(first_year: int) -> int:
    year, quarter = last_ended_quarter()
    return max((year - first_year) * 4 + quarter, 1)


class QuarterForm(forms.Form):
    periode = forms.ChoiceField(label=gettext_lazy("Quarter"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = [
            (f"{year}-Q{quarter}", f"{year} Q{quarter}")
            for year, quarter in recent_quarters(_quarters_since(FIRST_YEAR))
        ]


class SignOffForm(forms.Form):
    explanation = forms.CharField(
        label=gettext_lazy("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Required when a check still has findings: why the quarter can be submitted "
            "as it is. Do not name clients."
        ),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What must be corrected. Do not name clients."),
    )


def _add_service_errors(form: forms.Form, error: ValidationError) -> None:
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)


class QualityView(CapabilityRequiredMixin, TemplateView):
    """The coordinator's data-quality checks for a quarter, and its sign-off."""

    required_capability = Capability.SUBMIT_MONITOR
    template_name = "monitoring/quality.html"

    def municipality(self):
        municipality = actor_municipality(self.actor)
        if municipality is None:
            raise PermissionDenied
        return municipality

    def quarter(self) -> tuple[QuarterForm, int, int]:
        form = QuarterForm(self.request.GET or None)
        if form.is_bound and form.is_valid():
            year, quarter = parse_quarter(form.cleaned_data["periode"])
        else:
            year, quarter = last_ended_quarter()
            form = QuarterForm(initial={"periode": f"{year}-Q{quarter}"})
        return form, year, quarter

    def get(self, request, *args, **kwargs):
        return self.render_page()

    def post(self, request, *args, **kwargs):
        municipality = self.municipality()
        try:
            year, quarter = parse_quarter(request.POST.get("periode", ""))
        except ValidationError:
            raise PermissionDenied from None
        submission = QuarterSubmission.objects.filter(
            municipality=municipality, year=year, quarter=quarter
        ).first()
        if request.POST.get("action") == "reopen" and submission is not None:
            form = ReopenForm(request.POST)
            if form.is_valid():
                try:
                    quarter_reopen(
                        actor=self.actor, submission=submission, reason=form.cleaned_data["reason"]
                    )
                except ValidationError as error:
                    _add_service_errors(form, error)
                else:
                    messages.success(request, _("The quarter has been reopened."))
                    return self._back(year, quarter)
            return self.render_page(year=year, quarter=quarter, reopen_form=form)
        form = SignOffForm(request.POST)
        if form.is_valid():
            try:
                quarter_sign_off(
                    actor=self.actor,
                    municipality=municipality,
                    year=year,
                    quarter=quarter,
                    explanation=form.cleaned_data["explanation"],
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, _("The quarter has been signed off."))
                return self._back(year, quarter)
        return self.render_page(year=year, quarter=quarter, sign_off_form=form)

    def _back(self, year: int, quarter: int):
        query = urlencode({"periode": f"{year}-Q{quarter}"})
        return redirect(f"{reverse('monitoring:quality')}?{query}")

    def render_page(self, *, year=None, quarter=None, sign_off_form=None, reopen_form=None):
        municipality = self.municipality()
        quarter_form, chosen_year, chosen_quarter = self.quarter()
        if year is not None:
            chosen_year, chosen_quarter = year, quarter
            quarter_form = QuarterForm(initial={"periode": f"{year}-Q{quarter}"})
        report = quality_report_for(
            actor=self.actor, municipality=municipality, year=chosen_year, quarter=chosen_quarter
        )
        submission = (
            QuarterSubmission.objects.filter(
                municipality=municipality, year=chosen_year, quarter=chosen_quarter
            )
            .select_related("signed_off_by", "signed_off_organisation")
            .first()
        )
        context = self.get_context_data(
            municipality=municipality,
            quarter_form=quarter_form,
            report=report,
            submission=submission,
            events=list(
                submission.events.select_related("user", "organisation") if submission else []
            ),
            has_ended=report.period.end <= timezone.localdate(),
            sign_off_form=sign_off_form or SignOffForm(),
            reopen_form=reopen_form or ReopenForm(),
            period_last_day=report.period.last_day,
        )
        return self.render_to_response(context)


class YearForm(forms.Form):
    jaar = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["jaar"].choices = [(y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]


class SubmissionsView(CapabilityRequiredMixin, TemplateView):
    """Which municipalities have signed off which quarter (no client data at all)."""

    required_capability = Capability.VIEW_MONITOR
    template_name = "monitoring/quality_submissions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = YearForm(self.request.GET or None)
        if form.is_bound and form.is_valid():
            year = form.cleaned_data["jaar"]
        else:
            year = last_ended_quarter()[0]
            form = YearForm(initial={"jaar": year})
        context.update(
            form=form,
            year=year,
            rows=submission_overview(actor=self.actor, year=year),
            quarters=(1, 2, 3, 4),
        )
        return context


urlpatterns = [
    path("kwaliteit", QualityView.as_view(), name="quality"),
    path("inzendingen", SubmissionsView.as_view(), name="submissions"),
]
