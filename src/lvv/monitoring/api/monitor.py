"""API of the monitor: monitor."""

urlpatterns: list = []
