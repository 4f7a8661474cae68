"""Pages of the network register: locations with their capacity, municipalities, regions.

Every page needs `VIEW_NETWORK`; the create and edit pages also ask the selectors whether this
actor may change *this* thing (a municipal coordinator: only their own municipality), and the
services ask again, so a hand-made POST gets no further than a button would.
"""

from .locations import (
    CapacityCreateView,
    CapacityUpdateView,
    LocationCreateView,
    LocationDetailView,
    LocationListView,
    LocationUpdateView,
)
from .register import (
    MunicipalityCreateView,
    MunicipalityDetailView,
    MunicipalityListView,
    MunicipalityUpdateView,
    RegionCreateView,
    RegionDetailView,
    RegionListView,
    RegionUpdateView,
)

__all__ = [
    "CapacityCreateView",
    "CapacityUpdateView",
    "LocationCreateView",
    "LocationDetailView",
    "LocationListView",
    "LocationUpdateView",
    "MunicipalityCreateView",
    "MunicipalityDetailView",
    "MunicipalityListView",
    "MunicipalityUpdateView",
    "RegionCreateView",
    "RegionDetailView",
    "RegionListView",
    "RegionUpdateView",
]
