"""API of the monitor: dashboards."""

urlpatterns: list = []
