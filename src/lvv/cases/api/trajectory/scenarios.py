"""A client's guidance scenarios and trajectory over the API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_view
from rest_framework import status
from rest_framework.decorators import action

from ...models import GuidanceScenario, Trajectory
from ...selectors import trajectory as trajectory_selectors
from ...services import trajectory as trajectory_services
from ..serializers_trajectory.scenarios import (
    ScenarioInputSerializer,
    ScenarioOutputSerializer,
    TrajectoryOutputSerializer,
    TrajectoryStartInputSerializer,
)
from .base import (
    READ,
    WRITE,
    ClientPartViewSet,
    client_part_create_schema,
    client_part_list_schema,
)


@extend_schema_view(
    list=client_part_list_schema(
        "Guidance scenarios of a client (the current one first)", ScenarioOutputSerializer
    ),
    create=client_part_create_schema(
        "Record an agreed guidance scenario",
        ScenarioInputSerializer,
        ScenarioOutputSerializer,
        description=(
            "A client in the rest period moves to `scenario_agreed`; a client already guided "
            "toward a scenario gets a revised one."
        ),
    ),
)
class ClientScenarioViewSet(ClientPartViewSet):
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
    list=client_part_list_schema("Trajectories of a client", TrajectoryOutputSerializer),
    start=client_part_create_schema(
        "Start the trajectory",
        TrajectoryStartInputSerializer,
        TrajectoryOutputSerializer,
        description="For a client whose scenario was agreed; the client moves to `in_trajectory`.",
    ),
)
class ClientTrajectoryViewSet(ClientPartViewSet):
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
