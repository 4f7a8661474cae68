"""API viewsets (filled in by the owner of this module)."""

extra_urlpatterns: list = []


def register(router) -> None:
    """Register this module's viewsets on the shared router."""
