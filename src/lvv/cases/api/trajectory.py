"""Placements, trajectory, case meetings, outflow and occupancy over the API.

Each viewset parses input, calls one service or selector and renders an output shape. Which
role may call which action is declared in `capabilities`: file keepers (caseworkers and
coordinators) read and write; chain partners read what is shared with them (and may complete
an action their own organisation owns); other roles get 403. A client outside the caller's
scope is a 404, looked up through `Client.objects.visible_to` (`client_in_scope`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from lvv.accounts.api.base import LvvGenericViewSet
from lvv.accounts.roles import Capability

from ..models import (
    Action,
    CaseDiscussion,
    CaseMeeting,
    Escalation,
    GuidanceScenario,
    MeetingDecision,
    Outflow,
    Placement,
    Procedure,
    Trajectory,
)
from ..selectors import meetings as meeting_selectors
from ..selectors import occupancy as occupancy_selectors
from ..selectors import placements as placement_selectors
from ..selectors import trajectory as trajectory_selectors
from ..services import meetings as meeting_services
from ..services import outflow as outflow_services
from ..services import placements as placement_services
from ..services import trajectory as trajectory_services
from .conflicts import CONFLICT_RESPONSE, ConflictAs409Mixin
from .filters_trajectory import ActionFilter, MeetingFilter, PlacementFilter
from .serializers_trajectory import (
    ActionCompleteInputSerializer,
    ActionInputSerializer,
    ActionOutputSerializer,
    DecisionInputSerializer,
    DecisionOutputSerializer,
    DiscussionInputSerializer,
    DiscussionOutputSerializer,
    EscalationEscalateInputSerializer,
    EscalationOutputSerializer,
    EscalationRaiseInputSerializer,
    EscalationResolveInputSerializer,
    MeetingDetailOutputSerializer,
    MeetingInputSerializer,
    MeetingOutputSerializer,
    OccupancyDayOutputSerializer,
    OccupancyQuerySerializer,
    OutflowInputSerializer,
    OutflowOutputSerializer,
    PlacementEndInputSerializer,
    PlacementMoveInputSerializer,
    PlacementOutputSerializer,
    PlacementStartInputSerializer,
    ProcedureEndInputSerializer,
    ProcedureInputSerializer,
    ProcedureOutputSerializer,
    ScenarioInputSerializer,
    ScenarioOutputSerializer,
    TrajectoryOutputSerializer,
    TrajectoryStartInputSerializer,
    output_serializer_for,
)

READ = frozenset({Capability.VIEW_CLIENT_FILES, Capability.VIEW_SHARED_CLIENT_DATA})
WRITE = Capability.VIEW_CLIENT_FILES
OCCUPANCY = frozenset({Capability.VIEW_CLIENT_FILES, Capability.VIEW_MONITOR})

UUID_REGEX = "[0-9a-f-]{36}"
CLIENT_PREFIX = rf"clients/(?P<client_uuid>{UUID_REGEX})"


def _path(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.UUID, OpenApiParameter.PATH, description=description)


CLIENT_UUID = _path("client_uuid", "Uuid of the client.")
UUID = _path("uuid", "Uuid of the object.")
MEETING_UUID = _path("meeting_uuid", "Uuid of the case meeting.")
DISCUSSION_UUID = _path("discussion_uuid", "Uuid of the client discussed.")
LOCATION_UUID = _path("location_uuid", "Uuid of the location.")


class _TrajectoryViewSet(LvvGenericViewSet):
    """Shared plumbing: parse input, shape output for the caller, list with pagination."""

    def _input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _shape(self, full: type) -> type:
        return output_serializer_for(self.actor, full)

    def _render(self, full: type, obj, *, code=status.HTTP_200_OK, location: str = "") -> Response:
        headers = {"Location": location} if location else None
        return Response(self._shape(full)(obj).data, status=code, headers=headers)

    def _list(self, full: type, queryset) -> Response:
        page = self.paginate_queryset(self.filter_queryset(queryset))
        return self.get_paginated_response(self._shape(full)(page, many=True).data)


class _ClientPartViewSet(_TrajectoryViewSet):
    """A part of one client's file, under /clients/{client_uuid}/..."""

    def get_client(self):
        if not hasattr(self, "_client"):
            self._client = trajectory_selectors.client_in_scope(
                self.actor, self.kwargs["client_uuid"]
            )
        return self._client


