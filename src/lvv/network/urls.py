from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("locaties", views.LocationListView.as_view(), name="location-list"),
    path("gemeenten", views.MunicipalityListView.as_view(), name="municipality-list"),
]
