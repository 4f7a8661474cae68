"""A Monitor as published tables: the same rows, columns and suppression on the page, in the
API and in every export.

`publish(monitor, suppressed=...)` lays out each indicator as a table, writes down the lines
that add up (totals, and the links between tables: the outflow by reason adds up to the
outflow, the scenarios to those present at the end), runs disclosure control over all of them
at once when `suppressed`, and returns plain data. Whether an actor gets suppressed figures is
`selectors.access.sees_unsuppressed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import localize
from django.utils.translation import gettext as _

from lvv.cases.models import EscalationLevel, OutflowGroup, ScenarioKind

from . import disclosure, indicators
from .selectors.monitor import (
    NO_SCENARIO,
    TRANSFER,
    UNKNOWN,
    Monitor,
    Quantiles,
    period_label,
)

COUNT = "count"
QUANTILE_COLUMNS = ("count", "first_quartile", "median", "third_quartile")


@dataclass
class Cell:
    value: int | Decimal | str | None  # None when hidden (or not applicable)
    display: str
    hidden: bool = False


@dataclass
class Row:
    code: str
    label: str
    cells: list[Cell]
    is_total: bool = False
    definition: str = ""  # set where a row is an indicator of its own (the flows table)


@dataclass
class Table:
    code: str  # the indicator code
    title: str
    definition: str
    version: int
    unit_label: str
    columns: list[tuple[str, str]]  # (code, label)
    rows: list[Row] = field(default_factory=list)


@dataclass
class Published:
    monitor: Monitor
    period_label: str
    suppressed: bool
    threshold: int
    rule: str
    checks: dict[str, bool]
    tables: list[Table]

    def table(self, code: str) -> Table:
        return next(table for table in self.tables if table.code == code)


def _group_labels() -> dict[str, str]:
    return {
        **{value: str(label) for value, label in OutflowGroup.choices},
        TRANSFER: _("Transfer or move within the LVV"),
        UNKNOWN: _("Reason unknown"),
    }


def _quantile_columns() -> list[tuple[str, str]]:
    return [
        ("count", _("Number")),
        ("first_quartile", _("First quartile (days)")),
        ("median", _("Median (days)")),
        ("third_quartile", _("Third quartile (days)")),
    ]


class _Builder:
    """Collects count cells and their lines, then renders the tables after suppression."""

    def __init__(self, monitor: Monitor):
        self.monitor = monitor
        self.counts: dict[tuple, int] = {}
        self.lines: list[dict[tuple, int]] = []
        self.layout: list[tuple[indicators.Indicator, list, list]] = []

    def count(self, table: str, row: str, value: int, column: str = COUNT) -> tuple:
        key = (table, row, column)
        self.counts[key] = int(value)
        return key

    def total_line(self, total: tuple, parts: list[tuple]) -> None:
        line = {total: 1}
        for part in parts:
            line[part] = line.get(part, 0) - 1
        self.lines.append(line)


def publish(monitor: Monitor, *, suppressed: bool) -> Published:
    """The monitor's tables, suppressed for publication unless `suppressed` is False."""
    limit = disclosure.threshold()
    b = _Builder(monitor)
    definitions = indicators.current()
    m = monitor

    # Flows and stocks.
    flow_rows = [
        ("present_at_start", m.present_at_start),
        ("inflow", m.inflow),
        ("outflow", m.outflow),
        ("present_at_end", m.present_at_end),
        ("cumulative_inflow", m.cumulative_inflow),
        ("cumulative_outflow", m.cumulative_outflow),
    ]
    flow = {code: b.count("flows", code, value) for code, value in flow_rows}
    b.lines.append(
        {
            flow["present_at_start"]: 1,
            flow["inflow"]: 1,
            flow["outflow"]: -1,
            flow["present_at_end"]: -1,
        }
    )
    b.lines.append(
        {flow["cumulative_inflow"]: 1, flow["cumulative_outflow"]: -1, flow["present_at_end"]: -1}
    )

    # Outflow by reason, subtotals per group, total (= outflow).
    group_labels = _group_labels()
    reason_rows: list[tuple[str, str, tuple, bool]] = []
    group_keys = []
    for group in (g for g in (*OutflowGroup.values, TRANSFER, UNKNOWN) if g in m.outflow_by_group):
        lines = [line for line in m.outflow_by_reason if line.group == group]
        if group in (TRANSFER, UNKNOWN):
            key = b.count("outflow_by_reason", f"group:{group}", m.outflow_by_group[group])
            reason_rows.append((f"group:{group}", group_labels[group], key, True))
            group_keys.append(key)
            continue
        parts = []
        for line in lines:
            key = b.count("outflow_by_reason", line.code, line.count)
            reason_rows.append((line.code, line.label, key, False))
            parts.append(key)
        key = b.count("outflow_by_reason", f"group:{group}", m.outflow_by_group[group])
        reason_rows.append(
            (f"group:{group}", _("Total %(group)s") % {"group": group_labels[group]}, key, True)
        )
        b.total_line(key, parts)
        group_keys.append(key)
    outflow_total = b.count("outflow_by_reason", "total", m.outflow)
    reason_rows.append(("total", _("Total outflow"), outflow_total, True))
    b.total_line(outflow_total, group_keys)
    b.lines.append({outflow_total: 1, flow["outflow"]: -1})

    # Scenarios of those present at the end, total (= present at the end).
    kind_labels = {**dict(ScenarioKind.choices), NO_SCENARIO: _("No scenario yet")}
    scenario_rows = []
    scenario_parts = []
    for kind, count in m.scenarios_at_end.items():
        key = b.count("scenarios_at_end", kind, count)
        scenario_rows.append((kind, str(kind_labels.get(kind, kind)), key, False))
        scenario_parts.append(key)
    scenario_total = b.count("scenarios_at_end", "total", m.present_at_end)
    scenario_rows.append(("total", _("Total present at the end"), scenario_total, True))
    b.total_line(scenario_total, scenario_parts)
    b.lines.append({scenario_total: 1, flow["present_at_end"]: -1})

    # Quantile tables: their counts are linked to the flows.
    leavers = b.count("stay_of_leavers", "all", m.stay_of_leavers.count)
    present = b.count("stay_of_present", "all", m.stay_of_present.count)
    b.lines.append({leavers: 1, flow["outflow"]: -1})
    b.lines.append({present: 1, flow["present_at_end"]: -1})
    intake = b.count("intake_to_scenario", "all", m.intake_to_scenario.count)

    # LSO and escalations.
    lso_present = b.count("discussed_in_lso", "present_in_period", m.present_in_period)
    lso_discussed = b.count("discussed_in_lso", "discussed", m.discussed_in_lso)
    level_labels = dict(EscalationLevel.choices)
    escalation_rows = []
    escalation_parts = []
    for level, count in m.open_escalations.items():
        key = b.count("open_escalations", level, count)
        escalation_rows.append((level, str(level_labels.get(level, level)), key, False))
        escalation_parts.append(key)
    escalation_total = b.count("open_escalations", "total", sum(m.open_escalations.values()))
    escalation_rows.append(("total", _("Total"), escalation_total, True))
    b.total_line(escalation_total, escalation_parts)

    result = (
        disclosure.suppress(b.counts, b.lines, limit)
        if suppressed
        else disclosure.Suppression(hidden={}, threshold=limit)
    )

    def cell(key: tuple) -> Cell:
        value = b.counts[key]
        if result.is_hidden(key):
            return Cell(None, result.display(key, value), True)
        return Cell(value, localize(value))

    def count_table(code: str, rows) -> Table:
        table = _table(definitions[code], [(COUNT, _("Number"))])
        for row_code, label, key, is_total in rows:
            table.rows.append(Row(row_code, str(label), [cell(key)], is_total))
        return table

    def quantile_table(code: str, label: str, key: tuple, values: Quantiles) -> Table:
        table = _table(definitions[code], _quantile_columns())
        hide = result.is_hidden(key) or (suppressed and values.count < limit)
        cells = [cell(key)]
        for value in (values.first_quartile, values.median, values.third_quartile):
            if value is None:
                cells.append(Cell(None, "–"))
            elif hide:
                cells.append(Cell(None, disclosure.SECONDARY_MARK, True))
            else:
                cells.append(Cell(value, localize(value)))
        table.rows.append(Row("all", label, cells))
        return table

    labels = {code: str(definitions[code].title) for code in definitions}
    tables = [
        _flows_table(definitions, flow_rows, flow, cell, labels),
        count_table("outflow_by_reason", reason_rows),
        count_table("scenarios_at_end", scenario_rows),
        quantile_table("stay_of_leavers", _("Leavers"), leavers, m.stay_of_leavers),
        quantile_table("stay_of_present", _("Present at the end"), present, m.stay_of_present),
        quantile_table(
            "intake_to_scenario",
            _("First scenario agreed in the period"),
            intake,
            m.intake_to_scenario,
        ),
        _lso_table(definitions, m, cell, lso_present, lso_discussed, result),
        count_table("open_escalations", escalation_rows),
        _occupancy_table(definitions, m),
    ]
    return Published(
        monitor=m,
        period_label=period_label(m.period),
        suppressed=suppressed,
        threshold=limit,
        rule=disclosure.rule_text(limit),
        checks=dict(m.checks),
        tables=tables,
    )


