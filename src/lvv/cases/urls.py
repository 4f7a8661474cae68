from .views import clients, trajectory

app_name = "cases"

urlpatterns = clients.urlpatterns + trajectory.urlpatterns
