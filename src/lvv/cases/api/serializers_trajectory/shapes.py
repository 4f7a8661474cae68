"""The one choice between the full and the shared output shape of a trajectory resource."""

from __future__ import annotations

from ...selectors.trajectory import shares_only
from .outflow import OutflowOutputSerializer, SharedOutflowOutputSerializer
from .placements import PlacementOutputSerializer, SharedPlacementOutputSerializer
from .scenarios import ScenarioOutputSerializer, SharedScenarioOutputSerializer

SHARED_SHAPES = {
    PlacementOutputSerializer: SharedPlacementOutputSerializer,
    ScenarioOutputSerializer: SharedScenarioOutputSerializer,
    OutflowOutputSerializer: SharedOutflowOutputSerializer,
}


def output_serializer_for(actor, full: type) -> type:
    """The output shape for this actor: the full one for file keepers, the shared one (without
    room, bed, notes and override details) for chain partners."""
    if shares_only(actor):
        return SHARED_SHAPES.get(full, full)
    return full
