"""A realistic, invented population for the demo: hundreds of clients across the five pilots,
several years of history, every stage and every outcome. Deterministic for a seed.

Everything goes through the services (as the command line, an operator), so the demo has the
same history, status changes and audit trail a real register would. Names are invented from
common names of the nationalities that the evaluations mention; no real person is meant.
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lvv.accounts.actors import Actor, Channel
from lvv.accounts.models import Membership, Organisation
from lvv.accounts.roles import OrganisationKind, Role
from lvv.cases.models import (
    AdmissionCriterion,
    Answer,
    Client,
    ClientStatus,
    ConsentPurpose,
    IntakeDecision,
    LegalBasis,
    OutflowGroup,
    OutflowReason,
    ProcedureKind,
    ScenarioKind,
)
from lvv.cases.services import (
    clients,
    consent,
    intake,
    journal,
    meetings,
    outflow,
    placements,
    trajectory,
)
from lvv.network.models import Location, Municipality

PILOT_START = date(2019, 4, 1)

# City, number of clients, partner organisations (short names) keeping files there.
CITIES = [
    ("GM0363", 110, ["HVO-Querido"]),
    ("GM0344", 70, ["SNDVU"]),
    ("GM0599", 55, ["NAS", "Pauluskerk"]),
    ("GM0014", 50, ["INLIA"]),
    ("GM0772", 35, ["VidK"]),
]

NAMES = {
    "ER": (
        ["Senait", "Amanuel", "Yonas", "Helen", "Filmon", "Mebrat"],
        ["Tesfay", "Haile", "Gebremedhin", "Berhane", "Kidane"],
        ["ti", "ar"],
    ),
    "ET": (["Abebe", "Tigist", "Dawit", "Meron"], ["Alemu", "Bekele", "Tadesse"], ["am"]),
    "AF": (
        ["Ahmad", "Farid", "Zahra", "Mariam", "Rahim"],
        ["Rahimi", "Ahmadi", "Hakimi"],
        ["fa", "ps"],
    ),
    "IR": (["Reza", "Leila", "Mehdi"], ["Hosseini", "Karimi", "Moradi"], ["fa"]),
    "IQ": (["Ali", "Noor", "Hassan"], ["Al-Hashimi", "Jaber", "Kareem"], ["ar", "ku"]),
    "SY": (["Omar", "Lina", "Khaled"], ["Haddad", "Sabbagh", "Najjar"], ["ar"]),
    "MA": (["Youssef", "Fatima", "Karim"], ["El Idrissi", "Benali", "Amrani"], ["ar", "fr"]),
    "DZ": (["Sofiane", "Amina", "Nassim"], ["Benkhaled", "Boudiaf", "Ziani"], ["ar", "fr"]),
    "GN": (["Mamadou", "Aissatou", "Ibrahima"], ["Diallo", "Bah", "Camara"], ["fr"]),
    "NG": (["Chinedu", "Blessing", "Emeka"], ["Okafor", "Adeyemi", "Eze"], ["en"]),
    "GH": (["Kwame", "Ama", "Kofi"], ["Mensah", "Owusu", "Boateng"], ["en"]),
    "SD": (["Mohamed", "Amal", "Osman"], ["Abdelrahman", "Yousif", "Ahmed"], ["ar"]),
    "SO": (["Abdi", "Hodan", "Faisal"], ["Warsame", "Farah", "Hassan"], ["so"]),
    "GE": (["Giorgi", "Nino", "Levan"], ["Beridze", "Kapanadze", "Gelashvili"], ["ka", "ru"]),
    "MN": (["Bat-Erdene", "Oyun", "Ganbold"], ["Batbayar", "Enkhbold"], ["mn"]),
}

# Reasons for leaving, weighted so the groups come out near the final WODC evaluation
# (18% durable, 41% semi-durable, 41% none).
REASON_WEIGHTS = {
    "residence_permit": 7, "return_dtv": 5, "return_iom": 4, "onward_migration": 2,
    "new_asylum_application": 33, "medical_postponement": 8,
    "left_unknown": 28, "removed_not_cooperating": 6, "detention": 5, "deceased": 1, "other": 1,
}  # fmt: skip

SCENARIO_WEIGHTS = {
    ScenarioKind.RETURN: 30, ScenarioKind.LEGAL_RESIDENCE: 25, ScenarioKind.NEW_PROCEDURE: 30,
    ScenarioKind.ONWARD_MIGRATION: 8, ScenarioKind.UNDECIDED: 7,
}  # fmt: skip

JOURNAL_TEXTS = [
    "Kennismakingsgesprek gevoerd; cliënt is gemotiveerd om mee te werken.",
    "Afspraak gemaakt met de advocaat over de mogelijkheden van een nieuwe aanvraag.",
    "Cliënt heeft huisarts bezocht; vervolgafspraak over twee weken.",
    "Gesprek met DT&V voorbereid; cliënt wil eerst informatie over terugkeerondersteuning.",
    "Cliënt meldt zich wekelijks; geen bijzonderheden.",
    "Documenten voor identificatie aangevraagd bij de ambassade.",
]


@dataclass
class CityContext:
    municipality: Municipality
    partners: list[Organisation]
    locations: list[Location]
    criteria: list[AdmissionCriterion]


def _weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def load_population(*, actor: Actor, seed: int = 2019, scale: float = 1.0) -> int:
    """Create the demo clients (once: does nothing when clients exist). Returns the number."""
    if Client.objects.exists():
        return 0
    rng = random.Random(seed)
    today = timezone.localdate()
    reasons = {r.code: r for r in OutflowReason.objects.filter(is_active=True)}
    chain = {
        kind: Organisation.objects.filter(kind=kind).first()
        for kind in (
            OrganisationKind.DTV,
            OrganisationKind.IND,
            OrganisationKind.IOM,
            OrganisationKind.AVIM,
        )
    }
    created = 0
    for cbs_code, count, partner_names in CITIES:
        municipality = Municipality.objects.filter(cbs_code=cbs_code).first()
        if municipality is None:
            continue
        city = CityContext(
            municipality=municipality,
            partners=[p for p in Organisation.objects.filter(short_name__in=partner_names)],
            locations=list(Location.objects.filter(municipality=municipality).order_by("name")),
            criteria=list(
                AdmissionCriterion.objects.filter(municipality__isnull=True, is_active=True)
            ),
        )
        if not city.partners or not city.locations:
            continue
        with transaction.atomic():
            for _index in range(max(1, round(count * scale))):
                _one_client(actor, rng, city, reasons, chain, today)
                created += 1
            _meetings(actor, rng, city, chain, today)
    return created


def _one_client(actor, rng, city, reasons, chain, today) -> None:
    nationality = rng.choice(list(NAMES))
    given, family, languages = NAMES[nationality]
    span = (today - PILOT_START).days - 20
    registered = PILOT_START + timedelta(days=int(span * rng.random() ** 0.8))
    if rng.random() < 0.12:
        # Recent arrivals, so every early step (and some overdue ones) has clients in it.
        registered = today - timedelta(days=rng.randint(1, 75))
    born = date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
    partner = rng.choice(city.partners)
    precision = rng.choices(["day", "month", "year"], weights=[80, 10, 10])[0]
    client = clients.client_create(
        actor=actor,
        family_name=rng.choice(family),
        given_names=rng.choice(given),
        municipality=city.municipality,
        partner=partner,
        on=registered,
        date_of_birth=born,
        date_of_birth_precision=precision,
        sex=rng.choices(["male", "female", "other"], weights=[70, 29, 1])[0],
        nationality=nationality,
        languages=languages,
        v_number=str(rng.randint(10**9, 10**10 - 1)) if rng.random() < 0.92 else "",
        vulnerabilities=rng.sample(
            ["medical", "psychological", "minor_children"], k=rng.choice([0, 0, 0, 1, 1, 2])
        ),
    )
    # Most clients consent to sharing with DT&V and to pseudonymised monitoring.
    for organisation, share in (
        (chain[OrganisationKind.DTV], 0.9),
        (chain[OrganisationKind.IND], 0.6),
        (chain[OrganisationKind.IOM], 0.25),
    ):
        if organisation is not None and rng.random() < share:
            consent.consent_give(
                actor=actor,
                client=client,
                purpose=ConsentPurpose.SHARE_WITH_CHAIN_PARTNER,
                legal_basis=LegalBasis.CONSENT,
                given_on=registered,
                recipient=organisation,
                document_reference=f"TOE-{client.pk:05d}",
            )
    if rng.random() < 0.85:
        consent.consent_give(
            actor=actor,
            client=client,
            purpose=ConsentPurpose.PSEUDONYMISED_MONITORING,
            legal_basis=LegalBasis.PUBLIC_TASK,
            given_on=registered,
        )
    day = registered
    decided = day + timedelta(days=rng.randint(1, 12))
    if decided > today:
        _intake(actor, client, city, registered, None, rng)
        return
    refused = rng.random() < 0.07
    _intake(actor, client, city, registered, decided, rng, refused=refused)
    if refused:
        return
    caseworker = _caseworker_of(partner)
    if caseworker is not None:  # a journal entry has a person as its author
        journal.journal_entry_add(
            actor=caseworker, client=client, text=rng.choice(JOURNAL_TEXTS), occurred_on=decided
        )
    location = rng.choice(city.locations)
    try:
        placements.placement_start(actor=actor, client=client, location=location, start=decided)
    except ValidationError:
        location = None  # full: the client waits for a place (also a real situation)
    # Rest period after the dossier, then a scenario, then the trajectory.
    steps = [
        (
            rng.randint(7, 30),
            lambda on: trajectory.transition(
                actor=actor, client=client, to_status=ClientStatus.REST_PERIOD, on=on
            ),
        ),
        (
            rng.randint(10, 28),
            lambda on: trajectory.scenario_agree(
                actor=actor, client=client, kind=_weighted(rng, SCENARIO_WEIGHTS), agreed_on=on
            ),
        ),
        (
            rng.randint(3, 21),
            lambda on: trajectory.trajectory_start(actor=actor, client=client, on=on),
        ),
    ]
    day = decided
    for delay, step in steps:
        day = day + timedelta(days=delay)
        if day > today:
            return
        step(day)
    _trajectory_details(actor, rng, client, chain, day, today)
    stay = rng.randint(40, 640)
    left_on = day + timedelta(days=stay)
    if left_on <= today and rng.random() < 0.85:
        if location is not None and len(city.locations) > 1 and rng.random() < 0.2:
            moved_on = day + timedelta(days=stay // 2)
            other = [loc for loc in city.locations if loc != location]
            with contextlib.suppress(ValidationError):
                placements.placement_move(
                    actor=actor, client=client, to_location=rng.choice(other), on=moved_on
                )
        reason = reasons[_weighted(rng, REASON_WEIGHTS)]
        outflow.outflow_record(actor=actor, client=client, left_on=left_on, reason=reason)


def _caseworker_of(partner: Organisation) -> Actor | None:
    membership = (
        Membership.objects.filter(organisation=partner, role=Role.CASEWORKER, is_active=True)
        .select_related("user", "organisation")
        .order_by("pk")
        .first()
    )
    if membership is None:
        return None
    return Actor(user=membership.user, membership=membership, channel=Channel.COMMAND)


def _intake(actor, client, city, on, decided, rng, refused=False):
    answers = [
        {
            "criterion": criterion,
            "answer": Answer.YES if not refused else rng.choice([Answer.NO, Answer.YES]),
        }
        for criterion in city.criteria
    ]
    kwargs = {}
    if decided is not None:
        kwargs = {
            "decision": IntakeDecision.REFUSED if refused else IntakeDecision.ADMITTED,
            "decision_reason": "Voldoet niet aan de criteria."
            if refused
            else "Voldoet aan alle criteria.",
            "decided_on": decided,
        }
    intake.intake_create(actor=actor, client=client, answers=answers, intake_on=on, **kwargs)


def _trajectory_details(actor, rng, client, chain, started, today) -> None:
    owner = chain[OrganisationKind.DTV] or client.partner
    for _n in range(rng.randint(0, 3)):
        due = started + timedelta(days=rng.randint(7, 120))
        action = trajectory.action_create(
            actor=actor,
            client=client,
            description=rng.choice(
                [
                    "Gesprek over terugkeer plannen",
                    "Reisdocumenten aanvragen",
                    "Medisch advies opvragen",
                    "Advocaat benaderen voor herhaalde aanvraag",
                ]
            ),
            owner=rng.choice([owner, client.partner]),
            due_on=due,
        )
        done = due - timedelta(days=rng.randint(0, 6))
        if done <= today and rng.random() < 0.7:
            trajectory.action_complete(actor=actor, action=action, completed_on=max(done, started))
    if rng.random() < 0.3:
        trajectory.procedure_start(
            actor=actor,
            client=client,
            kind=rng.choice(
                [
                    ProcedureKind.REPEAT_ASYLUM,
                    ProcedureKind.MEDICAL_POSTPONEMENT,
                    ProcedureKind.TRAVEL_DOCUMENTS,
                ]
            ),
            started_on=started + timedelta(days=rng.randint(1, 30))
            if started + timedelta(days=30) <= today
            else started,
        )
    if rng.random() < 0.06:
        trajectory.escalation_raise(
            actor=actor,
            client=client,
            reason="Geen voortgang na drie LSO's.",
            raised_on=started,
        )


def _meetings(actor, rng, city, chain, today) -> None:
    """A local case meeting every quarter of the last two years, discussing a few clients."""
    attendees = [org for org in chain.values() if org is not None]
    municipal = Organisation.objects.filter(
        kind=OrganisationKind.MUNICIPALITY, municipality=city.municipality
    ).first()
    if municipal is not None:
        attendees.append(municipal)
    attendees.extend(city.partners)
    start = date(today.year - 2, 1, 15)
    held = start
    while held <= today:
        present = Client.objects.filter(
            municipality=city.municipality,
            status=ClientStatus.IN_TRAJECTORY,
            status_since__lte=held,
        ).order_by("pk")
        candidates = list(present[:40])
        meeting = meetings.meeting_create(
            actor=actor, municipality=city.municipality, held_on=held, attendees=attendees
        )
        for client in rng.sample(candidates, k=min(4, len(candidates))):
            discussion = meetings.meeting_discussion_add(
                actor=actor, meeting=meeting, client=client, summary="Voortgang besproken."
            )
            owner = chain[OrganisationKind.DTV] or client.partner
            meetings.meeting_decision_record(
                actor=actor,
                discussion=discussion,
                text="Vervolgafspraak met DT&V plannen.",
                actions=[
                    {
                        "description": "Vervolggesprek voeren",
                        "owner": owner,
                        "due_on": held + timedelta(days=28),
                    }
                ],
            )
        held += timedelta(days=91)


__all__ = ["OutflowGroup", "load_population"]
