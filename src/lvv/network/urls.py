from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("locaties", views.LocationListView.as_view(), name="location-list"),
    path("locaties/nieuw", views.LocationCreateView.as_view(), name="location-create"),
    path("locaties/<uuid:uuid>", views.LocationDetailView.as_view(), name="location-detail"),
    path(
        "locaties/<uuid:uuid>/wijzigen", views.LocationUpdateView.as_view(), name="location-update"
    ),
    path(
        "locaties/<uuid:location_uuid>/capaciteit/nieuw",
        views.CapacityCreateView.as_view(),
        name="capacity-create",
    ),
    path(
        "locaties/<uuid:location_uuid>/capaciteit/<uuid:uuid>/wijzigen",
        views.CapacityUpdateView.as_view(),
        name="capacity-update",
    ),
    path("gemeenten", views.MunicipalityListView.as_view(), name="municipality-list"),
    path("gemeenten/nieuw", views.MunicipalityCreateView.as_view(), name="municipality-create"),
    path(
        "gemeenten/<uuid:uuid>", views.MunicipalityDetailView.as_view(), name="municipality-detail"
    ),
    path(
        "gemeenten/<uuid:uuid>/wijzigen",
        views.MunicipalityUpdateView.as_view(),
        name="municipality-update",
    ),
    path("regios", views.RegionListView.as_view(), name="region-list"),
    path("regios/nieuw", views.RegionCreateView.as_view(), name="region-create"),
    path("regios/<uuid:uuid>", views.RegionDetailView.as_view(), name="region-detail"),
    path("regios/<uuid:uuid>/wijzigen", views.RegionUpdateView.as_view(), name="region-update"),
]