# --- placements --------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Placements of a client",
        parameters=[CLIENT_UUID],
        responses=PlacementOutputSerializer(many=True),
    ),
    create=extend_schema(
        summary="Place a client at a location",
        description=(
            "Refused (400 on `location`, stating occupancy and capacity) when the location is "
            "full on the start day, unless a municipal coordinator gives `override_reason`."
        ),
        parameters=[CLIENT_UUID],
        request=PlacementStartInputSerializer,
        responses={status.HTTP_201_CREATED: PlacementOutputSerializer},
    ),
)
class ClientPlacementViewSet(_ClientPartViewSet):
    capabilities = {"list": READ, "create": WRITE}
    filterset_class = PlacementFilter
    queryset = Placement.objects.none()

    def list(self, request, *args, **kwargs):
        placements = placement_selectors.client_placements(
            actor=self.actor, client=self.get_client()
        )
        return self._list(PlacementOutputSerializer, placements)

    def create(self, request, *args, **kwargs):
        placement = placement_services.placement_start(
            actor=self.actor, client=self.get_client(), **self._input(PlacementStartInputSerializer)
        )
        location = reverse("api:placement-detail", kwargs={"uuid": placement.uuid})
        return self._render(
            PlacementOutputSerializer, placement, code=status.HTTP_201_CREATED, location=location
        )


@extend_schema_view(
    retrieve=extend_schema(
        summary="One placement", parameters=[UUID], responses=PlacementOutputSerializer
    ),
    end=extend_schema(
        summary="End a placement",
        description=(
            "`end` is exclusive: the first day the client is no longer there. Send the "
            "placement's `version` as you read it: if it changed since, 409 Conflict."
        ),
        parameters=[UUID],
        request=PlacementEndInputSerializer,
        responses={status.HTTP_200_OK: PlacementOutputSerializer, **CONFLICT_RESPONSE},
    ),
)
class PlacementViewSet(ConflictAs409Mixin, _TrajectoryViewSet):
    capabilities = {"retrieve": READ, "end": WRITE}
    queryset = Placement.objects.none()

    def get_placement(self) -> Placement:
        return placement_selectors.placement_visible_to(self.actor, self.kwargs["uuid"])

    def retrieve(self, request, *args, **kwargs):
        placement = self.get_placement()
        placement_selectors.audit_section_read(self.actor, placement.client, "cases.placement")
        return self._render(PlacementOutputSerializer, placement)

    @action(detail=True, methods=["post"])
    def end(self, request, *args, **kwargs):
        placement = self.get_placement()  # out of scope: 404 before the input is read
        data = self._input(PlacementEndInputSerializer)
        placement = placement_services.placement_end(
            actor=self.actor,
            placement=placement,
            expected_version=data.pop("version"),
            **data,
        )
        return self._render(PlacementOutputSerializer, placement)


@extend_schema_view(
    create=extend_schema(
        summary="Move a client to another location",
        description=(
            "Ends the open placement on `on` and starts one at `to_location` on the same day, "
            "atomically. Answers with the new placement. With `placement` and `version` (the "
            "open placement as you read it), 409 Conflict when another placement is open now "
            "or that one changed since."
        ),
        parameters=[CLIENT_UUID],
        request=PlacementMoveInputSerializer,
        responses={status.HTTP_201_CREATED: PlacementOutputSerializer, **CONFLICT_RESPONSE},
    ),
)
class ClientMoveViewSet(ConflictAs409Mixin, _ClientPartViewSet):
    capabilities = {"create": WRITE}
    queryset = Placement.objects.none()

    def create(self, request, *args, **kwargs):
        client = self.get_client()
        data = self._input(PlacementMoveInputSerializer)
        if "placement" in data:
            seen = placement_selectors.placement_of_client(client, data.pop("placement"))
            if seen is None:
                raise ValidationError({"placement": _("This is not a placement of the client.")})
            data["expected_placement"] = seen
            data["expected_version"] = data.pop("version")
        placement = placement_services.placement_move(actor=self.actor, client=client, **data)
        location = reverse("api:placement-detail", kwargs={"uuid": placement.uuid})
        return self._render(
            PlacementOutputSerializer, placement, code=status.HTTP_201_CREATED, location=location
        )


