"""Pages of the monitor: dashboards."""

urlpatterns: list = []
