"""Inserting many rows of one model at once, faster than `bulk_create`, for bulk writers.

`insert_rows` prepares each value with its own model field (as `bulk_create` does, so
defaults, `auto_now` stamps, JSON and UUID columns come out the same) but sends the rows
without building an SQL statement per batch: PostgreSQL receives them through COPY, SQLite
through one prepared INSERT run over all rows. It does not give primary keys back: use it
for rows nothing points to by id afterwards (audit events, status changes, placements are
named by their uuid).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any
from uuid import UUID

from django.db import connections, models, router


def db_converter(field: models.Field, connection) -> Callable[[Any], Any] | None:
    """How a non-null value of `field` goes to the driver; None when it goes as it is.

    The values Django's `get_db_prep_save` gives, without its per-value overhead (most of
    the cost of a bulk insert): SQLite takes uuids as hex, dates and naive UTC datetimes as
    text; JSON goes through the backend's own adapter; text, numbers, booleans and foreign
    keys go as they are. Any other kind of field (a subclass that changes its values, such as
    a country or an e-mail address, included) keeps `get_db_prep_save`.
    """
    sqlite = connection.vendor == "sqlite"
    kind = type(field)
    if isinstance(field, models.JSONField):
        return lambda value: connection.ops.adapt_json_value(value, field.encoder)
    if kind is models.UUIDField:
        return uuid_hex if sqlite else None
    if kind is models.DateTimeField:
        return sqlite_datetime if sqlite else None
    if kind is models.DateField:
        return (lambda value: value.isoformat()) if sqlite else None
    if kind in (models.CharField, models.TextField, models.BooleanField) or isinstance(
        field, models.IntegerField | models.ForeignKey
    ):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def uuid_hex(value: UUID | str) -> str:
    """A uuid (a `UUID` or its text with dashes) as SQLite stores it: 32 hex digits."""
    return value.hex if type(value) is UUID else value.replace("-", "")


def sqlite_datetime(value: datetime) -> str:
    """A datetime as Django's SQLite backend stores it: `str()` of the naive UTC time."""
    if value.tzinfo is UTC:
        return value.isoformat(" ")[:-6]  # drop the "+00:00"
    if value.tzinfo is None:
        return str(value)
    return str(value.astimezone(UTC).replace(tzinfo=None))


class RowWriter:
    """The statement that stores rows of one model's `fields`, values already converted:
    COPY on PostgreSQL, one prepared INSERT run over all rows (`executemany`) elsewhere.
    Identifiers come from the model's meta; values are parameters."""

    def __init__(self, model: type[models.Model], fields, connection):
        self.connection = connection
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(field.column) for field in fields)
        self.copy = connection.vendor == "postgresql"
        if self.copy:
            self.sql = f"COPY {table} ({columns}) FROM STDIN"
        else:
            marks = ", ".join(["%s"] * len(fields))
            self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608  # nosec B608

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        with self.connection.cursor() as cursor:
            if self.copy:
                with cursor.cursor.copy(self.sql) as copy:
                    write = copy.write_row
                    for row in rows:
                        write(row)
            else:
                cursor.executemany(self.sql, rows)


def insert_rows(model: type[models.Model], objects: Sequence[Any]) -> int:
    """Insert `objects` in the caller's transaction: unsaved instances of `model`, or plain
    records with its fields' attribute names (cheaper to build by the hundred thousand).

    Guarantees: every concrete field but an automatic primary key is written as
    `bulk_create` would write it, after the `auto_now` / `auto_now_add` stamps for a new row;
    foreign keys must point to saved rows. Returns the number of rows.
    """
    if not objects:
        return 0
    connection = connections[router.db_for_write(model)]
    fields = inserted_fields(model)
    rows = list(_prepared_rows(fields, objects, connection))
    RowWriter(model, fields, connection).write(rows)
    return len(rows)


def inserted_fields(model: type[models.Model]) -> list[models.Field]:
    """The concrete fields an insert names: all but an automatic primary key."""
    return [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, models.AutoField))
    ]


def prepared_row(model: type[models.Model], obj: Any, connection) -> list[Any]:
    """One object's values for an insert, in `inserted_fields(model)` order and prepared as
    `insert_rows` prepares them, for a writer that puts the row into a statement of its own."""
    (row,) = _prepared_rows(inserted_fields(model), [obj], connection)
    return row


def _prepared_rows(fields: list[models.Field], objects: Sequence[Any], connection):
    """The values of `fields` for each object, stamped and converted for `connection`."""
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for obj in objects:
        for field in stamped:
            field.pre_save(obj, True)
    values = attrgetter(*(field.attname for field in fields))
    converters = [(i, c) for i, f in enumerate(fields) if (c := db_converter(f, connection))]
    for obj in objects:
        row = list(values(obj))
        for index, convert in converters:
            if row[index] is not None:
                row[index] = convert(row[index])
        yield row
