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
        return (lambda value: value.hex) if sqlite else None
    if kind is models.DateTimeField:
        return sqlite_datetime if sqlite else None
    if kind is models.DateField:
        return (lambda value: value.isoformat()) if sqlite else None
    if kind in (models.CharField, models.TextField, models.BooleanField) or isinstance(
        field, models.IntegerField | models.ForeignKey
    ):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def sqlite_datetime(value: datetime) -> str:
    """A datetime as Django's SQLite backend stores it: `str()` of the naive UTC time."""
    if value.tzinfo is UTC:
        return value.isoformat(" ")[:-6]  # drop the "+00:00"
    if value.tzinfo is None:
        return str(value)
    return str(value.astimezone(UTC).replace(tzinfo=None))


def insert_rows(model: type[models.Model], objects: Sequence[models.Model]) -> int:
    """Insert `objects` (unsaved instances of `model`) in the caller's transaction.

    Guarantees: every concrete field but an automatic primary key is written as
    `bulk_create` would write it, after the `auto_now` / `auto_now_add` stamps for a new row;
    foreign keys must point to saved rows. Returns the number of rows.
    """
    if not objects:
        return 0
    connection = connections[router.db_for_write(model)]
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, models.AutoField))
    ]
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for obj in objects:
        for field in stamped:
            field.pre_save(obj, True)
    values = attrgetter(*(field.attname for field in fields))
    converters = [(i, c) for i, f in enumerate(fields) if (c := db_converter(f, connection))]
    rows = []
    for obj in objects:
        row = list(values(obj))
        for index, convert in converters:
            if row[index] is not None:
                row[index] = convert(row[index])
        rows.append(row)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608
                rows,
            )
    return len(rows)
