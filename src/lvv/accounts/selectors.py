"""Reads about users, organisations and memberships."""

from __future__ import annotations

from django.db.models import QuerySet

from .actors import Actor
from .models import Membership, Organisation, User
from .roles import ROLE_POLICIES, Capability


def user_requires_second_factor(user: User) -> bool:
    """Superusers, staff (the admin lists users and files) and anyone holding a role that sees
    personal data must prove a second factor."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    roles = user.active_memberships().values_list("role", flat=True)
    return any(ROLE_POLICIES[role].requires_second_factor for role in roles)


def organisations_visible_to(actor: Actor) -> QuerySet[Organisation]:
    """The organisation register is public within the system: every member may read it."""
    if actor.membership is None and not actor.is_superuser:
        return Organisation.objects.none()
    return Organisation.objects.select_related("municipality")


def memberships_of(user: User) -> QuerySet[Membership]:
    return user.active_memberships().order_by("created_at", "id")


def users_visible_to(actor: Actor) -> QuerySet[User]:
    if actor.is_superuser or actor.can(Capability.MANAGE_USERS):
        return User.objects.prefetch_related("memberships__organisation")
    return User.objects.none()
