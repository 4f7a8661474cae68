"""The bulk extension page: choose agreements, a decision, a new last day and the funding of the
new period; preview what changes (nothing written), then apply it all at once or not at all."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext

from .. import services
from ..forms import BulkExtensionForm
from ..models import AgreementStatus
from ..money import ROUNDING_RULE
from ..selectors import agreement_extension_preview, agreements_visible_to, programmes_visible_to
from .base import ServiceFormView


class BulkExtensionView(ServiceFormView):
    form_class = BulkExtensionForm
    template_name = "programme/bulk_extension.html"
    title = gettext_lazy("Extend agreements together")
    intro = gettext_lazy(
        "Extend several agreements to one new last day by one decision, for example all pilot "
        "agreements at once. Preview first: nothing is saved until you apply, and then either "
        "all agreements are extended or none."
    )

    def get_initial(self):
        initial = super().get_initial()
        in_force = agreements_visible_to(self.actor).filter(status=AgreementStatus.IN_FORCE)
        programme_uuid = self.request.GET.get("programme")
        if programme_uuid:
            programme = programmes_visible_to(self.actor).filter(uuid=programme_uuid).first()
            if programme is not None:
                in_force = in_force.filter(programme=programme)
        initial["agreements"] = [a.uuid for a in in_force]
        return initial

    def form_valid(self, form):
        data = form.service_data()
        if self.request.POST.get("action") != "apply":
            preview = agreement_extension_preview(
                agreements=data["agreements"], new_end=data["new_end"], funding=data["funding"]
            )
            for name, field_messages in preview.funding_errors.items():
                field = form.service_fields.get(name)
                if field in form.fields:
                    form.add_error(field, field_messages)
            return self.render_to_response(
                self.get_context_data(form=form, preview=preview, rounding_rule=ROUNDING_RULE)
            )
        try:
            amendments = services.agreements_extend(actor=self.actor, **data)
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext(
                "%(count)d agreement has been extended.",
                "%(count)d agreements have been extended.",
                len(amendments),
            )
            % {"count": len(amendments)},
        )
        return redirect(
            reverse("programme:decision-detail", kwargs={"uuid": data["decision"].uuid})
        )

    def cancel_url(self) -> str:
        return reverse("programme:agreement-list")
