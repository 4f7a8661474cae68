"""The generator's plumbing: deterministic uuids and moments, rows with their `create` events."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.management.color import no_style
from django.db import connection, models

from lvv.audit.models import AuditEvent

from .constants import END, OFFICE_HOURS_US, OFFICE_OPENS
from .events import CREATE, AuditLog, uuid4_text
from .tables import Table

_UNAUDITED = frozenset({"id", "uuid", "created", "created_at", "updated_at"})


@dataclass
class DatasetResult:
    rows: dict[str, int] = field(default_factory=dict)
    clients: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


class GeneratorBase:
    """One `random.Random(seed)` for every choice, uuid and moment, so a seed gives one history.

    Rows are buffered per model (`row`, `table`) and events in the audit log (`event`);
    `flush(before=day)` writes the buffered rows and chains the events of the days before.
    """

    FLUSH_AT = 20_000

    def __init__(self, *, clients: int, years: int, seed: int, progress=None):
        self.count = clients
        self.rng = random.Random(seed)
        self.start = date(END.year - years, 1, 1)
        self.progress = progress or (lambda n: None)
        self.tables: dict[type[models.Model], Table] = {}
        self.audit_log = AuditLog(self.rng)

    def uuid(self) -> str:
        """A random (version 4) uuid as text, as `str(uuid.UUID(...))` writes it."""
        return uuid4_text(self.rng.getrandbits(128))

    def moment(self, day: date) -> datetime:
        """A time during office hours on `day` (UTC), deterministic."""
        return datetime.combine(day, OFFICE_OPENS) + timedelta(
            microseconds=self.rng.randrange(OFFICE_HOURS_US)
        )

    def table(self, model) -> Table:
        table = self.tables.get(model)
        if table is None:
            table = self.tables[model] = Table(model)
        return table

    def actor(self, *, user_id, user_uuid, username, organisation, role, origin="web") -> dict:
        """Someone who writes and reads, with the identity the trail records for them."""
        return {
            "id": user_id,
            "uuid": user_uuid,
            "username": username,
            "audit": self.audit_log.identity(
                user_uuid=user_uuid,
                username=username,
                organisation_uuid=organisation["uuid"] if organisation else None,
                organisation_name=organisation["name"] if organisation else "",
                role=str(role),
                origin=origin,
            ),
        }

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
                CREATE,
                table.label,
                values.get("uuid", values["id"]),
                subject,
                fields or [k for k in values if k not in _UNAUDITED],
            )
        return values

    def event(self, at, actor, action: str, object_type, object_id, subject, fields=()) -> None:
        """Queue an event by `actor` (see `actor`) about client `subject` (a uuid's text)."""
        self.audit_log.add(at, actor["audit"], action, object_type, object_id, subject, fields)

    def flush(self, *, before: date | None = None) -> None:
        for table in self.tables.values():
            table.flush()
        self.audit_log.flush(before=before)

    def buffered(self) -> int:
        return sum(len(t.buffer) for t in self.tables.values())

    def result(self) -> DatasetResult:
        rows: dict[str, int] = {t.model._meta.label: t.written for t in self.tables.values()}
        rows[AuditEvent._meta.label] = self.audit_log.written
        return DatasetResult(rows=rows, clients=self.count)

    def reset_sequences(self) -> None:
        models_written = [*self.tables, AuditEvent]
        statements = connection.ops.sequence_reset_sql(no_style(), models_written)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
