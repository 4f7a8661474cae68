"""Who is acting: the user, in which membership (organisation and role), through which channel.

Every service takes an `Actor` as `actor=`; the audit trail records it. Pages and the API get
one from `ActorMiddleware` / the API authentication, commands from `Actor.system()`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from .roles import Capability


class Channel:
    WEB = "web"
    API = "api"
    ADMIN = "admin"
    COMMAND = "command"
    SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    user: object | None  # accounts.User, None for the system itself
    membership: object | None  # accounts.Membership the user acts in
    channel: str = Channel.SYSTEM
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    ip_address: str | None = None

    @classmethod
    def system(cls, *, channel: str = Channel.COMMAND, user=None) -> Actor:
        """An actor for management commands and jobs: no membership, so no data scope."""
        return cls(user=user, membership=None, channel=channel)

    @property
    def organisation(self):
        return getattr(self.membership, "organisation", None)

    @property
    def role(self) -> str | None:
        return getattr(self.membership, "role", None)

    @property
    def is_superuser(self) -> bool:
        return bool(getattr(self.user, "is_superuser", False))

    def can(self, capability: Capability) -> bool:
        if self.membership is None:
            return False
        return self.membership.can(capability)

    @property
    def origin(self) -> str:
        return f"{self.channel}:{self.ip_address}" if self.ip_address else self.channel


SESSION_MEMBERSHIP_KEY = "lvv_membership"


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def actor_for_request(request, *, channel: str) -> Actor:
    """The actor behind a request: the user and the membership chosen for this session.

    A user with one membership acts in it; with several, in the one picked on the
    role-switch page (kept in the session), else the oldest. API tokens act in the oldest.
    """
    user = getattr(request, "user", None)
    membership = None
    if user is not None and user.is_authenticated:
        memberships = list(user.active_memberships().order_by("created_at", "id"))
        chosen = None
        session = getattr(request, "session", None)
        if session is not None:
            chosen = session.get(SESSION_MEMBERSHIP_KEY)
        membership = next((m for m in memberships if str(m.uuid) == chosen), None)
        if membership is None and memberships:
            membership = memberships[0]
    else:
        user = None
    return Actor(
        user=user,
        membership=membership,
        channel=channel,
        request_id=getattr(request, "request_id", None) or str(uuid.uuid4()),
        ip_address=client_ip(request),
    )
