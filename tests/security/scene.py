"""Two organisations side by side, with an object of every kind that has a route, and markers.

Built on the client register's `world` (`lvv.cases.tests.conftest`): Utrecht is side "a",
Amsterdam side "b". Each side gets clients with every part of a file (intake, consent, journal,
household, placement, scenario, trajectory, actions, procedure, escalation, case meeting with a
discussion and decision, outflow), the programme's municipal registers (agreement, funding rule,
spending, partner contract, planned LVV) and the shared registers (location with capacity,
region). Every object's uuid, and a unique text per personal field, is a *marker*: if a marker
shows up in a response to someone who may not see that object, it leaked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from lvv.accounts.roles import OrganisationKind, Role
from lvv.accounts.tests.factories import OrganisationFactory, member
from lvv.cases.models import ClientStatus, MeetingDecision
from lvv.cases.tests.conftest import _build_world
from lvv.cases.tests.factories import (
    ActionFactory,
    CaseDiscussionFactory,
    CaseMeetingFactory,
    ClientFactory,
    ConsentFactory,
    HouseholdLinkFactory,
    IntakeFactory,
    JournalEntryFactory,
    OutflowFactory,
    PlacementFactory,
    ProcedureFactory,
    ScenarioFactory,
    TrajectoryFactory,
)
from lvv.cases.tests.trajectory_factories import EscalationFactory
from lvv.monitoring.models import QuarterSubmission
from lvv.network.tests.factories import LocationCapacityFactory, RegionFactory
from lvv.programme.tests.factories import (
    AgreementFactory,
    DecisionFactory,
    FundingRuleFactory,
    PartnerContractFactory,
    PlannedLvvFactory,
    ProgrammeFactory,
    SpendingRecordFactory,
)

D = datetime.date

# Object kinds by what they are, which decides who may see them.
PERSONAL = frozenset(
    {
        "client",
        "intake",
        "consent",
        "journal",
        "household",
        "placement",
        "action",
        "procedure",
        "escalation",
        "meeting",
        "discussion",
        "contact",  # telephone, e-mail, BSN: a section, not an object
    }
)
# The parts of a file a chain partner never sees, even with consent (`cases.access`).
RESTRICTED_SECTIONS = frozenset({"intake", "consent", "journal", "household", "contact"})
# The programme's registers of one municipality: its coordinator and programme managers.
MUNICIPAL = frozenset({"agreement", "funding_rule", "spending", "contract", "planned_lvv"})
# Registers every member reads (writes: see `NATIONAL_WRITERS` in the access matrix).
SHARED = frozenset(
    {"location", "capacity", "municipality", "region", "organisation", "decision", "programme"}
)
AUDIT = frozenset({"audit_event"})
# A municipality's signed-off quarter: its coordinator, and the national monitor's readers.
MONITOR = frozenset({"submission"})

# Kinds whose objects belong to one side: hidden from everyone the side does not show them to.
PRIVATE = PERSONAL | MUNICIPAL | MONITOR

ORG_BOUND_ROLES = ("caseworker", "coordinator", "chain")
NATIONAL_ROLES = ("programme_manager", "analyst", "auditor", "functional_admin")


@dataclass
class Side:
    name: str
    objects: dict[str, object] = field(default_factory=dict)
    # Text that only someone who may see the personal part it belongs to may read.
    texts: dict[str, list[str]] = field(default_factory=dict)
    members: dict[str, object] = field(default_factory=dict)


@dataclass
class Scene:
    world: object
    sides: dict[str, Side]
    national: dict[str, object]
    shared: dict[str, object]

    def member(self, actor: str):
        """`caseworker_a`, `coordinator_b`, `chain_a`, ... or a national role name."""
        if actor in self.national:
            return self.national[actor]
        role, side = actor.rsplit("_", 1)
        return self.sides[side].members[role]

    def foreign_side(self, actor: str) -> Side:
        """The other organisation's side; national roles see neither side's personal data."""
        if actor in self.national:
            return self.sides["b"]
        return self.sides["a" if actor.endswith("_b") else "b"]

    def object_for(self, kind: str, side: Side):
        if kind in side.objects:
            return side.objects[kind]
        return self.shared[kind]


def _side(world, name: str) -> Side:
    suffix = name.upper()
    municipality = world.utrecht if name == "a" else world.amsterdam
    ngo = world.ngo_a if name == "a" else world.ngo_b
    gemeente = world.gemeente_a if name == "a" else world.gemeente_b
    chain_org = world.dtv if name == "a" else world.ind
    location = world.location_a if name == "a" else world.location_b
    client = world.client_a if name == "a" else world.client_b
    side = Side(name)

    client.status = ClientStatus.IN_TRAJECTORY
    client.email = f"secmarker.mail{name}@example.org"
    client.bsn = "111222333" if name == "a" else "123456782"
    client.phone = f"06-7000000{1 if name == 'a' else 2}"
    client.save()
    relative = ClientFactory(
        municipality=municipality, partner=ngo, family_name=f"Secmarkerrelative{suffix}"
    )
    leaver = ClientFactory(
        municipality=municipality, partner=ngo, family_name=f"Secmarkerleaver{suffix}"
    )
    capacity = LocationCapacityFactory(location=location, start=D(2019, 1, 1))
    consent = ConsentFactory(client=client, recipient=chain_org, document_reference=f"SECDOC{name}")
    journal = JournalEntryFactory(
        client=client, text=f"Secmarkerjournal{suffix} gesprek", author_organisation=ngo
    )
    intake = IntakeFactory(client=client, decision_reason=f"Secmarkerintake{suffix}")
    household = HouseholdLinkFactory(client=client, relative=relative)
    placement = PlacementFactory(client=client, location=location, start=D(2024, 1, 1))
    scenario = ScenarioFactory(client=client, note=f"Secmarkerscenario{suffix}")
    trajectory = TrajectoryFactory(client=client)
    action = ActionFactory(
        client=client, owner=ngo, description=f"Secmarkeraction{suffix}", due_on=D(2030, 1, 1)
    )
    procedure = ProcedureFactory(client=client)
    escalation = EscalationFactory(client=client, reason=f"Secmarkerescalation{suffix}")
    meeting = CaseMeetingFactory(municipality=municipality, held_on=D(2024, 2, 1))
    meeting.attendees.set([gemeente, ngo, chain_org])
    discussion = CaseDiscussionFactory(
        meeting=meeting, client=client, summary=f"Secmarkerdiscussion{suffix}"
    )
    MeetingDecision.objects.create(discussion=discussion, text=f"Secmarkerdecision{suffix}")
    outflow = OutflowFactory(client=leaver, note=f"Secmarkeroutflow{suffix}")
    ConsentFactory(client=leaver, recipient=chain_org)

    agreement = AgreementFactory(municipality=municipality, title=f"Secmarkeragreement{suffix}")
    funding_rule = FundingRuleFactory(agreement=agreement)
    spending = SpendingRecordFactory(
        municipality=municipality, agreement=agreement, description=f"Secmarkerspending{suffix}"
    )
    contract = PartnerContractFactory(agreement=agreement, partner=ngo)
    planned = PlannedLvvFactory(central_municipality=municipality, name=f"Secmarkerplan{suffix}")
    region = RegionFactory(name=f"Regio {suffix}", central_municipality=municipality)
    region.municipalities.add(municipality)
    submission = QuarterSubmission.objects.create(
        municipality=municipality,
        year=2024,
        quarter=1,
        signed_off_by=world.members[f"coordinator_{name}"].user,
        signed_off_organisation=gemeente,
        signed_off_at=timezone.now(),
        explanation=f"Secmarkersubmission{suffix}",
    )

    side.objects = {
        "client": client,
        "relative": relative,
        "leaver": leaver,
        "intake": intake,
        "consent": consent,
        "journal": journal,
        "household": household,
        "placement": placement,
        "scenario": scenario,
        "trajectory": trajectory,
        "action": action,
        "procedure": procedure,
        "escalation": escalation,
        "meeting": meeting,
        "discussion": discussion,
        "outflow": outflow,
        "agreement": agreement,
        "funding_rule": funding_rule,
        "spending": spending,
        "contract": contract,
        "planned_lvv": planned,
        "submission": submission,
        "location": location,
        "capacity": capacity,
        "municipality": municipality,
        "region": region,
        "organisation": ngo,
    }
    side.texts = {
        # What a chain partner with consent may read of the client...
        "client": [client.family_name, client.v_number, leaver.family_name],
        "household": [relative.family_name],
        "action": [action.description],
        "escalation": [escalation.reason],
        "discussion": [discussion.summary, f"Secmarkerdecision{suffix}"],
        "scenario": [scenario.note],
        "outflow": [outflow.note],
        # ...and what only those who keep the file may.
        "contact": [client.email, client.phone, client.bsn],
        "journal": [journal.text],
        "intake": [intake.decision_reason],
        "consent": [consent.document_reference],
        # Municipal registers.
        "agreement": [agreement.title],
        "spending": [spending.description],
        "planned_lvv": [planned.name],
        "submission": [submission.explanation],
    }
    side.members = {
        "caseworker": world.members[f"caseworker_{name}"],
        "coordinator": world.members[f"coordinator_{name}"],
        "chain": world.members["chain_dtv" if name == "a" else "chain_ind"],
    }
    return side


def build_scene() -> Scene:
    world = _build_world()
    ministry = OrganisationFactory(name="Ministerie van JenV", kind=OrganisationKind.MINISTRY)
    research = OrganisationFactory(name="WODC", kind=OrganisationKind.RESEARCH)
    programme = ProgrammeFactory()
    shared = {"decision": DecisionFactory(), "programme": programme}
    national = {
        "programme_manager": member(Role.PROGRAMME_MANAGER, organisation=ministry),
        "analyst": member(Role.ANALYST, organisation=research),
        "auditor": member(Role.AUDITOR, organisation=ministry),
        "functional_admin": member(Role.FUNCTIONAL_ADMIN, organisation=ministry),
    }
    return Scene(
        world=world, sides={s: _side(world, s) for s in "ab"}, national=national, shared=shared
    )


def visible_kinds(actor: str, side_name: str) -> frozenset[str]:
    """Kinds of `side_name`'s objects the actor may see (personal and municipal only)."""
    if actor == "programme_manager":
        return MUNICIPAL | MONITOR
    if actor == "analyst":
        return MONITOR
    if actor in NATIONAL_ROLES:
        return frozenset()
    role, own = actor.rsplit("_", 1)
    if own != side_name:
        return frozenset()
    if role == "caseworker":
        return PERSONAL
    if role == "coordinator":
        return PERSONAL | MUNICIPAL | MONITOR
    return PERSONAL - RESTRICTED_SECTIONS  # chain partner, by consent


# Objects and texts that are part of another kind's visibility (a scenario is part of the file).
_VISIBILITY_KIND = {
    "relative": "household",
    "leaver": "client",
    "scenario": "client",
    "trajectory": "client",
    "outflow": "client",
}


def hidden_markers(scene: Scene, actor: str) -> set[str]:
    """Every marker the actor must never receive: uuids and texts of what they may not see.

    The auditor reads the trail, which names objects by uuid; for them only texts count.
    """
    hidden = set()
    for side in scene.sides.values():
        visible = visible_kinds(actor, side.name)
        for key, obj in side.objects.items():
            kind = _VISIBILITY_KIND.get(key, key)
            if kind in PRIVATE and kind not in visible and actor != "auditor":
                hidden.add(str(obj.uuid))
        for key, texts in side.texts.items():
            kind = _VISIBILITY_KIND.get(key, key)
            if kind not in visible:
                hidden.update(text for text in texts if text)
    return hidden
