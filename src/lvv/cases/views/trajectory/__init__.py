"""Pages of placements, trajectory, case meetings and outflow; one module per subject, their
URLs here.

Form pages live under /clienten/<uuid>/... : each looks the client up through the access gate
(404 outside one's scope), shows one form, calls one service and goes back to the client file.
Case meetings live under /clienten/overleggen. Which role may open a page is declared on it;
the services check again, so a hand-made POST gets no further than a button would.
"""

from __future__ import annotations

from django.urls import path

from .actions import (
    ActionCancelView,
    ActionCompleteView,
    ActionCreateView,
    EscalationEscalateView,
    EscalationRaiseView,
    EscalationResolveView,
    ProcedureCreateView,
    ProcedureEndView,
)
from .meetings import (
    MeetingCreateView,
    MeetingDecisionCreateView,
    MeetingDetailView,
    MeetingDiscussionAddView,
    MeetingListView,
)
from .outflow import OutflowRecordView
from .placements import PlacementEndView, PlacementMoveView, PlacementStartView
from .scenarios import ScenarioAgreeView, TrajectoryStartView

urlpatterns = [
    path("overleggen", MeetingListView.as_view(), name="meeting-list"),
    path("overleggen/nieuw", MeetingCreateView.as_view(), name="meeting-create"),
    path("overleggen/<uuid:uuid>", MeetingDetailView.as_view(), name="meeting-detail"),
    path(
        "overleggen/<uuid:uuid>/clienten/toevoegen",
        MeetingDiscussionAddView.as_view(),
        name="meeting-discussion-add",
    ),
    path(
        "overleggen/<uuid:uuid>/besprekingen/<uuid:discussion_uuid>/besluit",
        MeetingDecisionCreateView.as_view(),
        name="meeting-decision-create",
    ),
    path("<uuid:uuid>/plaatsing/nieuw", PlacementStartView.as_view(), name="placement-start"),
    path("<uuid:uuid>/plaatsing/beeindigen", PlacementEndView.as_view(), name="placement-end"),
    path("<uuid:uuid>/plaatsing/verhuizen", PlacementMoveView.as_view(), name="placement-move"),
    path("<uuid:uuid>/scenario/nieuw", ScenarioAgreeView.as_view(), name="scenario-agree"),
    path("<uuid:uuid>/traject/starten", TrajectoryStartView.as_view(), name="trajectory-start"),
    path("<uuid:uuid>/acties/nieuw", ActionCreateView.as_view(), name="action-create"),
    path(
        "<uuid:uuid>/acties/<uuid:action_uuid>/afronden",
        ActionCompleteView.as_view(),
        name="action-complete",
    ),
    path(
        "<uuid:uuid>/acties/<uuid:action_uuid>/annuleren",
        ActionCancelView.as_view(),
        name="action-cancel",
    ),
    path("<uuid:uuid>/procedures/nieuw", ProcedureCreateView.as_view(), name="procedure-create"),
    path(
        "<uuid:uuid>/procedures/<uuid:procedure_uuid>/beeindigen",
        ProcedureEndView.as_view(),
        name="procedure-end",
    ),
    path("<uuid:uuid>/escalaties/nieuw", EscalationRaiseView.as_view(), name="escalation-raise"),
    path(
        "<uuid:uuid>/escalaties/<uuid:escalation_uuid>/opschalen",
        EscalationEscalateView.as_view(),
        name="escalation-escalate",
    ),
    path(
        "<uuid:uuid>/escalaties/<uuid:escalation_uuid>/afsluiten",
        EscalationResolveView.as_view(),
        name="escalation-resolve",
    ),
    path("<uuid:uuid>/uitstroom", OutflowRecordView.as_view(), name="outflow-record"),
]