def _table(indicator: indicators.Indicator, columns) -> Table:
    return Table(
        code=indicator.code,
        title=str(indicator.title),
        definition=str(indicator.definition),
        version=indicator.version,
        unit_label=str(indicator.unit),
        columns=list(columns),
    )


def _flows_table(definitions, flow_rows, flow, cell, labels) -> Table:
    """Stocks and flows in one table; each row keeps its own indicator's title."""
    table = Table(
        code="flows",
        title=_("Present, inflow and outflow"),
        definition=str(indicators.PERIOD_SEMANTICS),
        version=max(definitions[code].version for code, _value in flow_rows),
        unit_label=str(definitions["inflow"].unit),
        columns=[(COUNT, _("Number"))],
    )
    for code, _value in flow_rows:
        table.rows.append(
            Row(
                code,
                labels[code],
                [cell(flow[code])],
                code == "present_at_end",
                str(definitions[code].definition),
            )
        )
    return table


def _lso_table(definitions, m: Monitor, cell, present_key, discussed_key, result) -> Table:
    table = _table(definitions["discussed_in_lso"], [(COUNT, _("Number"))])
    table.rows.append(
        Row("present_in_period", _("Present on any day of the period"), [cell(present_key)])
    )
    table.rows.append(
        Row("discussed", _("Discussed in an LSO in the period"), [cell(discussed_key)])
    )
    share = m.discussed_share_percent
    if result.is_hidden(present_key) or result.is_hidden(discussed_key):
        share_cell = Cell(None, disclosure.SECONDARY_MARK, True)
    elif share is None:
        share_cell = Cell(None, "–")
    else:
        share_cell = Cell(share, f"{localize(share)}%")
    table.rows.append(Row("share_percent", _("Share discussed (%)"), [share_cell]))
    return table


def _occupancy_table(definitions, m: Monitor) -> Table:
    table = _table(
        definitions["occupancy"],
        [
            ("municipality", _("Municipality (CBS code)")),
            ("days", _("Days open")),
            ("place_nights_used", _("Place-nights used")),
            ("place_nights_available", _("Place-nights available")),
            ("average_occupied", _("Average occupancy")),
            ("utilisation_percent", _("Utilisation (%)")),
        ],
    )
    for use in m.locations:
        values = [
            use.municipality_code,
            use.days,
            use.place_nights_used,
            use.place_nights_available,
            use.average_occupied,
            use.utilisation_percent,
        ]
        table.rows.append(
            Row(
                use.location_uuid,
                use.name,
                [Cell(v, "–" if v is None else localize(v)) for v in values],
            )
        )
    return table
