"""Timelines drawn on the server as SVG with matplotlib, readable without colour.

Each kind of item has its own pattern or marker shape (and a colour on top): periods are
bars with a distinct hatching, single days are markers of distinct shapes, and the legend shows
both. The page puts the same data in a table beside the chart and describes it in a caption.

The SVG goes into the page as a `data:` image: the Content-Security-Policy allows `data:`
images, needs no extra request, and styles inside an image do not touch the page.
"""

from __future__ import annotations

import base64
import io
from datetime import date, timedelta

import matplotlib

matplotlib.use("Agg")  # no display on a server; the SVG canvas is picked by savefig

import matplotlib.dates as mdates
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .selectors.timeline import Timeline, TimelineKind

BAR_STYLE = {
    TimelineKind.AGREEMENT: {"facecolor": "#c6dbef", "hatch": ""},
    TimelineKind.EXTENSION: {"facecolor": "#fdd0a2", "hatch": "///"},
    TimelineKind.CONTRACT: {"facecolor": "#e5e5e5", "hatch": "..."},
}
MARKER_STYLE = {
    TimelineKind.DECISION: {"marker": "D", "color": "#154273"},
    TimelineKind.TERMINATION: {"marker": "X", "color": "#000000"},
    TimelineKind.NOTICE_DEADLINE: {"marker": "v", "color": "#4a4a4a"},
    TimelineKind.WARNING: {"marker": "^", "color": "#b00020"},
}
# Warnings sit above the bar, so they never hide the notice deadline on the same day.
MARKER_OFFSET = {TimelineKind.WARNING: 0.36}
RC = {
    "svg.fonttype": "none",  # text stays text: searchable, and smaller
    "svg.hashsalt": "lvv-timeline",  # stable ids, so the same data gives the same SVG
    "font.family": "DejaVu Sans",
    "hatch.linewidth": 0.8,
}


def _num(day: date) -> float:
    return mdates.date2num(day)


def timeline_svg(timeline: Timeline, *, today_label: str) -> str:
    """The timeline as an SVG document (text)."""
    with matplotlib.rc_context(RC):
        figure = timeline_figure(timeline, today_label=today_label)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def timeline_figure(timeline: Timeline, *, today_label: str) -> Figure:
    """The timeline drawn on a matplotlib figure (call within `matplotlib.rc_context(RC)`)."""
    rows = timeline.rows
    height = 1.6 + 0.5 * max(len(rows), 1)
    figure = Figure(figsize=(11, height), layout="constrained")
    axes = figure.add_subplot()
    position = {row: len(rows) - 1 - index for index, row in enumerate(rows)}
    days = [i.start for i in timeline.items] + [i.end for i in timeline.items if i.end]
    first = min([*days, timeline.as_of]) - timedelta(days=60)
    last = max([*days, timeline.as_of]) + timedelta(days=330)

    for item in timeline.items:
        y = position[item.row]
        if item.kind in BAR_STYLE:
            style = BAR_STYLE[item.kind]
            axes.barh(
                y,
                (item.end - item.start).days,
                left=_num(item.start),
                height=0.5,
                facecolor=style["facecolor"],
                hatch=style["hatch"],
                edgecolor="#1a1a1a",
                linewidth=0.8,
            )
        else:
            style = MARKER_STYLE[item.kind]
            axes.plot(
                _num(item.start),
                y + MARKER_OFFSET.get(item.kind, 0),
                linestyle="none",
                marker=style["marker"],
                markersize=8,
                markerfacecolor=style["color"],
                markeredgecolor="#000000",
            )
    # The last day of each row's periods, as text: the chart can be read without the table.
    ends: dict[str, date] = {}
    for item in timeline.items:
        if item.kind in BAR_STYLE and item.end is not None:
            ends[item.row] = max(item.end, ends.get(item.row, item.end))
    for row, end in ends.items():
        last_day = (end - timedelta(days=1)).strftime("%d-%m-%Y")
        axes.text(
            _num(end + timedelta(days=12)),
            position[row],
            _("up to and including %(day)s") % {"day": last_day},
            fontsize=7,
            va="center",
        )
    for item in timeline.items:
        if item.kind == TimelineKind.DECISION:
            axes.text(
                _num(item.start),
                position[item.row] + 0.25,
                item.start.strftime("%d-%m-%Y"),
                fontsize=7,
                ha="center",
                va="bottom",
            )
    # Today (or the day the warnings are computed for): a dashed line with its label.
    axes.axvline(_num(timeline.as_of), color="#1a1a1a", linestyle="--", linewidth=1)
    axes.text(
        _num(timeline.as_of),
        len(rows) - 0.4,
        f" {today_label}",
        fontsize=8,
        va="bottom",
    )
    axes.set_yticks(list(range(len(rows))), labels=list(reversed(rows)), fontsize=9)
    axes.set_ylim(-0.7, len(rows) - 0.2)
    axes.set_xlim(_num(first), _num(last))
    axes.xaxis.set_major_locator(mdates.YearLocator())
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    axes.grid(axis="x", linestyle=":", linewidth=0.6)
    axes.legend(
        handles=_legend_handles(),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=4,
        fontsize=8,
        frameon=False,
    )
    return figure


def _legend_handles():
    handles = [
        Patch(
            facecolor=style["facecolor"],
            hatch=style["hatch"],
            edgecolor="#1a1a1a",
            label=TimelineKind.LABELS[kind],
        )
        for kind, style in BAR_STYLE.items()
    ]
    handles += [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=style["marker"],
            markerfacecolor=style["color"],
            markeredgecolor="#000000",
            markersize=8,
            label=TimelineKind.LABELS[kind],
        )
        for kind, style in MARKER_STYLE.items()
    ]
    for handle in handles:
        handle.set_label(str(handle.get_label()))
    return handles


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
