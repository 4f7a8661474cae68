"""Users, organisations and memberships: who someone is, where they work, in which role."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from lvv.core.models import PublicModel

from .roles import ROLE_POLICIES, Capability, OrganisationKind, Role


class Organisation(PublicModel):
    """Any organisation that takes part: ministry, VNG, a municipality, an NGO, a chain partner."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("For a municipality: the municipality it is. For others: where it is based."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organisation_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == OrganisationKind.MUNICIPALITY and self.municipality_id is None:
            raise ValidationError(
                {"municipality": _("A municipality organisation must name its municipality.")}
            )


class User(AbstractUser):
    """A person who logs in. What they may see follows from their memberships, not from flags."""

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def active_memberships(self):
        return self.memberships.filter(is_active=True, organisation__is_active=True).select_related(
            "organisation"
        )


class Membership(PublicModel):
    """A user works for an organisation in one role. A person may hold several."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__username", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"

    @property
    def policy(self):
        return ROLE_POLICIES[self.role]

    def can(self, capability: Capability) -> bool:
        return capability in self.policy.capabilities

    def clean(self) -> None:
        if not self.role or self.organisation_id is None:
            return
        allowed = ROLE_POLICIES[self.role].organisation_kinds
        if allowed is not None and self.organisation.kind not in allowed:
            raise ValidationError(
                {
                    "role": _(
                        "The role %(role)s does not exist at an organisation of the kind %(kind)s."
                    )
                    % {
                        "role": Role(self.role).label,
                        "kind": OrganisationKind(self.organisation.kind).label,
                    }
                }
            )
