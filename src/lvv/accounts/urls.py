from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("account/inloggen", views.LoginView.as_view(), name="login"),
    path("account/tweede-factor", views.verify, name="verify"),
    path("account/tweede-factor/instellen", views.setup, name="setup"),
    path("account/uitloggen", views.LogoutView.as_view(), name="logout"),
    path("account/rol", views.switch_role, name="switch-role"),
    path("account/wachtwoord", views.PasswordChangeView.as_view(), name="password-change"),
    path(
        "account/wachtwoord/gewijzigd",
        views.PasswordChangeDoneView.as_view(),
        name="password-change-done",
    ),
]
