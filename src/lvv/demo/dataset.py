"""A synthetic national dataset for benchmarks: `lvv generate_dataset`.

Ten years of a nationwide LVV network (eight regions: the five pilots and three more) with
clients, intakes, consent, stays and moves, transfers, scenarios, case meetings, actions,
journal entries, outflow in all three groups and the audit trail (writes and reads).

Written in bulk, not through the services (they take milliseconds per row), but every
invariant the services guarantee holds by construction: at most one open placement and
trajectory per client, placements inside their location's open period and at least one night
long, the outflow closing the placement and trajectory and cancelling open actions, status
changes following `ALLOWED_TRANSITIONS`, the national pseudonym set, and audit events
hash-chained through `audit.services.audit_bulk_append` in time order.

Deterministic: one `random.Random(seed)` and fixed dates (the history ends on `END`), so the
same seed on an empty register gives the same rows, uuids and audit hashes. Capacity is sized
from the population and not checked per day (services allow placing above capacity with a
reason; the dataset does not model that reason).
"""

from __future__ import annotations

import heapq
import json
import math
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from operator import attrgetter
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models.functions import Lower

from lvv.accounts.models import Membership, Organisation, User
from lvv.accounts.roles import OrganisationKind, Role
from lvv.audit.models import AuditAction, AuditEvent, AuditOutcome
from lvv.audit.services import HASHED_FIELDS, audit_bulk_append
from lvv.cases import models as cm
from lvv.cases.pseudonyms import national_pseudonym
from lvv.demo import data
from lvv.demo.population import JOURNAL_TEXTS, NAMES, REASON_WEIGHTS, SCENARIO_WEIGHTS
from lvv.network.models import Location, LocationCapacity, LocationKind, Municipality, Region

END = date(2026, 1, 1)  # the first day after the generated history
S = cm.ClientStatus

# Beyond the pilots: three more LVV regions for a nationwide network of eight (invented NGOs).
EXTRA_MUNICIPALITIES = [
    ("GM0518", "'s-Gravenhage"), ("GM0603", "Rijswijk"), ("GM0637", "Zoetermeer"),
    ("GM0268", "Nijmegen"), ("GM0202", "Arnhem"), ("GM0193", "Zwolle"), ("GM0153", "Enschede"),
]  # fmt: skip
EXTRA_REGIONS = [
    ("LVV Haaglanden", "GM0518", ["GM0603", "GM0637"]),
    ("LVV Gelderland", "GM0268", ["GM0202"]),
    ("LVV Oost", "GM0193", ["GM0153"]),
]
EXTRA_ORGANISATIONS = [
    ("Gemeente 's-Gravenhage", "Den Haag", OrganisationKind.MUNICIPALITY, "GM0518"),
    ("Gemeente Nijmegen", "Nijmegen", OrganisationKind.MUNICIPALITY, "GM0268"),
    ("Gemeente Zwolle", "Zwolle", OrganisationKind.MUNICIPALITY, "GM0193"),
    ("Stichting Onderdak Haaglanden", "SOH", OrganisationKind.PARTNER_NGO, "GM0518"),
    ("Stichting Vreemdelingenopvang Gelderland", "SVG", OrganisationKind.PARTNER_NGO, "GM0268"),
    ("Stichting Opvang Oost", "SOO", OrganisationKind.PARTNER_NGO, "GM0193"),
]
EXTRA_LOCATIONS = [
    ("LVV Den Haag Laak", "SOH", "GM0518", LocationKind.TWENTY_FOUR_HOUR, "Den Haag"),
    ("LVV Den Haag Centrum", "SOH", "GM0518", LocationKind.NIGHT, "Den Haag"),
    ("LVV Nijmegen Oost", "SVG", "GM0268", LocationKind.TWENTY_FOUR_HOUR, "Nijmegen"),
    ("LVV Zwolle Dieze", "SOO", "GM0193", LocationKind.SUPPORTED_LIVING, "Zwolle"),
]
# Share of the national population per LVV (central municipality) and its partner NGOs.
CITIES = [
    ("GM0363", 25, ["HVO-Querido"]), ("GM0599", 14, ["NAS", "Pauluskerk"]),
    ("GM0344", 14, ["SNDVU"]), ("GM0518", 12, ["SOH"]), ("GM0014", 10, ["INLIA"]),
    ("GM0772", 9, ["VidK"]), ("GM0268", 8, ["SVG"]), ("GM0193", 8, ["SOO"]),
]  # fmt: skip
CASEWORKERS_PER_PARTNER = 4
OFFICE_OPENS = time(8, tzinfo=UTC)
OFFICE_HOURS_US = 9 * 3600 * 10**6
MEAN_STAY_DAYS = 340


