"""The client register's API. Each module registers its own viewsets on the shared router."""

from rest_framework.routers import SimpleRouter

from . import clients, trajectory

router = SimpleRouter(trailing_slash=False)
clients.register(router)
trajectory.register(router)

urlpatterns = router.urls + clients.extra_urlpatterns + trajectory.extra_urlpatterns
