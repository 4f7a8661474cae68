from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView

from lvv.core import views as core_views

api_v1 = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("", include("lvv.accounts.api.urls")),
    path("", include("lvv.network.api.urls")),
    path("", include("lvv.audit.api.urls")),
    path("", include("lvv.programme.api.urls")),
    path("", include("lvv.cases.api.urls")),
    path("", include("lvv.monitoring.api.urls")),
]

urlpatterns = [
    path("", include("lvv.accounts.urls")),
    path("netwerk/", include("lvv.network.urls")),
    path("audit/", include("lvv.audit.urls")),
    path("programma/", include("lvv.programme.urls")),
    path("clienten/", include("lvv.cases.urls")),
    path("monitor/", include("lvv.monitoring.urls")),
    path("toegankelijkheid", core_views.accessibility_statement, name="accessibility"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
]

handler400 = "lvv.core.views.bad_request"
handler403 = "lvv.core.views.permission_denied"
handler404 = "lvv.core.views.page_not_found"
handler500 = "lvv.core.views.server_error"

admin.site.site_header = "LVV"
admin.site.site_title = "LVV"
