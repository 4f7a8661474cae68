"""A client's outflow over the API: leaving the LVV, in one transaction."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_view
from rest_framework import status

from ...models import Outflow
from ...selectors import trajectory as trajectory_selectors
from ...services import outflow as outflow_services
from ..serializers_trajectory.outflow import OutflowInputSerializer, OutflowOutputSerializer
from .base import (
    READ,
    WRITE,
    ClientPartViewSet,
    client_part_create_schema,
    client_part_list_schema,
)


@extend_schema_view(
    list=client_part_list_schema("Outflows of a client", OutflowOutputSerializer),
    create=client_part_create_schema(
        "Record that a client left the LVV",
        OutflowInputSerializer,
        OutflowOutputSerializer,
        description=(
            "Closes the open placement and trajectory, cancels open actions and moves the "
            "client to `outflow`, in one transaction. The group is derived from the reason. "
            "With a `submission_key`, a repeated request records no second outflow and "
            "answers with the first."
        ),
    ),
)
class ClientOutflowViewSet(ClientPartViewSet):
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
