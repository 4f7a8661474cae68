from django.urls import path, re_path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.AuditEventListView.as_view(), name="event-list"),
    path("controleren", views.AuditChainVerifyView.as_view(), name="verify"),
    # The sequence number identifies an event (they have no uuid); at most 18 digits, so a
    # huge number is a 404 rather than an overflow in the database.
    re_path(
        r"^(?P<sequence>[1-9][0-9]{0,17})$",
        views.AuditEventDetailView.as_view(),
        name="event-detail",
    ),
]
