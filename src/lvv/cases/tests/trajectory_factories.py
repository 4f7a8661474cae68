"""Minimal factories for the placement, trajectory, meeting and outflow tests.

Kept apart from the shared `factories.py` (owned by the client-register tests) so both test
suites can grow independently; rows are made straight in the database, as a fixture would.
"""

from __future__ import annotations

import datetime

import factory

from lvv.accounts.roles import OrganisationKind
from lvv.accounts.tests.factories import OrganisationFactory
from lvv.cases.models import (
    Action,
    CaseDiscussion,
    CaseMeeting,
    Client,
    ClientStatus,
    Consent,
    ConsentPurpose,
    Escalation,
    EscalationLevel,
    GuidanceScenario,
    LegalBasis,
    Placement,
    Procedure,
    ProcedureKind,
    ScenarioKind,
    Trajectory,
)
from lvv.network.tests.factories import MunicipalityFactory

D = datetime.date


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    municipality = factory.SubFactory(MunicipalityFactory)
    partner = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.PARTNER_NGO)
    family_name = factory.Sequence(lambda n: f"Achternaam{n}")
    given_names = factory.Sequence(lambda n: f"Voornaam{n}")
    status = ClientStatus.DOSSIER_REQUESTED
    status_since = D(2024, 1, 1)


class ConsentFactory(factory.django.DjangoModelFactory):
    """Consent to share the client's data with a chain partner, in force since 2024."""

    class Meta:
        model = Consent

    client = factory.SubFactory(ClientFactory)
    purpose = ConsentPurpose.SHARE_WITH_CHAIN_PARTNER
    recipient = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.DTV)
    legal_basis = LegalBasis.CONSENT
    given_on = D(2024, 1, 1)


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    client = factory.SubFactory(ClientFactory)
    location = factory.SubFactory("lvv.network.tests.factories.LocationFactory")
    start = D(2024, 1, 1)
    end = None


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidanceScenario

    client = factory.SubFactory(ClientFactory)
    kind = ScenarioKind.RETURN
    agreed_on = D(2024, 1, 1)


class TrajectoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trajectory

    client = factory.SubFactory(ClientFactory)
    start = D(2024, 1, 1)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    client = factory.SubFactory(ClientFactory)
    description = factory.Sequence(lambda n: f"Actie {n}")
    owner = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.DTV)
    due_on = D(2024, 6, 1)


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    client = factory.SubFactory(ClientFactory)
    kind = ProcedureKind.REPEAT_ASYLUM
    started_on = D(2024, 2, 1)


class EscalationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Escalation

    client = factory.SubFactory(ClientFactory)
    level = EscalationLevel.STEERING_GROUP
    raised_on = D(2024, 3, 1)
    reason = "Stagneert"


class CaseMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseMeeting
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    held_on = D(2024, 2, 1)

    @factory.post_generation
    def attendees(self, create, extracted, **kwargs):
        if create and extracted:
            self.attendees.set(extracted)


class CaseDiscussionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseDiscussion

    meeting = factory.SubFactory(CaseMeetingFactory)
    client = factory.SubFactory(ClientFactory)
