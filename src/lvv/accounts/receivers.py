"""Logins, logouts, failed logins and lock-outs go into the audit trail as they happen.

These signals fire inside the request, synchronously, so the event is written at once; there
is no later transaction to lose it in.
"""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from lvv.audit.models import AuditAction, AuditOutcome
from lvv.audit.services import audit_record

from .actors import Actor, Channel, actor_for_request


def _actor(request, user=None) -> Actor:
    if request is None:
        return Actor.system(channel=Channel.WEB, user=user)
    actor = actor_for_request(request, channel=Channel.WEB)
    if user is not None and actor.user is None:
        actor = Actor(
            user=user,
            membership=None,
            channel=Channel.WEB,
            request_id=actor.request_id,
            ip_address=actor.ip_address,
        )
    return actor


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    audit_record(actor=_actor(request, user), action=AuditAction.LOGIN, obj=user)


@receiver(user_logged_in)
def stamp_session_start(sender, request, user, **kwargs):
    """The start of the session, for its absolute limit (`SessionLifetimeMiddleware`)."""
    if request is not None and hasattr(request, "session"):
        from .middleware import SESSION_STARTED_KEY

        request.session[SESSION_STARTED_KEY] = time.time()


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=_actor(request, user), action=AuditAction.LOGOUT, obj=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        actor=_actor(request),
        action=AuditAction.LOGIN_FAILED,
        outcome=AuditOutcome.FAILURE,
        object_type="accounts.user",
        username=str(credentials.get("username", ""))[:150],
    )


@receiver(user_locked_out)
def audit_locked_out(sender, request, username, ip_address, **kwargs):
    audit_record(
        actor=_actor(request),
        action=AuditAction.LOCKED_OUT,
        outcome=AuditOutcome.DENIED,
        object_type="accounts.user",
        username=str(username or "")[:150],
    )
