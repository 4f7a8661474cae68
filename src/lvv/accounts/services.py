"""Writes about users, organisations, memberships, second factors and API tokens."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record

from .actors import SESSION_MEMBERSHIP_KEY, Actor
from .models import Membership, Organisation, User


def _validate(instance, *, exclude=None) -> None:
    """Model validation with field names kept, so a page or API can say which field is wrong."""
    instance.full_clean(exclude=exclude)


@transaction.atomic
def organisation_create(
    *, actor: Actor, name: str, kind: str, short_name: str = "", municipality=None
) -> Organisation:
    """Create an organisation. Names are unique regardless of case; a clash names the field."""
    organisation = Organisation(
        name=name.strip(), kind=kind, short_name=short_name.strip(), municipality=municipality
    )
    if Organisation.objects.filter(name__iexact=organisation.name).exists():
        raise ValidationError({"name": _("An organisation with this name already exists.")})
    _validate(organisation)
    organisation.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=organisation,
        changed_fields=["name", "kind", "short_name", "municipality"],
    )
    return organisation


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create a user whose password passes every validator (Argon2-hashed, 12+ characters)."""
    from django.contrib.auth.password_validation import validate_password

    user = User(username=username.strip(), email=email, first_name=first_name, last_name=last_name)
    _validate(user, exclude=["password"])
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=user,
        changed_fields=["username", "email", "first_name", "last_name", "password"],
    )
    return user


@transaction.atomic
def membership_grant(
    *, actor: Actor, user: User, organisation: Organisation, role: str
) -> Membership:
    """Give a user a role at an organisation; the role must exist at that kind of organisation."""
    membership = Membership(user=user, organisation=organisation, role=role)
    _validate(membership)
    membership.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=membership,
        changed_fields=["user", "organisation", "role"],
    )
    return membership


def membership_choose(*, request, membership: Membership) -> None:
    """Act in another of one's own memberships for the rest of the session.

    Guarantees: only an active membership of the logged-in user, at an active organisation, can
    be chosen; the choice lives in the session only (no database write, so nothing to audit).
    """
    if (
        membership.user_id != request.user.pk
        or not membership.is_active
        or not membership.organisation.is_active
    ):
        raise ValidationError({"membership": _("That role is not yours.")})
    request.session[SESSION_MEMBERSHIP_KEY] = str(membership.uuid)


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator-app device; it counts once a first code is confirmed.

    Guarantees: a user has at most one unconfirmed device (earlier ones are removed), so an
    abandoned setup leaves no second key behind.
    """
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, actor: Actor, device: TOTPDevice, token: str) -> bool:
    """Confirm an authenticator app with a first code; False (nothing changed) if it is wrong.

    Guarantees: the device counts as a second factor only after a valid code; a confirmation
    is audited in the same transaction (the code and the key are never recorded).
    """
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        actor=actor,
        action=AuditAction.SECOND_FACTOR,
        obj=actor.user,
        changed_fields=["totp_device"],
    )
    return True


@transaction.atomic
def backup_codes_issue(
    *, actor: Actor, user: User, codes: list[str] | None = None, count: int = 10
) -> list[str]:
    """Replace the user's static backup codes (a real django-otp device); each code works once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="Backup codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = codes or [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    audit_record(
        actor=actor, action=AuditAction.SECOND_FACTOR, obj=user, changed_fields=["backup_codes"]
    )
    return codes


@transaction.atomic
def api_token_issue(*, actor: Actor, user: User, days: int | None = None) -> str:
    """A new API token for a user. Returns the key once; only its digest is stored (knox).

    Guarantees: the user is active and holds an active membership (or is a superuser); the
    token expires after `days` (default LVV_API_TOKEN_DAYS), so a leaked key does not live for
    ever; the issue is audited in the same transaction, without the key.
    """
    if days is not None and days < 1:
        raise ValidationError({"days": _("A token must be valid for at least one day.")})
    if not user.is_active:
        raise ValidationError({"user": _("The user is not active.")})
    if not user.is_superuser and not user.active_memberships().exists():
        raise ValidationError({"user": _("The user has no active role in any organisation.")})
    ttl = timedelta(days=days or settings.LVV_API_TOKEN_DAYS)
    _token, key = AuthToken.objects.create(user=user, expiry=ttl)
    audit_record(
        actor=actor, action=AuditAction.TOKEN_ISSUED, obj=user, changed_fields=["api_token"]
    )
    return key


@transaction.atomic
def api_tokens_revoke(*, actor: Actor, user: User) -> int:
    """Revoke every API token of a user at once; returns how many there were.

    Guarantees: no key issued before this call authenticates afterwards; the revocation is
    audited in the same transaction, also when there was nothing to revoke, so the trail shows
    that someone acted.
    """
    count, _deleted = AuthToken.objects.filter(user=user).delete()
    audit_record(
        actor=actor, action=AuditAction.TOKEN_REVOKED, obj=user, changed_fields=["api_token"]
    )
    return count


def _notify(user: User, subject: str, body: str) -> None:
    """Tell the user by e-mail that something changed about how they log in.

    Sent after the transaction commits, so a rolled-back change sends nothing. A user without
    an e-mail address gets no message (the audit trail still has the event).
    """
    if not user.email:
        return
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    )


@transaction.atomic
def password_changed(*, actor: Actor, user: User) -> None:
    """Record that a user's password changed (by themselves or an administrator).

    Guarantees: an audit event names the field, never the value; the user gets an e-mail, so a
    change they did not make does not go unnoticed.
    """
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, changed_fields=["password"])
    _notify(
        user,
        _("Your LVV password was changed"),
        _(
            "The password of your LVV account %(username)s was changed. If you did not do this, "
            "contact the functional administrator of your organisation at once."
        )
        % {"username": user.username},
    )


@transaction.atomic
def second_factor_reset(*, actor: Actor, user: User) -> int:
    """Remove every second factor of a user (lost phone, used-up backup codes).

    Guarantees: afterwards the user has no authenticator app and no backup codes, so at the next
    login they must link a new app before reaching any page with personal data; their open
    sessions keep no verified device (django-otp checks the device on every request); the reset
    is audited in the same transaction and the user is told by e-mail. Returns how many devices
    were removed.
    """
    devices = [TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)]
    removed = sum(queryset.count() for queryset in devices)
    for queryset in devices:
        queryset.delete()  # backup codes go with their device
    audit_record(
        actor=actor,
        action=AuditAction.SECOND_FACTOR,
        obj=user,
        changed_fields=["second_factor_reset"],
    )
    _notify(
        user,
        _("The second factor of your LVV account was reset"),
        _(
            "The authenticator app and backup codes of your LVV account %(username)s were "
            "removed by an administrator. At your next login you link a new authenticator app. "
            "If you did not ask for this, contact the functional administrator of your "
            "organisation at once."
        )
        % {"username": user.username},
    )
    return removed
