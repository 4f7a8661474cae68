from .views import clients, imports, trajectory

app_name = "cases"

urlpatterns = imports.urlpatterns + clients.urlpatterns + trajectory.urlpatterns
