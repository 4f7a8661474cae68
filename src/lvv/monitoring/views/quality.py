"""Pages of the monitor: quality."""

urlpatterns: list = []