# --- scenario and trajectory -------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Guidance scenarios of a client (the current one first)",
        parameters=[CLIENT_UUID],
        responses=ScenarioOutputSerializer(many=True),
    ),
    create=extend_schema(
        summary="Record an agreed guidance scenario",
        description=(
            "A client in the rest period moves to `scenario_agreed`; a client already guided "
            "toward a scenario gets a revised one."
        ),
        parameters=[CLIENT_UUID],
        request=ScenarioInputSerializer,
        responses={status.HTTP_201_CREATED: ScenarioOutputSerializer},
    ),
)
class ClientScenarioViewSet(_ClientPartViewSet):
    capabilities = {"list": READ, "create": WRITE}
    queryset = GuidanceScenario.objects.none()

    def list(self, request, *args, **kwargs):
        scenarios = trajectory_selectors.client_scenarios(
            actor=self.actor, client=self.get_client()
        )
        return self._list(ScenarioOutputSerializer, scenarios)

    def create(self, request, *args, **kwargs):
        scenario = trajectory_services.scenario_agree(
            actor=self.actor, client=self.get_client(), **self._input(ScenarioInputSerializer)
        )
        return self._render(ScenarioOutputSerializer, scenario, code=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Trajectories of a client",
        parameters=[CLIENT_UUID],
        responses=TrajectoryOutputSerializer(many=True),
    ),
    start=extend_schema(
        summary="Start the trajectory",
        description="For a client whose scenario was agreed; the client moves to `in_trajectory`.",
        parameters=[CLIENT_UUID],
        request=TrajectoryStartInputSerializer,
        responses={status.HTTP_201_CREATED: TrajectoryOutputSerializer},
    ),
)
class ClientTrajectoryViewSet(_ClientPartViewSet):
    capabilities = {"list": READ, "start": WRITE}
    queryset = Trajectory.objects.none()

    def list(self, request, *args, **kwargs):
        trajectories = trajectory_selectors.client_trajectories(
            actor=self.actor, client=self.get_client()
        )
        return self._list(TrajectoryOutputSerializer, trajectories)

    @action(detail=False, methods=["post"])
    def start(self, request, *args, **kwargs):
        trajectory = trajectory_services.trajectory_start(
            actor=self.actor,
            client=self.get_client(),
            **self._input(TrajectoryStartInputSerializer),
        )
        return self._render(TrajectoryOutputSerializer, trajectory, code=status.HTTP_201_CREATED)


