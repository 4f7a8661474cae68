"""Form pages of the guidance scenario and the start of the trajectory."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy

from ...models import CaseDiscussion
from ...selectors import meetings as meeting_selectors
from ...services import trajectory as trajectory_services
from .. import forms_trajectory as forms
from .base import ClientFormPage


class ScenarioAgreeView(ClientFormPage):
    form_class = forms.ScenarioForm
    title = gettext_lazy("Record the agreed guidance scenario")
    intro = gettext_lazy(
        "A scenario is the plan worked toward, not an outcome. After the rest period it moves "
        "the client to 'guidance scenario agreed'; later it replaces the current scenario."
    )
    success_message = gettext_lazy("The guidance scenario has been saved.")

    def get_form_kwargs(self):
        discussed = CaseDiscussion.objects.filter(meeting=OuterRef("pk"), client=self.client)
        meetings = (
            meeting_selectors.meetings_visible_to(self.actor)
            .filter(Exists(discussed))
            .order_by("-held_on")
        )
        return {**super().get_form_kwargs(), "meetings": meetings}

    def call_service(self, form):
        return trajectory_services.scenario_agree(
            actor=self.actor, client=self.client, **form.service_data()
        )


class TrajectoryStartView(ClientFormPage):
    form_class = forms.TrajectoryStartForm
    title = gettext_lazy("Start the trajectory")
    success_message = gettext_lazy("The trajectory has started.")

    def call_service(self, form):
        return trajectory_services.trajectory_start(
            actor=self.actor, client=self.client, **form.service_data()
        )
