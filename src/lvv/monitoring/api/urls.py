from . import dashboards, monitor, quality

urlpatterns = [*monitor.urlpatterns, *quality.urlpatterns, *dashboards.urlpatterns]