# --- actions, procedures, escalations ----------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Actions of a client",
        parameters=[CLIENT_UUID],
        responses=ActionOutputSerializer(many=True),
    ),
    create=extend_schema(
        summary="Add an action",
        parameters=[CLIENT_UUID],
        request=ActionInputSerializer,
        responses={status.HTTP_201_CREATED: ActionOutputSerializer},
    ),
    complete=extend_schema(
        summary="Complete an action",
        description=(
            "Caseworkers and coordinators for any action of a client in their scope; a chain "
            "partner for an action its own organisation owns."
        ),
        parameters=[CLIENT_UUID, UUID],
        request=ActionCompleteInputSerializer,
        responses=ActionOutputSerializer,
    ),
    cancel=extend_schema(
        summary="Cancel an action",
        parameters=[CLIENT_UUID, UUID],
        request=None,
        responses=ActionOutputSerializer,
    ),
)
class ClientActionViewSet(_ClientPartViewSet):
    capabilities = {"list": READ, "create": WRITE, "complete": READ, "cancel": WRITE}
    filterset_class = ActionFilter
    queryset = Action.objects.none()

    def get_action(self) -> Action:
        return trajectory_selectors.action_of_client(
            actor=self.actor, client=self.get_client(), uuid=self.kwargs["uuid"]
        )

    def list(self, request, *args, **kwargs):
        actions = trajectory_selectors.client_actions(actor=self.actor, client=self.get_client())
        return self._list(ActionOutputSerializer, actions)

    def create(self, request, *args, **kwargs):
        created = trajectory_services.action_create(
            actor=self.actor, client=self.get_client(), **self._input(ActionInputSerializer)
        )
        return self._render(ActionOutputSerializer, created, code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def complete(self, request, *args, **kwargs):
        completed = trajectory_services.action_complete(
            actor=self.actor, action=self.get_action(), **self._input(ActionCompleteInputSerializer)
        )
        return self._render(ActionOutputSerializer, completed)

    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        cancelled = trajectory_services.action_cancel(actor=self.actor, action=self.get_action())
        return self._render(ActionOutputSerializer, cancelled)


@extend_schema_view(
    list=extend_schema(
        summary="Procedures of a client",
        parameters=[CLIENT_UUID],
        responses=ProcedureOutputSerializer(many=True),
    ),
    create=extend_schema(
        summary="Record a procedure started",
        parameters=[CLIENT_UUID],
        request=ProcedureInputSerializer,
        responses={status.HTTP_201_CREATED: ProcedureOutputSerializer},
    ),
    end=extend_schema(
        summary="Record the end of a procedure, with its outcome",
        parameters=[CLIENT_UUID, UUID],
        request=ProcedureEndInputSerializer,
        responses=ProcedureOutputSerializer,
    ),
)
class ClientProcedureViewSet(_ClientPartViewSet):
    capabilities = {"list": READ, "create": WRITE, "end": WRITE}
    queryset = Procedure.objects.none()

    def list(self, request, *args, **kwargs):
        procedures = trajectory_selectors.client_procedures(
            actor=self.actor, client=self.get_client()
        )
        return self._list(ProcedureOutputSerializer, procedures)

    def create(self, request, *args, **kwargs):
        procedure = trajectory_services.procedure_start(
            actor=self.actor, client=self.get_client(), **self._input(ProcedureInputSerializer)
        )
        return self._render(ProcedureOutputSerializer, procedure, code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def end(self, request, *args, **kwargs):
        procedure = trajectory_selectors.procedure_of_client(
            actor=self.actor, client=self.get_client(), uuid=self.kwargs["uuid"]
        )
        procedure = trajectory_services.procedure_end(
            actor=self.actor, procedure=procedure, **self._input(ProcedureEndInputSerializer)
        )
        return self._render(ProcedureOutputSerializer, procedure)


@extend_schema_view(
    list=extend_schema(
        summary="Escalations of a client (every level, with its status)",
        parameters=[CLIENT_UUID],
        responses=EscalationOutputSerializer(many=True),
    ),
    create=extend_schema(
        summary="Escalate a stalled case to the local steering group",
        parameters=[CLIENT_UUID],
        request=EscalationRaiseInputSerializer,
        responses={status.HTTP_201_CREATED: EscalationOutputSerializer},
    ),
    escalate=extend_schema(
        summary="Escalate one level higher",
        description="Closes this escalation as `escalated` and answers with the new, higher one.",
        parameters=[CLIENT_UUID, UUID],
        request=EscalationEscalateInputSerializer,
        responses={status.HTTP_201_CREATED: EscalationOutputSerializer},
    ),
    resolve=extend_schema(
        summary="Resolve an escalation",
        parameters=[CLIENT_UUID, UUID],
        request=EscalationResolveInputSerializer,
        responses=EscalationOutputSerializer,
    ),
)
class ClientEscalationViewSet(_ClientPartViewSet):
    capabilities = {"list": READ, "create": WRITE, "escalate": WRITE, "resolve": WRITE}
    queryset = Escalation.objects.none()

    def get_escalation(self) -> Escalation:
        return trajectory_selectors.escalation_of_client(
            actor=self.actor, client=self.get_client(), uuid=self.kwargs["uuid"]
        )

    def list(self, request, *args, **kwargs):
        escalations = trajectory_selectors.client_escalations(
            actor=self.actor, client=self.get_client()
        )
        return self._list(EscalationOutputSerializer, escalations)

    def create(self, request, *args, **kwargs):
        escalation = trajectory_services.escalation_raise(
            actor=self.actor,
            client=self.get_client(),
            **self._input(EscalationRaiseInputSerializer),
        )
        return self._render(EscalationOutputSerializer, escalation, code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def escalate(self, request, *args, **kwargs):
        higher = trajectory_services.escalation_escalate(
            actor=self.actor,
            escalation=self.get_escalation(),
            **self._input(EscalationEscalateInputSerializer),
        )
        return self._render(EscalationOutputSerializer, higher, code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def resolve(self, request, *args, **kwargs):
        resolved = trajectory_services.escalation_resolve(
            actor=self.actor,
            escalation=self.get_escalation(),
            **self._input(EscalationResolveInputSerializer),
        )
        return self._render(EscalationOutputSerializer, resolved)


# --- outflow -----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Outflows of a client",
        parameters=[CLIENT_UUID],
        responses=OutflowOutputSerializer(many=True),
    ),
    create=extend_schema(
        summary="Record that a client left the LVV",
        description=(
            "Closes the open placement and trajectory, cancels open actions and moves the "
            "client to `outflow`, in one transaction. The group is derived from the reason. "
            "With a `submission_key`, a repeated request records no second outflow and "
            "answers with the first."
        ),
        parameters=[CLIENT_UUID],
        request=OutflowInputSerializer,
        responses={status.HTTP_201_CREATED: OutflowOutputSerializer},
    ),
)
class ClientOutflowViewSet(_ClientPartViewSet):
    capabilities = {"list": READ, "create": WRITE}
    queryset = Outflow.objects.none()

    def list(self, request, *args, **kwargs):
        outflows = trajectory_selectors.client_outflows(actor=self.actor, client=self.get_client())
        return self._list(OutflowOutputSerializer, outflows)

    def create(self, request, *args, **kwargs):
        outflow = outflow_services.outflow_record(
            actor=self.actor, client=self.get_client(), **self._input(OutflowInputSerializer)
        )
        return self._render(OutflowOutputSerializer, outflow, code=status.HTTP_201_CREATED)


# --- case meetings -----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Case meetings (LSO) you may see"),
    retrieve=extend_schema(
        summary="One case meeting",
        description="Lists only the clients discussed that you may see.",
        parameters=[UUID],
        responses=MeetingDetailOutputSerializer,
    ),
    create=extend_schema(
        summary="Record a case meeting",
        request=MeetingInputSerializer,
        responses={status.HTTP_201_CREATED: MeetingDetailOutputSerializer},
    ),
)
class CaseMeetingViewSet(_TrajectoryViewSet):
    capabilities = {"list": READ, "retrieve": READ, "create": WRITE}
    filterset_class = MeetingFilter
    serializer_class = MeetingOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CaseMeeting.objects.none()
        return meeting_selectors.meetings_visible_to(self.actor).prefetch_related("attendees")

    def list(self, request, *args, **kwargs):
        meetings = meeting_selectors.meeting_list(self.actor)
        return self._list(MeetingOutputSerializer, meetings)

    def _detail(self, meeting, *, code=status.HTTP_200_OK, location: str = "") -> Response:
        discussions = meeting_selectors.meeting_read(self.actor, meeting)
        data = MeetingDetailOutputSerializer(meeting, context={"discussions": discussions}).data
        headers = {"Location": location} if location else None
        return Response(data, status=code, headers=headers)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object())

    def create(self, request, *args, **kwargs):
        meeting = meeting_services.meeting_create(
            actor=self.actor, **self._input(MeetingInputSerializer)
        )
        meeting = self.get_queryset().get(pk=meeting.pk)
        location = reverse("api:case-meeting-detail", kwargs={"uuid": meeting.uuid})
        return self._detail(meeting, code=status.HTTP_201_CREATED, location=location)


