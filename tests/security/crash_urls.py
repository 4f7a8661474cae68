"""The project's URLs plus two that crash, to test what an unexpected error looks like."""

from django.urls import path

from lvv.urls import handler400, handler403, handler404, handler500, urlpatterns


def crash(request):
    raise RuntimeError("an unexpected failure")


urlpatterns = [
    path("api/v1/crash", crash),
    path("crash", crash),
    *urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
