"""The clients: registration, identity, consent, intake and its decision, journal entries,
reads of the file and the status history, each client's story told in date order."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

from lvv.cases import models as cm
from lvv.cases.pseudonyms import national_pseudonym
from lvv.demo.population import JOURNAL_TEXTS, NAMES

from .constants import CITIES, END
from .events import CREATE, READ, UPDATE
from .trajectories import TrajectoryGenerator

S = cm.ClientStatus
_NATIONALITIES = sorted(NAMES)


class Generator(TrajectoryGenerator):
    """The whole generator: `network()`, `meetings()`, then `clients()` in registration order.

    V-numbers and BSNs are unique, also against the clients already in the register.
    """

    def __init__(self, **options):
        super().__init__(**options)
        self.v_numbers: set[str] = set(
            cm.Client.objects.exclude(v_number="").values_list("v_number", flat=True)
        )
        self.bsns: set[str] = set(cm.Client.objects.exclude(bsn="").values_list("bsn", flat=True))

    def clients(self) -> None:
        rng = self.rng
        span = (END - self.start).days - 14
        days = sorted(
            self.start + timedelta(days=int(span * rng.random())) for _ in range(self.count)
        )
        cum_weights = list(itertools.accumulate(share for _code, share, _partners in CITIES))
        self.reasons = {r.code: r.id for r in cm.OutflowReason.objects.filter(is_active=True)}
        self.criteria = list(
            cm.AdmissionCriterion.objects.filter(municipality__isnull=True, is_active=True)
            .order_by("order", "code")
            .values_list("id", flat=True)
        )
        for registered in days:
            code, _share, partners = rng.choices(CITIES, cum_weights=cum_weights)[0]
            self.client(registered, code, rng.choice(partners))
            self.progress(1)
            if self.buffered() >= self.FLUSH_AT:
                self.flush(before=registered)
        self.flush()

    def identity(self) -> dict:
        rng = self.rng
        nationality = rng.choice(_NATIONALITIES)
        given, family, languages = NAMES[nationality]
        v_number = ""
        if rng.random() < 0.92:
            while not v_number or v_number in self.v_numbers:
                v_number = str(rng.randint(10**9, 10**10 - 1))
            self.v_numbers.add(v_number)
        bsn = ""
        if rng.random() < 0.05:
            while not bsn or bsn in self.bsns:
                bsn = _bsn(rng)
            self.bsns.add(bsn)
        return {
            "family_name": rng.choice(family),
            "given_names": rng.choice(given),
            "date_of_birth": date(rng.randint(1960, 2005), rng.randint(1, 12), rng.randint(1, 28)),
            "date_of_birth_precision": rng.choices(["day", "month", "year"], [80, 10, 10])[0],
            "sex": rng.choices(["male", "female", "other"], weights=[70, 29, 1])[0],
            "nationality": nationality,
            "languages": list(languages),
            "v_number": v_number,
            "bsn": bsn,
            "vulnerabilities": sorted(
                rng.sample(
                    ["medical", "psychological", "minor_children"], k=rng.choice([0, 0, 0, 1, 1, 2])
                )
            ),
        }

    def client(self, registered: date, code: str, partner: str) -> None:
        # One long story per client, told in date order; split it and the reader loses the plot.
        rng = self.rng
        clients = self.table(cm.Client)
        client_id, clients.next_id = clients.next_id, clients.next_id + 1
        subject = self.uuid()
        worker = rng.choice(self.actors[partner])
        org = self.organisations
        status, status_since = S.INTAKE, registered
        transitions: list[tuple[str, str, date]] = []

        def move_to(to_status: str, day: date) -> None:
            nonlocal status, status_since
            assert to_status in cm.ALLOWED_TRANSITIONS[status], (status, to_status)
            transitions.append((status, to_status, day))
            status, status_since = to_status, day

        def audit_update(day, model, object_uuid, fields, actor=None):
            label = f"{model._meta.app_label}.{model._meta.model_name}"
            self.event(
                self.moment(day),
                actor or worker,
                UPDATE,
                label,
                object_uuid,
                subject,
                fields,
            )

        self.event(
            self.moment(registered),
            worker,
            CREATE,
            "cases.client",
            subject,
            subject,
            ["family_name", "municipality", "partner", "status", "status_since"],
        )
        for recipient, share in (("DT&V", 0.9), ("IND", 0.6), ("IOM", 0.25), (None, 0.85)):
            if rng.random() >= share:
                continue
            withdrawn = registered + timedelta(days=rng.randint(30, 400))
            self.row(
                cm.Consent,
                registered,
                audit=worker,
                subject=subject,
                client_id=client_id,
                purpose=cm.ConsentPurpose.SHARE_WITH_CHAIN_PARTNER
                if recipient
                else cm.ConsentPurpose.PSEUDONYMISED_MONITORING,
                recipient_id=org[recipient]["id"] if recipient else None,
                legal_basis=cm.LegalBasis.CONSENT if recipient else cm.LegalBasis.PUBLIC_TASK,
                given_on=registered,
                withdrawn_on=withdrawn if withdrawn < END and rng.random() < 0.03 else None,
                fields=["purpose", "recipient", "legal_basis", "given_on"],
            )

        decided = registered + timedelta(days=rng.randint(1, 12))
        decision = cm.IntakeDecision.PENDING
        if decided < END:
            refused = rng.random() < 0.07
            decision = cm.IntakeDecision.REFUSED if refused else cm.IntakeDecision.ADMITTED
        intake = self.row(
            cm.Intake,
            registered,
            audit=worker,
            subject=subject,
            client_id=client_id,
            municipality_id=self.municipalities[code]["id"],
            intake_on=registered,
            decision=decision,
            decision_reason=""
            if decision == cm.IntakeDecision.PENDING
            else "Voldoet aan alle criteria."
            if decision == cm.IntakeDecision.ADMITTED
            else "Voldoet niet aan de criteria.",
            decided_on=None if decision == cm.IntakeDecision.PENDING else decided,
            decided_by_id=None if decision == cm.IntakeDecision.PENDING else worker["id"],
            fields=["intake_on", "answers"],
        )
        for criterion in self.criteria:
            answer = cm.Answer.NO if rng.random() < 0.5 else cm.Answer.YES
            self.table(cm.IntakeAnswer).add(
                intake_id=intake["id"],
                criterion_id=criterion,
                answer=answer if decision == cm.IntakeDecision.REFUSED else cm.Answer.YES,
            )
        if decision != cm.IntakeDecision.PENDING:
            audit_update(
                decided,
                cm.Intake,
                intake["uuid"],
                ["decision", "decision_reason", "decided_on", "decided_by"],
            )
        if decision == cm.IntakeDecision.REFUSED:
            move_to(S.REFUSED, decided)
        last_day = END  # the first day the client is no longer in the LVV (END: still in)
        final_code, final_partner = code, partner
        if decision == cm.IntakeDecision.ADMITTED:
            last_day = self.admitted(
                client_id, subject, code, partner, worker, decided, move_to, audit_update
            )
            final_code, final_partner = self.final_city

        for _n in range(rng.randint(2, 16)):
            day = registered + timedelta(days=rng.randrange(max(1, (last_day - registered).days)))
            self.row(
                cm.JournalEntry,
                day,
                audit=worker,
                subject=subject,
                client_id=client_id,
                occurred_on=day,
                text=rng.choice(JOURNAL_TEXTS),
                author_id=worker["id"],
                author_organisation_id=org[partner]["id"],
                fields=["occurred_on", "text"],
            )
        readers = [*self.actors[final_partner], *self.actors[final_code]]
        window = max(1, (min(END, last_day + timedelta(days=120)) - registered).days)
        for _n in range(rng.randint(2, 30)):
            day = registered + timedelta(days=rng.randrange(window))
            self.event(
                self.moment(day),
                rng.choice(readers),
                READ,
                "cases.client",
                subject,
                subject,
            )

        for from_status, to_status, day in transitions:
            self.row(
                cm.StatusChange,
                day,
                client_id=client_id,
                from_status=from_status,
                to_status=to_status,
                changed_on=day,
                changed_by_id=worker["id"],
            )
            audit_update(day, cm.Client, subject, ["status", "status_since"])
        identity = self.identity()
        self.row(
            cm.Client,
            registered,
            id=client_id,
            uuid=subject,
            municipality_id=self.municipalities[final_code]["id"],
            partner_id=org[final_partner]["id"],
            status=status,
            status_since=status_since,
            pseudonym=national_pseudonym(identity["v_number"], subject),
            updated_at=self.moment(status_since),
            **identity,
        )


def _bsn(rng: random.Random) -> str:
    """Nine digits passing the 11-proef (weights 9..2 and -1)."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10 and digits[0] != 0:
            return "".join(map(str, digits)) + str(last)
