from rest_framework.routers import SimpleRouter

from .views import LocationCapacityViewSet, LocationViewSet, MunicipalityViewSet, RegionViewSet

router = SimpleRouter(trailing_slash=False)
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("regions", RegionViewSet, basename="region")
router.register("locations", LocationViewSet, basename="location")
router.register(
    r"locations/(?P<location_uuid>[0-9a-f-]{36})/capacities",
    LocationCapacityViewSet,
    basename="location-capacity",
)

urlpatterns = router.urls
