"""API of the monitor: quality."""

urlpatterns: list = []
