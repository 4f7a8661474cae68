"""The dashboard's charts as blocks: the SVG, its description (also the SVG's <desc> and the
page's figcaption), the definition of its figures, and the same data as a table."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lvv.cases.models import OutflowGroup

from ..selectors.series import Value
from .drawing import (
    QuantileSeries,
    Series,
    _number,
    bar_chart,
    line_chart,
    quantile_chart,
    style,
)

_ZERO = Value(0, "0")


# --- the dashboard's charts, each with its description and its data as a table ----------------


@dataclass(frozen=True)
class ChartTable:
    caption: str
    row_header: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]  # (row label, one display text per column)


@dataclass(frozen=True)
class ChartBlock:
    slug: str
    title: str
    description: str  # the chart in words: also its SVG <desc> and the page's figcaption
    definition: str  # how the figures are defined
    svg: str
    table: ChartTable

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode("ascii")


def _series(label: str, values) -> Series:
    """A chart series from published values (hidden ones drawn as their mark)."""
    return Series(
        label,
        [None if v.hidden else v.value for v in values],
        [v.display if v.hidden else None for v in values],
    )


def _patterns(labels: Sequence[str], kind: str) -> str:
    """How the series are told apart, in words, for the description."""
    names = {
        "hatch": {
            "": _("plain"),
            "///": _("hatched with slashes"),
            "...": _("dotted"),
            "xxx": _("cross-hatched"),
            "\\\\\\": _("hatched with backslashes"),
            "+++": _("hatched with plus signs"),
            "---": _("hatched horizontally"),
            "ooo": _("hatched with circles"),
        },
        "marker": {
            "o": _("circle"),
            "s": _("square"),
            "^": _("triangle up"),
            "D": _("diamond"),
            "v": _("triangle down"),
            "P": _("plus"),
            "X": _("cross"),
            "*": _("star"),
        },
    }[kind]
    return "; ".join(f"{label}: {names[style(index)[kind]]}" for index, label in enumerate(labels))


def flows_block(series) -> ChartBlock:
    from ..indicators import get

    labels = [point.label for point in series.points]
    inflow = _series(_("Inflow"), [p.inflow for p in series.points])
    outflow = _series(_("Outflow"), [p.outflow for p in series.points])
    title = _("Inflow and outflow per quarter: %(unit)s") % {"unit": series.unit.name}
    description = _(
        "Bars per quarter from %(first)s to %(last)s, the number written on each bar "
        "(%(patterns)s). The table beside the chart has the same figures and those present "
        "at the end of each quarter."
    ) % {
        "first": labels[0],
        "last": labels[-1],
        "patterns": _patterns([inflow.label, outflow.label], "hatch"),
    }
    svg = bar_chart(
        title=title,
        description=description,
        categories=labels,
        series=[inflow, outflow],
        y_label=_("stays"),
    )
    table = ChartTable(
        caption=title,
        row_header=_("Quarter"),
        columns=[_("Inflow"), _("Outflow"), _("Present at the end")],
        rows=[
            (p.label, [p.inflow.display, p.outflow.display, p.present_at_end.display])
            for p in series.points
        ],
    )
    definition = " ".join(
        f"{get(code).title}: {get(code).definition}"
        for code in ("inflow", "outflow", "present_at_end")
    )
    return ChartBlock("instroom-uitstroom", title, description, definition, svg, table)


def outflow_groups_block(series) -> ChartBlock:
    from ..indicators import get
    from ..selectors.monitor import TRANSFER, UNKNOWN

    group_labels = {
        **{value: str(label) for value, label in OutflowGroup.choices},
        TRANSFER: _("Transfer or move within the LVV"),
        UNKNOWN: _("Reason unknown"),
    }
    labels = [point.label for point in series.points]
    groups = series.groups
    chart_series = [
        _series(group_labels[group], [p.outflow_groups.get(group, _ZERO) for p in series.points])
        for group in groups
    ]
    title = _("Outflow per group per quarter: %(unit)s") % {"unit": series.unit.name}
    description = _(
        "Stacked bars per quarter from %(first)s to %(last)s, one part per outflow group with "
        "its number written in it (%(patterns)s)."
    ) % {
        "first": labels[0],
        "last": labels[-1],
        "patterns": _patterns([s.label for s in chart_series], "hatch"),
    }
    svg = bar_chart(
        title=title,
        description=description,
        categories=labels,
        series=chart_series,
        y_label=_("persons"),
        stacked=True,
    )
    table = ChartTable(
        caption=title,
        row_header=_("Quarter"),
        columns=[*(group_labels[g] for g in groups), _("Total outflow")],
        rows=[
            (
                p.label,
                [*(p.outflow_groups.get(g, _ZERO).display for g in groups), p.outflow.display],
            )
            for p in series.points
        ],
    )
    indicator = get("outflow_by_reason")
    return ChartBlock(
        "uitstroomgroepen",
        title,
        description,
        f"{indicator.title}: {indicator.definition}",
        svg,
        table,
    )


def stay_block(series) -> ChartBlock:
    from ..indicators import get

    labels = [point.label for point in series.points]

    def quantiles(label: str, attribute: str) -> QuantileSeries:
        rows = [getattr(p, attribute) for p in series.points]

        def column(name):
            return [None if r[name].hidden else r[name].value for r in rows]

        return QuantileSeries(
            label,
            column("first_quartile"),
            column("median"),
            column("third_quartile"),
            [r["median"].display if r["median"].hidden else None for r in rows],
        )

    leavers = quantiles(_("Leavers"), "stay_of_leavers")
    present = quantiles(_("Present at the end"), "stay_of_present")
    title = _("Length of stay per quarter: %(unit)s") % {"unit": series.unit.name}
    description = _(
        "Per quarter from %(first)s to %(last)s, the median length of stay in days as a "
        "marker with its number, and a vertical bar from the first to the third quartile "
        "(%(patterns)s)."
    ) % {
        "first": labels[0],
        "last": labels[-1],
        "patterns": _patterns([leavers.label, present.label], "marker"),
    }
    svg = quantile_chart(
        title=title,
        description=description,
        categories=labels,
        series=[leavers, present],
        y_label=_("days"),
    )
    columns = []
    for name in (_("Leavers"), _("Present at the end")):
        columns += [
            _("%(who)s: number") % {"who": name},
            _("%(who)s: first quartile") % {"who": name},
            _("%(who)s: median") % {"who": name},
            _("%(who)s: third quartile") % {"who": name},
        ]
    order = ("count", "first_quartile", "median", "third_quartile")
    table = ChartTable(
        caption=title,
        row_header=_("Quarter"),
        columns=columns,
        rows=[
            (
                p.label,
                [p.stay_of_leavers[c].display for c in order]
                + [p.stay_of_present[c].display for c in order],
            )
            for p in series.points
        ],
    )
    definition = " ".join(
        f"{get(code).title}: {get(code).definition}"
        for code in ("stay_of_leavers", "stay_of_present")
    )
    return ChartBlock("verblijfsduur", title, description, definition, svg, table)


def occupancy_block(occupancy, *, by: str) -> ChartBlock:
    """Utilisation per month, one line per location (`by="location"`) or municipality."""
    from ..indicators import get

    lines = occupancy.locations if by == "location" else occupancy.municipalities
    months = occupancy.month_labels
    chart_series = [Series(line.name, line.utilisation) for line in lines]
    if by == "location":
        title = _("Utilisation per location per month: %(unit)s")
        slug = "bezetting-locaties"
    else:
        title = _("Utilisation per municipality per month: %(unit)s")
        slug = "bezetting-gemeenten"
    title = title % {"unit": occupancy.unit.name}
    description = _(
        "Lines per month from %(first)s to %(last)s: place-nights used as a percentage of the "
        "place-nights available; each line is named at its end and has its own marker "
        "(%(patterns)s)."
    ) % {
        "first": months[0],
        "last": months[-1],
        "patterns": _patterns([s.label for s in chart_series], "marker") or _("no locations"),
    }
    svg = line_chart(
        title=title,
        description=description,
        categories=months,
        series=chart_series,
        y_label=_("utilisation (%)"),
    )

    def cell(line, index):
        percent = line.utilisation[index]
        used, available = line.used[index], line.available[index]
        shown = "–" if percent is None else f"{_number(percent)}%"
        return f"{shown} ({_number(used)} / {_number(available)})"

    table = ChartTable(
        caption=title,
        row_header=_("Month"),
        columns=[line.name for line in lines],
        rows=[(month, [cell(line, i) for line in lines]) for i, month in enumerate(months)],
    )
    indicator = get("occupancy")
    definition = _(
        "%(title)s: %(definition)s Each cell: utilisation (place-nights used / available)."
    ) % {"title": indicator.title, "definition": indicator.definition}
    return ChartBlock(slug, title, description, definition, svg, table)


def cost_block(rows) -> ChartBlock:
    """Cost per place-night used, per municipality over the years (programme dashboard)."""
    years = sorted({row.year for row in rows})
    by_municipality: dict[str, dict[int, object]] = {}
    for row in rows:
        by_municipality.setdefault(row.municipality_name, {})[row.year] = row
    chart_series = [
        Series(
            name,
            [getattr(per_year.get(year), "cost_per_place_night", None) for year in years],
        )
        for name, per_year in sorted(by_municipality.items())
    ]
    title = _("State contribution per place-night used, per municipality and year")
    description = _(
        "Lines per year from %(first)s to %(last)s, in euros per place-night used; each line "
        "is named at its end and has its own marker (%(patterns)s)."
    ) % {
        "first": years[0] if years else "–",
        "last": years[-1] if years else "–",
        "patterns": _patterns([s.label for s in chart_series], "marker") or "–",
    }
    svg = line_chart(
        title=title,
        description=description,
        categories=[str(year) for year in years],
        series=chart_series,
        y_label=_("euros per place-night"),
    )
    table = ChartTable(
        caption=title,
        row_header=_("Year"),
        columns=[s.label for s in chart_series],
        rows=[
            (
                str(year),
                [
                    _euro(getattr(per_year.get(year), "cost_per_place_night", None))
                    for _name, per_year in sorted(by_municipality.items())
                ],
            )
            for year in years
        ],
    )
    return ChartBlock("kosten", title, description, "", svg, table)


def _euro(amount) -> str:
    if amount is None:
        return "–"
    whole, cents = f"{amount:.2f}".split(".")
    return f"€ {int(whole):,}".replace(",", ".") + f",{cents}"
