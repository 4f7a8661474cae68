"""Pages of the monitor: monitor."""

urlpatterns: list = []
