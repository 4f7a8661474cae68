"""Who may see and do what in the programme: the one place services, pages and the API ask.

- Programme managers (JenV, VNG) see everything national and write agreements, decisions,
  extensions, funding and the network plan.
- Municipal coordinators see their own municipality's agreements, funding and contracts, and
  write partner contracts and spending of their own municipality only.
- Everyone else: nothing (their role lacks VIEW_PROGRAMME).
- Commands and jobs (no membership) and superusers may do everything.

Writing the programme is Capability.MANAGE_PROGRAMME (programme managers).
"""

from __future__ import annotations

from lvv.accounts.actors import Actor, Channel
from lvv.accounts.roles import Capability, Role


def actor_is_system(actor: Actor) -> bool:
    """Commands and jobs act without a membership; whoever runs them holds the database."""
    return actor.membership is None and actor.channel in (Channel.COMMAND, Channel.SYSTEM)


def actor_may_view_programme(actor: Actor) -> bool:
    return actor.is_superuser or actor_is_system(actor) or actor.can(Capability.VIEW_PROGRAMME)


def actor_may_manage_programme(actor: Actor) -> bool:
    """Agreements, decisions, extensions, funding and the network plan: programme managers."""
    if actor.is_superuser or actor_is_system(actor):
        return True
    return actor.can(Capability.MANAGE_PROGRAMME)


def actor_sees_national(actor: Actor) -> bool:
    """Whether the actor sees the programme of every municipality (not only their own)."""
    return actor_may_manage_programme(actor)


def actor_programme_municipality(actor: Actor):
    """The municipality of a municipal coordinator whose programme data they see, if any."""
    if not actor.can(Capability.VIEW_PROGRAMME) or actor.role != Role.MUNICIPAL_COORDINATOR:
        return None
    organisation = actor.organisation
    return getattr(organisation, "municipality", None) if organisation is not None else None


def actor_may_write_municipal(actor: Actor) -> bool:
    """Whether the actor may record contracts and spending somewhere (to offer the buttons)."""
    if actor.is_superuser or actor_is_system(actor):
        return True
    return actor_programme_municipality(actor) is not None


def actor_may_write_municipal_in(actor: Actor, municipality) -> bool:
    """Partner contracts and spending of `municipality`: its own coordinators (and the system).

    Programme managers read them but do not write them: they are the municipality's books.
    """
    if actor.is_superuser or actor_is_system(actor):
        return True
    own = actor_programme_municipality(actor)
    return own is not None and municipality is not None and own.pk == municipality.pk