@dataclass
class DatasetResult:
    rows: dict[str, int] = field(default_factory=dict)
    clients: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _db_converter(model_field: models.Field) -> Callable[[Any], Any] | None:
    """What the driver needs for values that are not plain numbers and strings.

    The same values Django's `get_db_prep_save` gives, without its per-value overhead (it
    is most of the cost of a bulk insert): SQLite takes uuids as hex, dates and naive UTC
    datetimes as text, JSON as text; PostgreSQL takes uuids, dates and datetimes natively.
    """
    sqlite = connection.vendor == "sqlite"
    if isinstance(model_field, models.UUIDField):
        return (lambda value: value.hex) if sqlite else None
    if isinstance(model_field, models.JSONField):
        if sqlite:
            return json.dumps
        return lambda value: connection.ops.adapt_json_value(value, model_field.encoder)
    if isinstance(model_field, models.DateTimeField):
        return _sqlite_datetime if sqlite else None
    if isinstance(model_field, models.DateField):
        return (lambda value: value.isoformat()) if sqlite else None
    return None


def _sqlite_datetime(value: datetime) -> str:
    """`str()` of the naive UTC datetime, as Django's SQLite backend stores it."""
    if value.tzinfo is UTC:  # the generator's moments: drop the "+00:00"
        return value.isoformat(" ")[:-6]
    return str(value.astimezone(UTC).replace(tzinfo=None))


