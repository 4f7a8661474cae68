"""Pages: login with a second factor, second-factor setup, role switch, the landing page."""

from __future__ import annotations

import base64
import uuid
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from lvv.audit.models import AuditAction, AuditOutcome
from lvv.audit.services import audit_record

from . import services
from .actors import Channel, actor_for_request
from .forms import LoginForm, TokenForm
from .roles import ROLE_POLICIES
from .selectors import memberships_of, user_requires_second_factor


def _is_verified(user) -> bool:
    # Right after `login()` the user is not yet wrapped by OTPMiddleware: not verified.
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


class LoginView(auth_views.LoginView):
    """Username and password; roles that see personal data continue to the second factor."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        # `next` was already checked to be a safe local address by Django's LoginView.
        url = super().get_success_url()
        user = self.request.user
        if user_requires_second_factor(user) and not _is_verified(user):
            return _with_next(reverse("accounts:verify"), url)
        return url


def _next_url(request) -> str:
    """Where to go after the second factor: a local address only, else the landing page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("accounts:home")


@login_required
def verify(request):
    """Second step of the login: a TOTP code or a backup code."""
    user = request.user
    if user.is_verified() or not user_requires_second_factor(user):
        return redirect(_next_url(request))
    if not any(devices_for_user(user, confirmed=True)):
        return redirect(_with_next(reverse("accounts:setup"), _next_url(request)))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        actor = actor_for_request(request, channel=Channel.WEB)
        if device is not None:
            otp_login(request, device)
            audit_record(actor=actor, action=AuditAction.SECOND_FACTOR, obj=user)
            return redirect(_next_url(request))
        audit_record(
            actor=actor, action=AuditAction.SECOND_FACTOR, obj=user, outcome=AuditOutcome.FAILURE
        )
        form.add_error("token", _("This code is not valid. Check the code and try again."))
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@login_required
def setup(request):
    """Link an authenticator app: show the secret (QR code and text), confirm with a code."""
    user = request.user
    if any(devices_for_user(user, confirmed=True)):
        return redirect(_with_next(reverse("accounts:verify"), _next_url(request)))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = services.totp_device_start(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor = actor_for_request(request, channel=Channel.WEB)
        if services.totp_device_confirm(
            actor=actor, device=device, token=form.cleaned_data["token"]
        ):
            otp_login(request, device)
            messages.success(request, _("Your authenticator app is linked."))
            return redirect(_next_url(request))
        form.add_error("token", _("This code is not valid. Check the time on your phone."))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_svg": qr.svg_data_uri(scale=4, dark="#000", light="#fff"),
        "secret": _base32_secret(device),
    }
    return render(request, "accounts/setup.html", context)


def _base32_secret(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def home(request):
    """The landing page: who you are here, and what your role lets you do."""
    actor = request.actor
    memberships = list(memberships_of(request.user))
    policy = ROLE_POLICIES.get(actor.role) if actor.role else None
    return render(
        request,
        "accounts/home.html",
        {
            "memberships": memberships,
            "policy": policy,
            "capabilities": sorted(policy.capabilities, key=str) if policy else [],
        },
    )


@login_required
@require_POST
def switch_role(request):
    try:
        chosen = uuid.UUID(request.POST.get("membership", ""))
    except ValueError as error:
        raise Http404 from error
    membership = get_object_or_404(memberships_of(request.user), uuid=chosen)
    services.membership_choose(request=request, membership=membership)
    messages.success(request, _("You now act as %(membership)s.") % {"membership": membership})
    return redirect("accounts:home")


class LogoutView(auth_views.LogoutView):
    """POST only (Django refuses GET), so a link or an image cannot log someone out."""


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password: the old one, then the new one twice (every validator applies).

    Django keeps the session alive after the change (`update_session_auth_hash`) and ends every
    other session of the user; the change is audited and the user notified by e-mail.
    """

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password-change-done")

    def dispatch(self, request, *args, **kwargs):
        # /account/ pages are open before the second factor; changing the password is not:
        # someone with a stolen password alone must not take the account over.
        user = request.user
        if user.is_authenticated and user_requires_second_factor(user) and not _is_verified(user):
            return redirect(_with_next(reverse("accounts:verify"), request.get_full_path()))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(
            actor=actor_for_request(self.request, channel=Channel.WEB), user=form.user
        )
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
