"""Placements, trajectory, case meetings, outflow and occupancy over the API; one module per
resource, registered on the shared router by `register`.

Each viewset parses input, calls one service or selector and renders an output shape. Which
role may call which action is declared in `capabilities`: file keepers (caseworkers and
coordinators) read and write; chain partners read what is shared with them (and may complete
an action their own organisation owns); other roles get 403. A client outside the caller's
scope is a 404, looked up through `Client.objects.visible_to` (`client_in_scope`).
"""

from __future__ import annotations

from .actions import ClientActionViewSet, ClientEscalationViewSet, ClientProcedureViewSet
from .base import CLIENT_PREFIX, UUID_REGEX
from .meetings import CaseMeetingViewSet, DiscussionDecisionViewSet, MeetingDiscussionViewSet
from .occupancy import LocationOccupancyViewSet
from .outflow import ClientOutflowViewSet
from .placements import ClientMoveViewSet, ClientPlacementViewSet, PlacementViewSet
from .scenarios import ClientScenarioViewSet, ClientTrajectoryViewSet

extra_urlpatterns: list = []


def register(router) -> None:
    """Register this package's viewsets on the shared router."""
    router.register(f"{CLIENT_PREFIX}/placements", ClientPlacementViewSet, "client-placement")
    router.register("placements", PlacementViewSet, "placement")
    router.register(f"{CLIENT_PREFIX}/move", ClientMoveViewSet, "client-move")
    router.register(f"{CLIENT_PREFIX}/scenarios", ClientScenarioViewSet, "client-scenario")
    router.register(f"{CLIENT_PREFIX}/trajectory", ClientTrajectoryViewSet, "client-trajectory")
    router.register(f"{CLIENT_PREFIX}/actions", ClientActionViewSet, "client-action")
    router.register(f"{CLIENT_PREFIX}/procedures", ClientProcedureViewSet, "client-procedure")
    router.register(f"{CLIENT_PREFIX}/escalations", ClientEscalationViewSet, "client-escalation")
    router.register(f"{CLIENT_PREFIX}/outflow", ClientOutflowViewSet, "client-outflow")
    router.register("case-meetings", CaseMeetingViewSet, "case-meeting")
    router.register(
        rf"case-meetings/(?P<meeting_uuid>{UUID_REGEX})/discussions",
        MeetingDiscussionViewSet,
        "case-meeting-discussion",
    )
    router.register(
        rf"case-meetings/(?P<meeting_uuid>{UUID_REGEX})/discussions/"
        rf"(?P<discussion_uuid>{UUID_REGEX})/decisions",
        DiscussionDecisionViewSet,
        "case-meeting-decision",
    )
    router.register(
        rf"locations/(?P<location_uuid>{UUID_REGEX})/occupancy",
        LocationOccupancyViewSet,
        "location-occupancy",
    )
