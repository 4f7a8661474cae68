"""Reading a registration file (CSV or XLSX) into rows, with errors per row and column.

This module only parses and checks the form of each cell; the rules of the register (unique
V-numbers, partner organisations, capacity, ...) are applied by the services when
`services.imports.clients_import` registers the rows, so an import obeys exactly the same rules
as a person at the desk. The columns are documented in the README and in
docs/import/clients-sample.csv.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import ClientStatus
from .validators import normalise_v_number, validate_bsn, validate_v_number

COLUMNS = [
    "family_name",
    "given_names",
    "date_of_birth",
    "sex",
    "nationality",
    "v_number",
    "bsn",
    "languages",
    "phone",
    "email",
    "partner",
    "registered_on",
    "status",
    "location",
    "placed_from",
]
REQUIRED = {"family_name", "partner", "registered_on"}

# Statuses an imported registration may be in; later steps are reached one by one from intake.
IMPORTABLE_STATUSES = [
    ClientStatus.INTAKE,
    ClientStatus.DOSSIER_REQUESTED,
    ClientStatus.REST_PERIOD,
    ClientStatus.SCENARIO_AGREED,
    ClientStatus.IN_TRAJECTORY,
]

_SEX = {
    "female": "female", "f": "female", "v": "female", "vrouw": "female",
    "male": "male", "m": "male", "man": "male",
    "other": "other", "x": "other", "onbekend": "other", "unknown": "other",
}  # fmt: skip
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass
class RowError:
    row: int  # the line in the file, header = 1
    column: str
    message: str


@dataclass
class ParsedFile:
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class UnreadableFile(ValueError):
    """The file as a whole cannot be read (wrong type, no header, unknown columns)."""


def read_table(content: bytes, filename: str) -> list[dict[str, str]]:
    """The rows of a CSV (comma or semicolon, UTF-8) or XLSX file as dicts of text."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith(".csv"):
        return _read_csv(content)
    raise UnreadableFile(_("Upload a .csv or .xlsx file."))


def _read_csv(content: bytes) -> list[dict[str, str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(_("The CSV file is not UTF-8 encoded.")) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    _check_header(reader.fieldnames or [])
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in reader]


def _read_xlsx(content: bytes) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise UnreadableFile(_("The XLSX file cannot be read.")) from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(rows, [])]
    _check_header(header)
    table = []
    for values in rows:
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        table.append(
            {
                header[i]: _cell_text(value)
                for i, value in enumerate(values)
                if i < len(header) and header[i]
            }
        )
    workbook.close()
    return table


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_header(header: list[str]) -> None:
    names = [h.strip() for h in header if h and h.strip()]
    if not names:
        raise UnreadableFile(_("The file has no header row."))
    unknown = sorted(set(names) - set(COLUMNS))
    if unknown:
        raise UnreadableFile(
            _("Unknown columns: %(columns)s. Known columns: %(known)s.")
            % {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS)}
        )
    missing = sorted(REQUIRED - set(names))
    if missing:
        raise UnreadableFile(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})


def parse_date(text: str, *, partial: bool = False) -> tuple[date, str]:
    """`YYYY-MM-DD`; with `partial`, also `YYYY-MM` and `YYYY` (precision month or year)."""
    match = _DATE.match(text)
    if not match or (not partial and not match.group(3)):
        raise ValueError(
            _("Write the date as YYYY-MM-DD, e.g. 2021-12-17.")
            if not partial
            else _("Write the date as YYYY-MM-DD, YYYY-MM or YYYY.")
        )
    year, month, day = match.group(1), match.group(2), match.group(3)
    if day and not month:
        raise ValueError(_("Write the date as YYYY-MM-DD, YYYY-MM or YYYY."))
    precision = "day" if day else "month" if month else "year"
    try:
        return date(int(year), int(month or 1), int(day or 1)), precision
    except ValueError as error:
        raise ValueError(_("This date does not exist.")) from error


def parse_rows(table: list[dict[str, str]]) -> ParsedFile:
    """Check the form of every cell; collect every problem instead of stopping at the first."""
    parsed = ParsedFile()
    for index, raw in enumerate(table, start=2):
        row: dict[str, Any] = {}
        for column in REQUIRED:
            if not raw.get(column):
                parsed.errors.append(RowError(index, column, _("This column is required.")))
        for column in (
            "family_name",
            "given_names",
            "phone",
            "email",
            "partner",
            "location",
        ):
            row[column] = raw.get(column, "")
        if raw.get("date_of_birth"):
            try:
                row["date_of_birth"], row["date_of_birth_precision"] = parse_date(
                    raw["date_of_birth"], partial=True
                )
            except ValueError as error:
                parsed.errors.append(RowError(index, "date_of_birth", str(error)))
        sex = raw.get("sex", "").lower()
        if sex:
            if sex not in _SEX:
                parsed.errors.append(
                    RowError(index, "sex", _("Use female, male or other (or v, m, x)."))
                )
            else:
                row["sex"] = _SEX[sex]
        for column, normalise, validate in (
            ("v_number", normalise_v_number, validate_v_number),
            ("bsn", str.strip, validate_bsn),
        ):
            row[column] = normalise(raw.get(column, ""))
            try:
                validate(row[column])
            except ValidationError as error:
                parsed.errors.extend(RowError(index, column, m) for m in error.messages)
        row["nationality"] = raw.get("nationality", "").upper()
        row["languages"] = [
            code.strip().lower()
            for code in re.split(r"[;,\s]+", raw.get("languages", ""))
            if code.strip()
        ]
        for column in ("registered_on", "placed_from"):
            if raw.get(column):
                try:
                    row[column], _precision = parse_date(raw[column])
                except ValueError as error:
                    parsed.errors.append(RowError(index, column, str(error)))
        status = raw.get("status", "") or ClientStatus.INTAKE
        if status not in IMPORTABLE_STATUSES:
            parsed.errors.append(
                RowError(
                    index,
                    "status",
                    _("Use one of: %(statuses)s.")
                    % {"statuses": ", ".join(str(s) for s in IMPORTABLE_STATUSES)},
                )
            )
        row["status"] = status
        if row["location"] and not raw.get("placed_from"):
            parsed.errors.append(
                RowError(index, "placed_from", _("Give the date the placement started."))
            )
        parsed.rows.append((index, row))
    return parsed
