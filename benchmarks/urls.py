"""The application's URLs plus the floor endpoint, only in benchmark processes."""

from django.urls import path

from lvv.urls import *  # noqa: F403
from lvv.urls import urlpatterns as application_urlpatterns

from .floor import FloorViewSet

urlpatterns = [
    path("api/v1/_floor", FloorViewSet.as_view({"get": "list"}), name="bench-floor"),
    *application_urlpatterns,
]
