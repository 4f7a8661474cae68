"""Bulk writing: the rows of one model, buffered and inserted under ids the generator assigns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection, models

from lvv.core.bulk import RowWriter, db_converter, uuid_hex


def uuid_for_database() -> Callable[[Any], Any]:
    """What turns a uuid (a `UUID` or its text with dashes) into what the driver stores."""
    return uuid_hex if connection.vendor == "sqlite" else (lambda value: value)


class Table:
    """Rows of one model, buffered and inserted under ids we assign.

    Values are converted as `lvv.core.bulk` converts them and written by its `RowWriter`:
    SQLite gets one `executemany` per flush; PostgreSQL a `COPY`, which stores the same
    values (same types, same constraints and insert triggers) at a fraction of the server's
    cost of one INSERT per row.
    """

    def __init__(self, model: type[models.Model]):
        self.model = model
        fields = model._meta.concrete_fields
        self.attnames = [f.attname for f in fields]
        self.converters = [db_converter(f, connection) for f in fields]
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
        self.writer = RowWriter(model, fields, connection)
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
            self.writer.write(self.buffer)
            self.written += count
            self.buffer = []
        return count