class _Table:
    """Rows of one model, buffered and inserted with `executemany` under ids we assign."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        fields = model._meta.concrete_fields
        self.attnames = [f.attname for f in fields]
        self.converters = [_db_converter(f) for f in fields]
        self.defaults = {}
        for f in fields:
            if f.has_default() and not callable(f.default):
                self.defaults[f.attname] = f.default
            elif f.null:
                self.defaults[f.attname] = None
            elif isinstance(f, models.JSONField):
                self.defaults[f.attname] = []
            elif isinstance(f, models.CharField | models.TextField):
                self.defaults[f.attname] = ""
        self.plan = [(name, self.defaults.get(name)) for name in self.attnames]
        # Only the fields with a converter are visited a second time.
        self.converted = [(i, c) for i, c in enumerate(self.converters) if c is not None]
        self.has_uuid = "uuid" in self.attnames
        self.has_created_at = "created_at" in self.attnames
        self.has_updated_at = "updated_at" in self.attnames
        self.label = f"{model._meta.app_label}.{model._meta.model_name}"  # as the trail names it
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        # Identifiers come from the model's meta, values are parameters: nothing user-given.
        table = quote(model._meta.db_table)
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608  # nosec B608
        self.next_id = (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
        self.buffer: list[tuple] = []
        self.written = 0

    def add(self, **values) -> int:
        return self.add_mapping(values)

    def add_mapping(self, values: dict[str, Any]) -> int:
        """Buffer one row from `values` (missing fields take their default); its id."""
        if "id" not in values:
            values["id"] = self.next_id
            self.next_id += 1
        get = values.get
        row = [get(name, default) for name, default in self.plan]
        for index, convert in self.converted:
            value = row[index]
            if value is not None:
                row[index] = convert(value)
        self.buffer.append(tuple(row))
        return values["id"]

    def flush(self) -> int:
        count = len(self.buffer)
        if count:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.buffer)
            self.written += count
            self.buffer = []
        return count


_UNAUDITED = frozenset({"id", "uuid", "created", "created_at", "updated_at"})


_EVENT_FIELDS = (*HASHED_FIELDS, "hash")
_event_values = attrgetter(*_EVENT_FIELDS)


class _Event:
    """An audit event before it is linked into the chain (what `audit_bulk_append` needs)."""

    __slots__ = _EVENT_FIELDS

    def __init__(
        self,
        *,
        occurred_at,
        actor_id,
        actor_username,
        organisation_id,
        organisation_name,
        role,
        action,
        object_type,
        object_id,
        subject_id,
        outcome,
        request_id,
        origin,
        changed_fields,
    ):
        self.sequence = self.previous_hash = None
        self.occurred_at = occurred_at
        self.actor_id = actor_id
        self.actor_username = actor_username
        self.organisation_id = organisation_id
        self.organisation_name = organisation_name
        self.role = role
        self.action = action
        self.object_type = object_type
        self.object_id = object_id
        self.subject_id = subject_id
        self.outcome = outcome
        self.request_id = request_id
        self.origin = origin
        self.changed_fields = changed_fields
        self.hash = ""


_SUCCESS = str(AuditOutcome.SUCCESS)


def _uuid4_text(bits: int) -> str:
    """`str(uuid.UUID(int=bits, version=4))` without building the object."""
    bits = (bits & ~(0xC000 << 48)) | (0x8000 << 48)
    bits = (bits & ~(0xF000 << 64)) | (4 << 76)
    text = f"{bits:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


class _Generator:
    FLUSH_AT = 20_000

    def __init__(self, *, clients: int, years: int, seed: int, progress=None):
        self.count = clients
        self.rng = random.Random(seed)
        self.start = date(END.year - years, 1, 1)
        self.progress = progress or (lambda n: None)
        self.tables: dict[type[models.Model], _Table] = {}
        self.events: list[tuple] = []  # heap of (time, counter, _Event)
        self.event_counter = 0
        self.event_table = _Table(AuditEvent)
        self.v_numbers: set[str] = set(
            cm.Client.objects.exclude(v_number="").values_list("v_number", flat=True)
        )
        self.bsns: set[str] = set(cm.Client.objects.exclude(bsn="").values_list("bsn", flat=True))

    # -- plumbing -------------------------------------------------------------------------

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def moment(self, day: date) -> datetime:
        """A time during office hours on `day` (UTC), deterministic."""
        return datetime.combine(day, OFFICE_OPENS) + timedelta(
            microseconds=self.rng.randrange(OFFICE_HOURS_US)
        )

    def table(self, model) -> _Table:
        if model not in self.tables:
            self.tables[model] = _Table(model)
        return self.tables[model]

    def row(self, model, day, *, audit=None, subject=None, fields=(), created=False, **values):
        """Add a row stamped on `day` (public models get a uuid) and its `create` event."""
        table = self.table(model)
        at = self.moment(day)
        if table.has_uuid and "uuid" not in values:
            values["uuid"] = self.uuid()
        if table.has_created_at:
            values.setdefault("created_at", at)
            if table.has_updated_at:
                values.setdefault("updated_at", values["created_at"])
        table.add_mapping(values)  # sets values["id"]
        values["created"] = created
        if audit is not None:
            self.event(
                at,
                audit,
                AuditAction.CREATE,
                table.label,
                values.get("uuid", values["id"]),
                subject,
                fields or [k for k in values if k not in _UNAUDITED],
            )
        return values

    def event(self, at, actor, action, object_type, object_id, subject, fields=()):
        self.event_counter += 1
        event = _Event(
            occurred_at=at,
            actor_id=actor["uuid"],
            actor_username=actor["username"],
            organisation_id=actor["organisation_uuid"],
            organisation_name=actor["organisation_name"],
            role=actor["role"],
            action=str(action),
            object_type=object_type,
            object_id=str(object_id),
            subject_id=subject,
            outcome=_SUCCESS,
            request_id=_uuid4_text(self.rng.getrandbits(128)),
            origin=actor.get("origin", "web"),
            changed_fields=sorted({str(f).removesuffix("_id") for f in fields}),
        )
        heapq.heappush(self.events, (at, self.event_counter, event))

    def flush_events(self, before: datetime | None) -> None:
        ready = []
        while self.events and (before is None or self.events[0][0] < before):
            ready.append(heapq.heappop(self.events)[2])
        if ready:
            audit_bulk_append(ready, write=self._write_events)

    def _write_events(self, events) -> None:
        add = self.event_table.add_mapping
        for event in events:
            values = dict(zip(_EVENT_FIELDS, _event_values(event), strict=True))
            add(values)
        self.event_table.flush()

    def flush(self, *, before: datetime | None = None) -> None:
        for table in self.tables.values():
            table.flush()
        self.flush_events(before)

    def buffered(self) -> int:
        return sum(len(t.buffer) for t in self.tables.values())

    def result(self) -> DatasetResult:
        rows = {t.model._meta.label: t.written for t in self.tables.values()}
        rows[AuditEvent._meta.label] = self.event_table.written
        return DatasetResult(rows=rows, clients=self.count)

    def reset_sequences(self) -> None:
        models_written = [*self.tables, AuditEvent]
        statements = connection.ops.sequence_reset_sql(no_style(), models_written)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    # -- the network ----------------------------------------------------------------------

    def network(self) -> None:
        day = self.start - timedelta(days=1)
        command = {
            "uuid": None,
            "username": "",
            "organisation_uuid": None,
            "organisation_name": "",
            "role": "",
            "origin": "command",
        }
        self.municipalities = {
            m.cbs_code: {"id": m.id, "uuid": m.uuid} for m in Municipality.objects.all()
        }
        for cbs_code, name in [*data.MUNICIPALITIES, *EXTRA_MUNICIPALITIES]:
            if cbs_code not in self.municipalities:
                self.municipalities[cbs_code] = self.row(
                    Municipality, day, audit=command, cbs_code=cbs_code, name=name
                )
        existing_regions = set(Region.objects.values_list("name", flat=True))
        for name, central, served in [*data.REGIONS, *EXTRA_REGIONS]:
            if name in existing_regions:
                continue
            region = self.row(
                Region,
                day,
                audit=command,
                name=name,
                central_municipality_id=self.municipalities[central]["id"],
            )
            for code in sorted({central, *served}):
                self.table(Region.municipalities.through).add(
                    region_id=region["id"], municipality_id=self.municipalities[code]["id"]
                )
        self.organisations = {
            o.short_name: {
                "id": o.id,
                "uuid": o.uuid,
                "name": o.name,
                "kind": o.kind,
                "municipality_id": o.municipality_id,
            }
            for o in Organisation.objects.order_by("id")
        }
        known = {
            name.lower() for name in Organisation.objects.values_list(Lower("name"), flat=True)
        }
        for name, short_name, kind, cbs_code in [*data.ORGANISATIONS, *EXTRA_ORGANISATIONS]:
            if name.lower() in known:
                continue
            municipality = self.municipalities[cbs_code]["id"] if cbs_code else None
            self.organisations[short_name] = self.row(
                Organisation,
                day,
                audit=command,
                name=name,
                short_name=short_name,
                kind=kind,
                municipality_id=municipality,
                is_active=True,
            )
        self._locations(day, command)
        self._people(day, command)

    def _locations(self, day, command) -> None:
        shares = {code: share for code, share, _partners in CITIES}
        total_share = sum(shares.values())
        span = (END - self.start).days
        self.locations: dict[str, list[dict]] = {code: [] for code in shares}
        for location in Location.objects.filter(end__isnull=True).order_by("name"):
            code = next(
                (c for c, m in self.municipalities.items() if m["id"] == location.municipality_id),
                None,
            )
            if code in self.locations:
                self.locations[code].append(
                    {
                        "id": location.id,
                        "uuid": location.uuid,
                        "start": location.start,
                        "name": location.name,
                        "operator_id": location.operator_id,
                    }
                )
        wanted = [(loc[0], loc[1], loc[2], loc[3], loc[7]) for loc in data.LOCATIONS]
        for name, operator, code, kind, city in [*wanted, *EXTRA_LOCATIONS]:
            if any(loc.get("name") == name for loc in self.locations[code]) or (
                Location.objects.filter(name=name).exists()
            ):
                continue
            location = self.row(
                Location,
                day,
                created=True,
                audit=command,
                name=name,
                kind=kind,
                city=city,
                operator_id=self.organisations[operator]["id"],
                municipality_id=self.municipalities[code]["id"],
                start=self.start,
                end=None,
            )
            self.locations[code].append(location)
        for code, locations in self.locations.items():
            # Places for the mean occupancy this population gives, with a fifth to spare.
            occupancy = self.count * shares[code] / total_share * MEAN_STAY_DAYS / span
            places = math.ceil(1.2 * occupancy / max(1, len(locations))) + 5
            for location in locations:
                if location.get("created"):  # created here: give it capacity for the population
                    self.row(
                        LocationCapacity,
                        day,
                        audit=command,
                        location_id=location["id"],
                        start=location["start"],
                        end=None,
                        state_funded_places=places,
                        municipality_funded_places=0,
                    )

    def _people(self, day, command) -> None:
        """Caseworkers for every partner NGO and a coordinator for every LVV municipality."""
        existing = {u.username: u for u in User.objects.filter(username__startswith="dataset.")}
        self.actors: dict[str, list[dict]] = {}

        def person(username, organisation, role):
            user = existing.get(username)
            if user is None:
                values = self.row(
                    User,
                    day,
                    audit=command,
                    username=username,
                    password="!dataset",
                    first_name=username.split(".")[-1],
                    last_name="Dataset",
                    email=f"{username}@dataset.lvv.example",
                    is_active=True,
                    is_staff=False,
                    is_superuser=False,
                    date_joined=self.moment(day),
                    uuid=self.uuid(),
                )
                user_id, user_uuid = values["id"], values["uuid"]
                self.row(
                    Membership,
                    day,
                    audit=command,
                    user_id=user_id,
                    organisation_id=organisation["id"],
                    role=role,
                    is_active=True,
                )
            else:
                user_id, user_uuid = user.id, user.uuid
            return {
                "id": user_id,
                "uuid": user_uuid,
                "username": username,
                "organisation_uuid": organisation["uuid"],
                "organisation_name": organisation["name"],
                "role": str(role),
            }

        for code, _share, partners in CITIES:
            for short_name in partners:
                organisation = self.organisations[short_name]
                self.actors[short_name] = [
                    person(f"dataset.{short_name.lower()}.{n}", organisation, Role.CASEWORKER)
                    for n in range(1, CASEWORKERS_PER_PARTNER + 1)
                ]
            municipality_id = self.municipalities[code]["id"]
            municipal = next(
                (
                    o
                    for o in self.organisations.values()
                    if o["kind"] == OrganisationKind.MUNICIPALITY
                    and o["municipality_id"] == municipality_id
                ),
                None,
            )
            if municipal is not None:
                self.actors[code] = [
                    person(
                        f"dataset.coordinator.{code.lower()}", municipal, Role.MUNICIPAL_COORDINATOR
                    )
                ]
            else:
                self.actors[code] = self.actors[partners[0]]

    # -- meetings -------------------------------------------------------------------------

    def meetings(self) -> None:
        """A case meeting (LSO) in every LVV on the 15th of every month."""
        chain = [self.organisations[name] for name in ("DT&V", "IND", "AVIM", "IOM")]
        self.meeting_ids: dict[tuple[str, date], int] = {}
        for code, _share, partners in CITIES:
            coordinator = self.actors[code][0]
            attendees = [*chain, *(self.organisations[p] for p in partners)]
            municipal = [
                o
                for o in self.organisations.values()
                if o["kind"] == OrganisationKind.MUNICIPALITY
                and o["municipality_id"] == self.municipalities[code]["id"]
            ]
            held = date(self.start.year, self.start.month, 15)
            while held < END:
                meeting = self.row(
                    cm.CaseMeeting,
                    held,
                    audit=coordinator,
                    municipality_id=self.municipalities[code]["id"],
                    held_on=held,
                )
                for organisation in [*attendees, *municipal[:1]]:
                    self.table(cm.CaseMeeting.attendees.through).add(
                        casemeeting_id=meeting["id"], organisation_id=organisation["id"]
                    )
                self.meeting_ids[(code, held)] = meeting["id"]
                held = _next_month(held)

    def meeting_on_or_after(self, code: str, day: date) -> tuple[date, int] | None:
        held = day.replace(day=15) if day.day <= 15 else _next_month(day.replace(day=15))
        meeting = self.meeting_ids.get((code, held))
        return (held, meeting) if meeting is not None else None

    # -- clients --------------------------------------------------------------------------

    def clients(self) -> None:
        rng = self.rng
        span = (END - self.start).days - 14
        days = sorted(
            self.start + timedelta(days=int(span * rng.random())) for _ in range(self.count)
        )
        weights = [share for _code, share, _partners in CITIES]
        self.reasons = {r.code: r.id for r in cm.OutflowReason.objects.filter(is_active=True)}
        self.criteria = list(
            cm.AdmissionCriterion.objects.filter(municipality__isnull=True, is_active=True)
            .order_by("order", "code")
            .values_list("id", flat=True)
        )
        for registered in days:
            code, _share, partners = rng.choices(CITIES, weights=weights)[0]
            self.client(registered, code, rng.choice(partners))
            self.progress(1)
            if self.buffered() >= self.FLUSH_AT:
                self.flush(before=datetime.combine(registered, time(), tzinfo=UTC))
        self.flush()

    def identity(self) -> dict:
        rng = self.rng
        nationality = rng.choice(sorted(NAMES))
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

    def open_locations(self, code: str, day: date) -> list[dict]:
        return [loc for loc in self.locations[code] if loc["start"] <= day]

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
                AuditAction.UPDATE,
                label,
                object_uuid,
                subject,
                fields,
            )

        self.event(
            self.moment(registered),
            worker,
            AuditAction.CREATE,
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
                AuditAction.READ,
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

    def admitted(self, client_id, subject, code, partner, worker, decided, move_to, audit_update):
        """Stay, steps, moves, transfer, trajectory and outflow of an admitted client.

        Returns the day the client left (END when still in). Sets `final_city`.
        """
        rng = self.rng
        org = self.organisations
        move_to(S.DOSSIER_REQUESTED, decided)
        early = rng.random() < 0.08
        stay = rng.randint(5, 60) if early else 40 + int(rng.expovariate(1 / MEAN_STAY_DAYS))
        left = decided + timedelta(days=stay)
        limit = min(left, END)
        steps: list[tuple[str, date, int | None]] = []
        rest = decided + timedelta(days=rng.randint(7, 30))
        steps.append((S.REST_PERIOD, rest, None))
        agreed = self.meeting_on_or_after(code, rest + timedelta(days=10))
        if agreed is not None:
            steps.append((S.SCENARIO_AGREED, agreed[0], agreed[1]))
            steps.append((S.IN_TRAJECTORY, agreed[0] + timedelta(days=rng.randint(3, 21)), None))
        trajectory_day = None
        discussed: set[int] = set()
        for to_status, day, meeting in steps:
            if day >= limit:
                break
            move_to(to_status, day)
            if to_status == S.SCENARIO_AGREED:
                kind = rng.choices(list(SCENARIO_WEIGHTS), list(SCENARIO_WEIGHTS.values()))[0]
                self.row(
                    cm.GuidanceScenario,
                    day,
                    audit=worker,
                    subject=subject,
                    client_id=client_id,
                    kind=kind,
                    agreed_on=day,
                    meeting_id=meeting,
                    fields=["kind", "agreed_on", "meeting"],
                )
                self.discussion(day, meeting, client_id, subject, worker, discussed)
            if to_status == S.IN_TRAJECTORY:
                trajectory_day = day

        # Placements: a first stay, perhaps a move within the city or a transfer to another.
        segments: list[list] = []  # [code, location, start, end, end reason]
        first = self.open_locations(code, decided)
        if first:
            segments.append([code, rng.choice(first), decided, None, ""])
        final_code, final_partner = code, partner
        if segments and trajectory_day is not None and rng.random() < 0.04:
            day = trajectory_day + timedelta(days=rng.randint(1, 60))
            to_code, _share, partners = rng.choice([c for c in CITIES if c[0] != code])
            targets = self.open_locations(to_code, day)
            if day < limit and targets:
                to_partner = rng.choice(partners)
                self.row(
                    cm.Transfer,
                    day,
                    audit=worker,
                    subject=subject,
                    client_id=client_id,
                    from_municipality_id=self.municipalities[code]["id"],
                    to_municipality_id=self.municipalities[to_code]["id"],
                    from_partner_id=org[partner]["id"],
                    to_partner_id=org[to_partner]["id"],
                    transferred_on=day,
                    reason="Dichter bij familie.",
                )
                segments[-1][3:] = [day, cm.PlacementEndReason.TRANSFERRED]
                segments.append([to_code, rng.choice(targets), day, None, ""])
                final_code, final_partner = to_code, to_partner
        elif segments and rng.random() < 0.2:
            room = (limit - decided).days
            day = decided + timedelta(days=rng.randint(1, max(1, room - 1)))
            others = [loc for loc in self.open_locations(code, day) if loc is not segments[0][1]]
            if day < limit and others:
                segments[-1][3:] = [day, cm.PlacementEndReason.MOVED]
                segments.append([code, rng.choice(others), day, None, ""])
        self.final_city = (final_code, final_partner)
        outflow = left < END
        if outflow and segments:
            segments[-1][3:] = [left, cm.PlacementEndReason.OUTFLOW]
        for _code, location, start, end, reason in segments:
            placement = self.row(
                cm.Placement,
                start,
                audit=worker,
                subject=subject,
                client_id=client_id,
                location_id=location["id"],
                start=start,
                end=end,
                end_reason=reason,
                fields=["location", "start"],
            )
            if end is not None:
                audit_update(end, cm.Placement, placement["uuid"], ["end", "end_reason"])

        actions: list[dict] = []
        if trajectory_day is not None:
            trajectory = self.row(
                cm.Trajectory,
                trajectory_day,
                audit=worker,
                subject=subject,
                client_id=client_id,
                start=trajectory_day,
                end=left if outflow else None,
                fields=["client", "start"],
            )
            if outflow:
                audit_update(left, cm.Trajectory, trajectory["uuid"], ["end"])
            actions = self.trajectory_details(
                client_id, subject, worker, partner, trajectory_day, limit, discussed
            )
        if outflow:
            for action in actions:
                if action["status"] == cm.ActionStatus.OPEN:
                    audit_update(left, cm.Action, action["uuid"], ["status"])
            group = REASON_WEIGHTS if not early else {"left_unknown": 4, "detention": 1}
            reason = rng.choices(list(group), list(group.values()))[0]
            move_to(S.OUTFLOW, left)
            self.row(
                cm.Outflow,
                left,
                audit=worker,
                subject=subject,
                client_id=client_id,
                municipality_id=self.municipalities[final_code]["id"],
                left_on=left,
                reason_id=self.reasons[reason],
                fields=["left_on", "reason", "municipality"],
            )
            return left
        return END

    def discussion(self, day, meeting, client_id, subject, worker, discussed) -> None:
        if meeting is None or meeting in discussed:
            return
        discussed.add(meeting)
        discussion = self.row(
            cm.CaseDiscussion,
            day,
            audit=worker,
            subject=subject,
            meeting_id=meeting,
            client_id=client_id,
            summary="Voortgang besproken.",
        )
        if self.rng.random() < 0.5:
            self.row(
                cm.MeetingDecision,
                day,
                audit=worker,
                subject=subject,
                discussion_id=discussion["id"],
                text="Vervolgafspraak met DT&V plannen.",
            )

    def trajectory_details(self, client_id, subject, worker, partner, started, limit, discussed):
        """Actions, procedures, escalations and later case discussions while in trajectory."""
        rng = self.rng
        owners = [self.organisations["DT&V"]["id"], self.organisations[partner]["id"]]
        actions = []
        for _n in range(rng.randint(0, 3)):
            due = started + timedelta(days=rng.randint(7, 120))
            done = max(started, due - timedelta(days=rng.randint(0, 6)))
            completed = done < limit and rng.random() < 0.7
            status = cm.ActionStatus.DONE if completed else cm.ActionStatus.OPEN
            if not completed and limit < END:
                status = cm.ActionStatus.CANCELLED  # the outflow cancels what is still open
            action = self.row(
                cm.Action,
                started,
                audit=worker,
                subject=subject,
                client_id=client_id,
                description="Reisdocumenten aanvragen",
                owner_id=rng.choice(owners),
                due_on=due,
                status=status,
                completed_on=done if completed else None,
                fields=["description", "owner", "due_on"],
            )
            action["status"] = cm.ActionStatus.OPEN if not completed else status
            actions.append(action)
        if rng.random() < 0.3:
            day = started + timedelta(days=rng.randint(1, 30))
            if day < limit:
                kind = rng.choice(
                    [
                        cm.ProcedureKind.REPEAT_ASYLUM,
                        cm.ProcedureKind.MEDICAL_POSTPONEMENT,
                        cm.ProcedureKind.TRAVEL_DOCUMENTS,
                    ]
                )
                self.row(
                    cm.Procedure,
                    day,
                    audit=worker,
                    subject=subject,
                    client_id=client_id,
                    kind=kind,
                    started_on=day,
                    fields=["kind", "started_on"],
                )
        if rng.random() < 0.05 and started + timedelta(days=60) < limit:
            day = started + timedelta(days=60)
            self.row(
                cm.Escalation,
                day,
                audit=worker,
                subject=subject,
                client_id=client_id,
                level=cm.EscalationLevel.STEERING_GROUP,
                raised_on=day,
                reason="Geen voortgang na drie LSO's.",
            )
        code = self.final_city[0] if hasattr(self, "final_city") else None
        for quarter in range(1, 4):
            day = started + timedelta(days=91 * quarter)
            if day >= limit or code is None:
                break
            found = self.meeting_on_or_after(code, day)
            if found is not None and found[0] < limit:
                self.discussion(found[0], found[1], client_id, subject, worker, discussed)
        return actions


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, day.day)


def _bsn(rng: random.Random) -> str:
    """Nine digits passing the 11-proef (weights 9..2 and -1)."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10 and digits[0] != 0:
            return "".join(map(str, digits)) + str(last)


def generate_dataset(*, clients: int, years: int, seed: int, progress=None) -> DatasetResult:
    """Write the dataset in one transaction; see the module docstring for what it holds.

    The caller checks the register is empty. Ids are assigned here (and the PostgreSQL
    sequences moved past them afterwards), so rows refer to each other without round trips.
    """
    from django.apps import apps

    from lvv.cases.reference_data import load_reference_data

    with transaction.atomic():
        load_reference_data(apps)
        generator = _Generator(clients=clients, years=years, seed=seed, progress=progress)
        generator.network()
        generator.meetings()
        generator.clients()
        generator.reset_sequences()
    # Fresh statistics, or the planners guess: SQLite without them picks the index on
    # `merged_into` (nearly all NULL) for the client list and scans every client.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return generator.result()