class _MeetingPartViewSet(_TrajectoryViewSet):
    def get_meeting(self) -> CaseMeeting:
        if not hasattr(self, "_meeting"):
            self._meeting = get_object_or_404(
                meeting_selectors.meetings_visible_to(self.actor), uuid=self.kwargs["meeting_uuid"]
            )
        return self._meeting

    def get_discussion(self) -> CaseDiscussion:
        return get_object_or_404(
            meeting_selectors.discussions_visible_to(self.actor, self.get_meeting()),
            uuid=self.kwargs["discussion_uuid"],
        )


@extend_schema_view(
    list=extend_schema(
        summary="Clients discussed in a case meeting (those you may see)",
        parameters=[MEETING_UUID],
        responses=DiscussionOutputSerializer(many=True),
    ),
    create=extend_schema(
        summary="Add a client discussed",
        parameters=[MEETING_UUID],
        request=DiscussionInputSerializer,
        responses={status.HTTP_201_CREATED: DiscussionOutputSerializer},
    ),
)
class MeetingDiscussionViewSet(_MeetingPartViewSet):
    capabilities = {"list": READ, "create": WRITE}
    queryset = CaseDiscussion.objects.none()

    def list(self, request, *args, **kwargs):
        discussions = meeting_selectors.meeting_read(self.actor, self.get_meeting())
        page = self.paginate_queryset(discussions)
        return self.get_paginated_response(DiscussionOutputSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        discussion = meeting_services.meeting_discussion_add(
            actor=self.actor, meeting=self.get_meeting(), **self._input(DiscussionInputSerializer)
        )
        return Response(DiscussionOutputSerializer(discussion).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Decisions about a client discussed",
        parameters=[MEETING_UUID, DISCUSSION_UUID],
        responses=DecisionOutputSerializer(many=True),
    ),
    create=extend_schema(
        summary="Record a decision, its actions and (optionally) an escalation",
        description="All in one transaction: either everything is recorded or nothing.",
        parameters=[MEETING_UUID, DISCUSSION_UUID],
        request=DecisionInputSerializer,
        responses={status.HTTP_201_CREATED: DecisionOutputSerializer},
    ),
)
class DiscussionDecisionViewSet(_MeetingPartViewSet):
    capabilities = {"list": READ, "create": WRITE}
    queryset = MeetingDecision.objects.none()

    def list(self, request, *args, **kwargs):
        discussion = self.get_discussion()
        placement_selectors.audit_section_read(
            self.actor, discussion.client, "cases.meetingdecision"
        )
        page = self.paginate_queryset(list(discussion.decisions.all()))
        return self.get_paginated_response(DecisionOutputSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        decision = meeting_services.meeting_decision_record(
            actor=self.actor,
            discussion=self.get_discussion(),
            **self._input(DecisionInputSerializer),
        )
        return Response(DecisionOutputSerializer(decision).data, status=status.HTTP_201_CREATED)


# --- occupancy ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Occupancy of a location per day",
        description=(
            "Clients placed and places available on each day of `[start, end)` (`end` "
            "exclusive, at most 366 days), derived from placements. Caseworkers: their own "
            "organisation's locations; coordinators: their municipality's; programme managers "
            "and analysts: all."
        ),
        parameters=[
            LOCATION_UUID,
            OpenApiParameter("start", OpenApiTypes.DATE, required=True),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True, description="Exclusive."),
        ],
        responses=OccupancyDayOutputSerializer(many=True),
    ),
)
class LocationOccupancyViewSet(_TrajectoryViewSet):
    capabilities = {"list": OCCUPANCY}
    pagination_class = None
    queryset = Placement.objects.none()

    def list(self, request, *args, **kwargs):
        location = get_object_or_404(
            occupancy_selectors.occupancy_locations_visible_to(self.actor),
            uuid=self.kwargs["location_uuid"],
        )
        query = OccupancyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        days = occupancy_selectors.location_occupancy(location=location, **query.validated_data)
        return Response(OccupancyDayOutputSerializer(days, many=True).data)


extra_urlpatterns: list = []


def register(router) -> None:
    """Register this module's viewsets on the shared router."""
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
