"""Roles and what each may do, as data: one table that pages, API and services all read.

design.md's "who uses it" table, in code. Changing what a role may do is a change here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry (JenV)")
    MUNICIPALITIES_ASSOCIATION = "vng", _("Association of municipalities (VNG)")
    MUNICIPALITY = "municipality", _("Municipality")
    PARTNER_NGO = "partner", _("Partner organisation (NGO)")
    IND = "ind", _("Immigration and Naturalisation Service (IND)")
    DTV = "dtv", _("Repatriation and Departure Service (DT&V)")
    AVIM = "avim", _("Police, aliens department (AVIM)")
    IOM = "iom", _("International Organization for Migration (IOM)")
    RESEARCH = "research", _("Research institute (WODC)")


CHAIN_PARTNER_KINDS = frozenset(
    {OrganisationKind.IND, OrganisationKind.DTV, OrganisationKind.AVIM, OrganisationKind.IOM}
)


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    MUNICIPAL_COORDINATOR = "municipal_coordinator", _("Municipal coordinator")
    CHAIN_PARTNER = "chain_partner", _("Chain partner")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    ANALYST = "analyst", _("Analyst")
    AUDITOR = "auditor", _("Auditor (privacy officer)")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functional administrator")


class Capability(models.TextChoices):
    """What a role may do; pages and API views declare which capability they need."""

    VIEW_NETWORK = "view_network", _("View municipalities, partners and locations")
    MANAGE_NETWORK = "manage_network", _("Manage municipalities, regions and organisations")
    MANAGE_OWN_LOCATIONS = (
        "manage_own_locations",
        _("Manage the locations and capacity of your own municipality"),
    )
    VIEW_CLIENT_FILES = "view_client_files", _("View and keep client files")
    VIEW_SHARED_CLIENT_DATA = (
        "view_shared_client_data",
        _("View client data shared with your organisation by consent"),
    )
    VIEW_PROGRAMME = "view_programme", _("View agreements, extensions and funding")
    MANAGE_PROGRAMME = (
        "manage_programme",
        _("Decide agreements, extensions, funding and the network plan"),
    )
    # Coordinators see their own municipality's figures; the programme and analysts the nation's.
    VIEW_MONITOR = "view_monitor", _("View the LVV monitor")
    SUBMIT_MONITOR = (
        "submit_monitor",
        _("Check and sign off the quarterly figures of your municipality"),
    )
    VIEW_AUDIT = "view_audit", _("View and verify the audit trail")
    MANAGE_USERS = "manage_users", _("Manage users and organisations")


@dataclass(frozen=True)
class RolePolicy:
    organisation_kinds: frozenset[str] | None  # None: any kind of organisation
    sees_personal_data: bool
    capabilities: frozenset[Capability]

    @property
    def requires_second_factor(self) -> bool:
        # Everyone who can see personal data, of clients or of staff, proves a second factor.
        return self.sees_personal_data


ROLE_POLICIES: dict[str, RolePolicy] = {
    Role.CASEWORKER: RolePolicy(
        frozenset({OrganisationKind.PARTNER_NGO}),
        sees_personal_data=True,
        capabilities=frozenset({Capability.VIEW_NETWORK, Capability.VIEW_CLIENT_FILES}),
    ),
    Role.MUNICIPAL_COORDINATOR: RolePolicy(
        frozenset({OrganisationKind.MUNICIPALITY}),
        sees_personal_data=True,
        capabilities=frozenset(
            {
                Capability.VIEW_NETWORK,
                Capability.MANAGE_OWN_LOCATIONS,
                Capability.VIEW_CLIENT_FILES,
                Capability.VIEW_PROGRAMME,
                Capability.VIEW_MONITOR,
                Capability.SUBMIT_MONITOR,
            }
        ),
    ),
    Role.CHAIN_PARTNER: RolePolicy(
        frozenset(CHAIN_PARTNER_KINDS),
        sees_personal_data=True,
        capabilities=frozenset({Capability.VIEW_NETWORK, Capability.VIEW_SHARED_CLIENT_DATA}),
    ),
    Role.PROGRAMME_MANAGER: RolePolicy(
        frozenset({OrganisationKind.MINISTRY, OrganisationKind.MUNICIPALITIES_ASSOCIATION}),
        sees_personal_data=False,
        capabilities=frozenset(
            {
                Capability.VIEW_NETWORK,
                Capability.VIEW_PROGRAMME,
                Capability.MANAGE_PROGRAMME,
                Capability.VIEW_MONITOR,
            }
        ),
    ),
    Role.ANALYST: RolePolicy(
        frozenset(
            {
                OrganisationKind.MINISTRY,
                OrganisationKind.MUNICIPALITIES_ASSOCIATION,
                OrganisationKind.RESEARCH,
            }
        ),
        sees_personal_data=False,
        capabilities=frozenset({Capability.VIEW_NETWORK, Capability.VIEW_MONITOR}),
    ),
    Role.AUDITOR: RolePolicy(
        None,
        # The trail names staff and the files they opened: personal data of its own.
        sees_personal_data=True,
        capabilities=frozenset({Capability.VIEW_AUDIT}),
    ),
    Role.FUNCTIONAL_ADMIN: RolePolicy(
        None,
        sees_personal_data=True,  # users' names and e-mail addresses
        capabilities=frozenset(
            {Capability.VIEW_NETWORK, Capability.MANAGE_NETWORK, Capability.MANAGE_USERS}
        ),
    ),
}


def policy_for(role: str) -> RolePolicy:
    return ROLE_POLICIES[role]
