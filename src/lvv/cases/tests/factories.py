"""Factories of the client register (factory_boy). Rows only: no services, no audit events.

Use the services in tests that check a write; use these to set the scene.
"""

import datetime

import factory
from django.utils import timezone

from lvv.accounts.roles import OrganisationKind
from lvv.accounts.tests.factories import OrganisationFactory, UserFactory
from lvv.cases.models import (
    Action,
    ActionStatus,
    CaseDiscussion,
    CaseMeeting,
    Client,
    ClientStatus,
    Consent,
    ConsentPurpose,
    DatePrecision,
    GuidanceScenario,
    HouseholdLink,
    HouseholdRelation,
    Intake,
    JournalEntry,
    LegalBasis,
    Outflow,
    OutflowReason,
    Placement,
    Procedure,
    ProcedureKind,
    ScenarioKind,
    Sex,
    StatusChange,
    Trajectory,
)
from lvv.network.tests.factories import LocationFactory, MunicipalityFactory


def partner_organisation(**kwargs):
    return OrganisationFactory(kind=OrganisationKind.PARTNER_NGO, **kwargs)


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    municipality = factory.SubFactory(MunicipalityFactory)
    partner = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.PARTNER_NGO)
    family_name = factory.Sequence(lambda n: f"Achternaam{n}")
    given_names = factory.Sequence(lambda n: f"Voornaam{n}")
    date_of_birth = datetime.date(1990, 5, 17)
    date_of_birth_precision = DatePrecision.DAY
    sex = Sex.MALE
    nationality = "ER"
    languages = factory.LazyFunction(lambda: ["ti", "en"])
    v_number = factory.Sequence(lambda n: f"{3000000000 + n:010d}")
    bsn = ""
    phone = "0612345678"
    email = factory.Sequence(lambda n: f"client{n}@example.org")
    vulnerabilities = factory.LazyFunction(list)
    status = ClientStatus.INTAKE
    status_since = factory.LazyFunction(timezone.localdate)


class HouseholdLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdLink

    client = factory.SubFactory(ClientFactory)
    relative = factory.SubFactory(
        ClientFactory,
        municipality=factory.SelfAttribute("..client.municipality"),
        partner=factory.SelfAttribute("..client.partner"),
    )
    relation = HouseholdRelation.PARENT


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    client = factory.SubFactory(ClientFactory)
    occurred_on = factory.LazyFunction(timezone.localdate)
    text = factory.Sequence(lambda n: f"Gesprek {n} gevoerd.")
    author = factory.SubFactory(UserFactory)
    author_organisation = factory.SelfAttribute("client.partner")


class ConsentFactory(factory.django.DjangoModelFactory):
    """Consent to share with a chain partner (DT&V unless given), in force since 1 Jan 2020."""

    class Meta:
        model = Consent

    client = factory.SubFactory(ClientFactory)
    purpose = ConsentPurpose.SHARE_WITH_CHAIN_PARTNER
    recipient = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.DTV)
    legal_basis = LegalBasis.CONSENT
    given_on = datetime.date(2020, 1, 1)
    withdrawn_on = None
    document_reference = "DOC-1"


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intake

    client = factory.SubFactory(ClientFactory)
    municipality = factory.SelfAttribute("client.municipality")
    intake_on = factory.LazyFunction(timezone.localdate)


class PlacementFactory(factory.django.DjangoModelFactory):
    """An open placement at a location in the client's municipality, run by its partner."""

    class Meta:
        model = Placement

    client = factory.SubFactory(ClientFactory)
    location = factory.SubFactory(
        LocationFactory,
        municipality=factory.SelfAttribute("..client.municipality"),
        operator=factory.SelfAttribute("..client.partner"),
    )
    start = datetime.date(2020, 1, 1)
    end = None


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    client = factory.SubFactory(ClientFactory)
    from_status = ClientStatus.INTAKE
    to_status = ClientStatus.DOSSIER_REQUESTED
    changed_on = factory.LazyFunction(timezone.localdate)


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidanceScenario

    client = factory.SubFactory(ClientFactory)
    kind = ScenarioKind.RETURN
    agreed_on = datetime.date(2021, 3, 1)


class TrajectoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trajectory

    client = factory.SubFactory(ClientFactory)
    start = datetime.date(2021, 3, 15)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    client = factory.SubFactory(ClientFactory)
    description = factory.Sequence(lambda n: f"Actie {n}")
    owner = factory.SelfAttribute("client.partner")
    due_on = datetime.date(2021, 4, 1)
    status = ActionStatus.OPEN


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    client = factory.SubFactory(ClientFactory)
    kind = ProcedureKind.MEDICAL_POSTPONEMENT
    started_on = datetime.date(2021, 5, 1)


class CaseMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseMeeting

    municipality = factory.SubFactory(MunicipalityFactory)
    held_on = datetime.date(2021, 3, 1)


class CaseDiscussionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseDiscussion

    meeting = factory.SubFactory(
        CaseMeetingFactory, municipality=factory.SelfAttribute("..client.municipality")
    )
    client = factory.SubFactory(ClientFactory)
    summary = "Besproken in het LSO."


class OutflowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outflow

    client = factory.SubFactory(ClientFactory)
    municipality = factory.SelfAttribute("client.municipality")
    left_on = datetime.date(2022, 1, 10)
    reason = factory.LazyFunction(lambda: OutflowReason.objects.get(code="return_iom"))
