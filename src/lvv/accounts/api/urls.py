from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import MeViewSet, OrganisationViewSet

router = SimpleRouter(trailing_slash=False)
router.register("organisations", OrganisationViewSet, basename="organisation")

urlpatterns = [
    # One resource, no collection: the caller themselves.
    path("me", MeViewSet.as_view({"get": "retrieve"}), name="me"),
    *router.urls,
]
