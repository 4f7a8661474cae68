from .views import dashboards, monitor, quality

app_name = "monitoring"

urlpatterns = [*monitor.urlpatterns, *quality.urlpatterns, *dashboards.urlpatterns]
