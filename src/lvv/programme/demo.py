"""Demo data of the programme: the history domain.md knows, up to the seed letter.

- 29 November 2018: the cooperation agreement between JenV and the VNG (five pilots, then a
  nationwide network of eight LVVs);
- the mandate decision (Staatscourant 2019, 18281);
- the five pilot agreements, 1 April 2019 up to and including 30 June 2021;
- the letter of 28 June 2021 (Kamerstuk 19 637, nr. 2749): extended to 1 July 2022;
- the seed letter of 17 December 2021 (kenmerk 3692956): extended to the end of 2022 "at the
  same level as 2021";
- funding: Groningen's €4.6m (2019), €4.1m (2020), €4.3m (2021); Amsterdam's state-funded 340
  of 500 places; partner contracts with each pilot's NGO; the network plan of eight LVVs.

What is uncertain is marked as such here and, where people see it, in the notes of the data.
The demo stops at the seed letter. Later events (funding through 2026 decided in 2023, the end
of the state contribution from 1 January 2025) can be entered through the pages. To see the
deadline warnings the seed letter resolved, open the warnings page "as known on" 1 December 2021.

Everything goes through the services, so the demo has a real audit trail. Loading twice changes
nothing: each object is looked up by its natural key first.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from lvv.accounts.actors import Actor
from lvv.accounts.models import Organisation
from lvv.network.models import Location, Municipality, Region

from . import services
from .models import (
    Agreement,
    AgreementAmendment,
    AgreementStatus,
    Decision,
    DecisionKind,
    FundingKind,
    FundingRule,
    PartnerContract,
    PlannedLvv,
    PlannedLvvStatus,
    Programme,
)

E = Decimal
PROGRAMME_NAME = "LVV: pilots en landelijk netwerk"

# The exact start dates of the five agreements are not public in our sources: the pilots are
# said to have started "in 2019", the mandate was published in spring 2019. 1 April 2019 is a
# plausible common start; correct it per agreement when the signed convenants are at hand.
PILOT_START = date(2019, 4, 1)
FIRST_END = date(2021, 7, 1)  # exclusive: up to and including 30 June 2021
SECOND_END = date(2022, 7, 1)  # the letter of 28 June 2021
THIRD_END = date(2023, 1, 1)  # the seed letter: up to and including 31 December 2022

ILLUSTRATIVE = "Illustratief bedrag voor de demo, geen gepubliceerd cijfer."

# CBS code, municipality name, partner NGO (looked up by name or short name), yearly funding
# until mid 2021 (None: Groningen and Amsterdam have their own rules below), yearly contract.
PILOTS = [
    ("GM0363", "Amsterdam", "HVO-Querido", None, E("7000000.00")),
    ("GM0772", "Eindhoven", "Vluchtelingen in de Knel", E("1600000.00"), E("1300000.00")),
    ("GM0014", "Groningen", "INLIA", None, E("3200000.00")),
    ("GM0599", "Rotterdam", "Stichting NAS", E("2900000.00"), E("2100000.00")),
    ("GM0344", "Utrecht", "SNDVU", E("3400000.00"), E("2600000.00")),
]

# Amsterdam: the state funds the first 340 of 500 places. The price per place is not
# published in our sources; €27,500 a place a year is a plausible figure for the demo.
AMSTERDAM_PLACES = (340, 500)
AMSTERDAM_PRICE = E("27500.00")


def _decisions(actor: Actor) -> dict[str, Decision]:
    wanted = {
        "cooperation": {
            "kind": DecisionKind.COOPERATION_AGREEMENT,
            "date": date(2018, 11, 29),
            "title": "Samenwerkingsafspraken LVV tussen Rijk en VNG",
            "summary": (
                "Rijk en VNG spreken af vijf pilots met Landelijke Vreemdelingenvoorzieningen "
                "te starten voor drie jaar en bij succes te komen tot een bestuursakkoord en "
                "een landelijk dekkend netwerk van acht LVV's."
            ),
        },
        "mandate": {
            "kind": DecisionKind.MANDATE_DECISION,
            # The decision's own date is not in our sources; it was published in 2019.
            "date": date(2019, 4, 1),
            "title": "Mandaatbesluit LVV",
            "publication": "Staatscourant 2019, 18281",
            "summary": (
                "Ambtenaren van de pilotgemeenten mogen namens de Staatssecretaris van "
                "Justitie en Veiligheid handelen in het kader van de LVV. (Datum bij benadering.)"
            ),
        },
        "june_2021": {
            "kind": DecisionKind.PARLIAMENTARY_LETTER,
            "date": date(2021, 6, 28),
            "title": "Verlenging convenanten LVV tot 1 juli 2022",
            "parliamentary_paper": "19 637, nr. 2749",
            "summary": (
                "De convenanten met de pilotgemeenten worden verlengd tot 1 juli 2022; het "
                "besluit over een bestuursakkoord en het landelijk netwerk is aan een volgend "
                "kabinet."
            ),
        },
        "seed_letter": {
            "kind": DecisionKind.PARLIAMENTARY_LETTER,
            "date": date(2021, 12, 17),
            "reference": "3692956",
            "title": "Verlenging pilots Landelijke Vreemdelingenvoorzieningen",
            "summary": (
                "Omdat nog geen nieuw kabinet is aangetreden, worden de convenanten met de "
                "pilotgemeenten nogmaals verlengd tot eind 2022, met een rijksbijdrage op "
                "hetzelfde financieringsniveau als in 2021, zodat gemeenten tijdig contracten "
                "met hun uitvoeringspartners kunnen sluiten in plaats van af te bouwen."
            ),
        },
    }
    found = {}
    for key, fields in wanted.items():
        decision = Decision.objects.filter(title=fields["title"], date=fields["date"]).first()
        found[key] = decision or services.decision_create(actor=actor, **fields)
    return found


def _partner(name: str) -> Organisation | None:
    return (
        Organisation.objects.filter(name__iexact=name).first()
        or Organisation.objects.filter(short_name__iexact=name).first()
    )


def _same_terms(rule: FundingRule) -> dict:
    """The fields of a rule, to continue it at the same terms in a later period."""
    return {
        "kind": rule.kind,
        "amount": rule.amount,
        "price_per_place": rule.price_per_place,
        "state_funded_places": rule.state_funded_places,
        "total_places": rule.total_places,
        "notes": rule.notes,
    }


def _rule(actor, agreement, start, end, *, decision=None, **fields) -> None:
    if not FundingRule.objects.filter(agreement=agreement, start=start).exists():
        services.funding_rule_create(
            actor=actor, agreement=agreement, start=start, end=end, decision=decision, **fields
        )


def _first_funding(actor: Actor, agreement: Agreement, name: str, yearly: Decimal | None):
    if name == "Groningen":
        # €4.6m is what Groningen received for 2019, the pilot's first (partial) year: a fixed
        # amount for the period, not a yearly amount to be prorated.
        _rule(
            actor,
            agreement,
            PILOT_START,
            date(2020, 1, 1),
            kind=FundingKind.PERIOD_SUM,
            amount=E("4600000.00"),
        )
        _rule(
            actor,
            agreement,
            date(2020, 1, 1),
            date(2021, 1, 1),
            kind=FundingKind.YEARLY_LUMP_SUM,
            amount=E("4100000.00"),
        )
        _rule(
            actor,
            agreement,
            date(2021, 1, 1),
            FIRST_END,
            kind=FundingKind.YEARLY_LUMP_SUM,
            amount=E("4300000.00"),
        )
    elif name == "Amsterdam":
        state, total = AMSTERDAM_PLACES
        _rule(
            actor,
            agreement,
            PILOT_START,
            FIRST_END,
            kind=FundingKind.PER_PLACE,
            price_per_place=AMSTERDAM_PRICE,
            state_funded_places=state,
            total_places=total,
            notes="Prijs per plaats illustratief; het Rijk betaalt de eerste 340 van 500 plaatsen.",
        )
    else:
        _rule(
            actor,
            agreement,
            PILOT_START,
            FIRST_END,
            kind=FundingKind.YEARLY_LUMP_SUM,
            amount=yearly,
            notes=ILLUSTRATIVE,
        )


def _extend(actor, agreements, *, decision, previous_end, new_end, funding=None) -> bool:
    """Extend those agreements that this decision has not extended yet."""
    todo = [
        a
        for a in agreements
        if a.end == previous_end
        and not AgreementAmendment.objects.filter(agreement=a, decision=decision).exists()
    ]
    if todo:
        services.agreements_extend(
            actor=actor, agreements=todo, new_end=new_end, decision=decision, funding=funding
        )
    for agreement in todo:
        agreement.refresh_from_db()
    return bool(todo)


def _contracts(actor: Actor, agreement: Agreement, partner: Organisation, yearly: Decimal):
    locations = list(Location.objects.filter(municipality=agreement.municipality, operator=partner))
    periods = [
        (PILOT_START, FIRST_END, yearly * 9 / 4),  # 2¼ years
        (FIRST_END, SECOND_END, yearly),
        (SECOND_END, THIRD_END, yearly / 2),
    ]
    for index, (start, end, amount) in enumerate(periods, start=1):
        if end > agreement.end:
            continue  # not funded (yet): the municipality would not have signed it
        if PartnerContract.objects.filter(
            municipality=agreement.municipality, partner=partner, start=start
        ).exists():
            continue
        services.partner_contract_create(
            actor=actor,
            municipality=agreement.municipality,
            partner=partner,
            agreement=agreement,
            reference=f"LVV-{agreement.municipality.cbs_code}-{index}",
            start=start,
            end=end,
            amount=amount.quantize(E("0.01")),
            locations=locations,
            notice_period=3,
            notes=ILLUSTRATIVE,
        )


def _network_plan(actor: Actor, programme: Programme, municipalities: dict) -> None:
    for code, name, *_rest in PILOTS:
        municipality = municipalities.get(code)
        if municipality is None:
            continue
        plan_name = f"LVV {name}"
        plan = PlannedLvv.objects.filter(name=plan_name).first()
        if plan is None:
            plan = services.planned_lvv_create(
                actor=actor,
                name=plan_name,
                central_municipality=municipality,
                region=Region.objects.filter(central_municipality=municipality).first(),
                status=PlannedLvvStatus.PILOT,
                programme=programme,
                notes=ILLUSTRATIVE,
            )
        places = sum(
            c.total_places
            for location in municipality.locations.all()
            for c in location.capacities.all()
            if c.end is None
        )
        for year in (2022, 2023):
            services.planned_lvv_year_set(
                actor=actor,
                plan=plan,
                year=year,
                planned_places=places,
                budget=E(places) * E("30000.00"),
            )
    # Which regions would get the other three LVVs is not in our sources.
    for number in (6, 7, 8):
        plan_name = f"LVV {number} (centrumgemeente nog te kiezen)"
        if not PlannedLvv.objects.filter(name=plan_name).exists():
            plan = services.planned_lvv_create(
                actor=actor,
                name=plan_name,
                status=PlannedLvvStatus.PLANNED,
                programme=programme,
                notes=ILLUSTRATIVE,
            )
            services.planned_lvv_year_set(
                actor=actor, plan=plan, year=2023, planned_places=100, budget=E("3000000.00")
            )


@transaction.atomic
def load_programme_demo(*, actor: Actor) -> bool:
    """Load the programme's demo history (idempotent). Needs the demo network (municipalities,
    partner NGOs, locations); what is missing there is skipped. Returns whether anything was
    added."""
    from lvv.audit.models import AuditEvent

    events_before = AuditEvent.objects.count()
    decisions = _decisions(actor)
    programme = Programme.objects.filter(name=PROGRAMME_NAME).first() or services.programme_create(
        actor=actor,
        name=PROGRAMME_NAME,
        description="De vijf pilots (2019) op weg naar een landelijk dekkend netwerk.",
        basis=decisions["cooperation"],
        target_lvv_count=8,
    )
    municipalities = {
        m.cbs_code: m
        for m in Municipality.objects.filter(cbs_code__in=[code for code, *_rest in PILOTS])
    }

    agreements = {}
    for code, name, _partner_name, yearly, _contract in PILOTS:
        municipality = municipalities.get(code)
        if municipality is None:
            continue
        agreement = Agreement.objects.filter(municipality=municipality, start=PILOT_START).first()
        if agreement is None:
            agreement = services.agreement_create(
                actor=actor,
                municipality=municipality,
                programme=programme,
                title=f"Convenant LVV {name}",
                start=PILOT_START,
                end=FIRST_END,
                mandate=decisions["mandate"],
                basis=decisions["cooperation"],
            )
            _first_funding(actor, agreement, name, yearly)
            agreement = services.agreement_change_status(
                actor=actor, agreement=agreement, status=AgreementStatus.IN_FORCE
            )
        agreements[name] = agreement

    pilots = list(agreements.values())
    if _extend(
        actor, pilots, decision=decisions["june_2021"], previous_end=FIRST_END, new_end=SECOND_END
    ):
        # The 2021 budget ran for the whole year; 2022's first half at the level of 2021.
        for agreement in pilots:
            last = FundingRule.objects.filter(agreement=agreement).order_by("-start").first()
            if last is not None:
                terms = _same_terms(last)
                if last.kind == FundingKind.PERIOD_SUM:
                    terms = {"kind": FundingKind.SAME_LEVEL_AS_YEAR, "reference_year": 2021}
                _rule(
                    actor,
                    agreement,
                    FIRST_END,
                    date(2022, 1, 1),
                    decision=decisions["june_2021"],
                    **terms,
                )
            _rule(
                actor,
                agreement,
                date(2022, 1, 1),
                SECOND_END,
                decision=decisions["june_2021"],
                kind=FundingKind.SAME_LEVEL_AS_YEAR,
                reference_year=2021,
            )
    _extend(
        actor,
        pilots,
        decision=decisions["seed_letter"],
        previous_end=SECOND_END,
        new_end=THIRD_END,
        funding={"kind": FundingKind.SAME_LEVEL_AS_YEAR, "reference_year": 2021},
    )

    for _code, name, partner_name, _yearly, contract_yearly in PILOTS:
        partner = _partner(partner_name)
        if name in agreements and partner is not None:
            _contracts(actor, agreements[name], partner, contract_yearly)

    _network_plan(actor, programme, municipalities)
    return AuditEvent.objects.count() > events_before
