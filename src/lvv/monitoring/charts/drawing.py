"""Dashboard charts drawn on the server as SVG with matplotlib, readable without colour.

Every chart is an SVG document with a `<title>` and a `<desc>` (what it shows, in words), and
the page puts the same data in a table beside it. Series differ by more than colour: bars by
hatch pattern, lines by marker shape and line style, and every series is labelled directly
(values on the bars, the name at the end of each line) as well as in the legend. A value that
disclosure control hides is not drawn; its mark ("<5" or "x") is written where it would be.

Like `programme.charts`: the Agg backend, text kept as text (`svg.fonttype: none`), stable ids
and no date in the metadata, so the same data always give the same SVG.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

import matplotlib

matplotlib.use("Agg")  # no display on a server

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "lvv-monitor",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "hatch.linewidth": 0.8,
}
# Okabe-Ito colours (distinguishable with colour-blindness), on top of patterns and markers.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "+++", "---", "ooo")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", ":", "-.")


@dataclass(frozen=True)
class Series:
    """One series: a label and a value per category; `marks` gives the text shown for a
    value that is hidden (None in `values`), e.g. "<5"."""

    label: str
    values: Sequence[float | int | None]
    marks: Sequence[str | None] = field(default_factory=tuple)

    def mark(self, index: int) -> str | None:
        return self.marks[index] if index < len(self.marks) else None


@dataclass(frozen=True)
class QuantileSeries:
    """Per category a median with its first and third quartile (None: nothing to show)."""

    label: str
    first_quartile: Sequence[float | None]
    median: Sequence[float | None]
    third_quartile: Sequence[float | None]
    marks: Sequence[str | None] = field(default_factory=tuple)


def style(index: int) -> dict:
    """The distinguishing style of the series at `index`: colour, hatch, marker, line style."""
    return {
        "colour": COLOURS[index % len(COLOURS)],
        "hatch": HATCHES[index % len(HATCHES)],
        "marker": MARKERS[index % len(MARKERS)],
        "linestyle": LINESTYLES[index % len(LINESTYLES)],
    }


def _number(value) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{float(value):.1f}".replace(".", ",")


def svg_document(figure: Figure, *, title: str, description: str) -> str:
    """The figure as SVG text with an accessible name: `<title>` and `<desc>` first in the
    document, referenced by `aria-labelledby`/`aria-describedby` and `role="img"`."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    start = svg.index("<svg")
    end = svg.index(">", start)
    opening = svg[start:end]
    attributes = (
        ' role="img" aria-labelledby="chart-title" aria-describedby="chart-desc"'
        f" aria-label={quoteattr(title)}"
    )
    accessible = (
        f'\n <title id="chart-title">{escape(title)}</title>'
        f'\n <desc id="chart-desc">{escape(description)}</desc>'
    )
    return svg[:start] + opening + attributes + ">" + accessible + svg[end + 1 :]


def _figure(categories: Sequence[str]) -> tuple[Figure, object]:
    width = max(6.5, min(12.0, 1.2 + 0.55 * len(categories)))
    # Fixed margins (room for the slanted labels and the legend below): a constrained layout
    # would cost half the drawing time for the same picture.
    figure = Figure(figsize=(width, 4.6))
    figure.subplots_adjust(left=0.09, right=0.97, top=0.9, bottom=0.34)
    return figure, figure.add_subplot()


def _finish(
    axes, categories: Sequence[str], y_label: str, *, ncol: int, title: str, integer: bool = False
) -> None:
    axes.set_title(title, fontsize=10, loc="left")
    if integer:
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xticks(range(len(categories)), labels=list(categories), rotation=45, ha="right")
    axes.set_ylabel(y_label)
    axes.grid(axis="y", linestyle=":", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=ncol, frameon=False, fontsize=8
    )


def bar_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    y_label: str,
    stacked: bool = False,
) -> str:
    """Grouped (or stacked) bars per category, one hatch pattern per series, each bar with
    its value written on it; hidden values as their mark at the foot of the bar's place."""
    with matplotlib.rc_context(RC):
        figure, axes = _figure(categories)
        count = max(len(series), 1)
        width = 0.8 if stacked else 0.8 / count
        bottoms = [0.0] * len(categories)
        for index, one in enumerate(series):
            look = style(index)
            offset = 0.0 if stacked else (index - (count - 1) / 2) * width
            xs = [position + offset for position in range(len(categories))]
            heights = [float(v) if v is not None else 0.0 for v in one.values]
            bars = axes.bar(
                xs,
                heights,
                width=width * 0.95,
                bottom=bottoms if stacked else None,
                label=one.label,
                color=look["colour"],
                hatch=look["hatch"],
                edgecolor="#1a1a1a",
                linewidth=0.6,
            )
            for position, (bar, value) in enumerate(zip(bars, one.values, strict=True)):
                base = bottoms[position] if stacked else 0.0
                if value is None:
                    text = one.mark(position)
                    if text:
                        axes.text(
                            bar.get_x() + bar.get_width() / 2,
                            base,
                            text,
                            ha="center",
                            va="bottom",
                            fontsize=7,
                        )
                elif value and (not stacked or heights[position] > 0):
                    y = base + heights[position] / 2 if stacked else heights[position]
                    axes.text(
                        bar.get_x() + bar.get_width() / 2,
                        y,
                        _number(value),
                        ha="center",
                        va="center" if stacked else "bottom",
                        fontsize=7,
                        bbox={
                            "boxstyle": "square,pad=0.1",
                            "facecolor": "white",
                            "edgecolor": "none",
                            "alpha": 0.8,
                        }
                        if stacked
                        else None,
                    )
            if stacked:
                bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        axes.set_ylim(bottom=0)
        axes.margins(y=0.12)
        _finish(axes, categories, y_label, ncol=min(count, 5), title=title, integer=True)
        return svg_document(figure, title=title, description=description)


def _spread(positions: list[float], gap: float) -> list[float]:
    """Label heights moved apart (keeping their order) so no two are closer than `gap`."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = list(positions)
    previous = None
    for i in order:
        if previous is not None and placed[i] < previous + gap:
            placed[i] = previous + gap
        previous = placed[i]
    return placed


def line_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    y_label: str,
) -> str:
    """One line per series with its own marker and line style, named at its last point."""
    with matplotlib.rc_context(RC):
        figure, axes = _figure(categories)
        xs = list(range(len(categories)))
        ends = []
        for index, one in enumerate(series):
            look = style(index)
            ys = [float(v) if v is not None else float("nan") for v in one.values]
            axes.plot(
                xs,
                ys,
                label=one.label,
                color=look["colour"],
                marker=look["marker"],
                linestyle=look["linestyle"],
                linewidth=1.4,
                markersize=5,
                markeredgecolor="#1a1a1a",
                markeredgewidth=0.5,
            )
            known = [(x, y) for x, y in zip(xs, one.values, strict=True) if y is not None]
            if known:
                ends.append((one.label, known[-1][0], float(known[-1][1])))
        top = max([y for _label, _x, y in ends] + [1.0])
        heights = _spread([y for _label, _x, y in ends], gap=top * 0.045)
        for (label, x, y), height in zip(ends, heights, strict=True):
            axes.annotate(
                label,
                (x, y),
                xytext=(x + 0.15, height),
                textcoords="data",
                va="center",
                fontsize=7,
                arrowprops=None,
            )
        axes.set_xlim(-0.5, len(categories) - 0.5 + 0.25 * len(categories) ** 0.5 + 1)
        axes.set_ylim(bottom=0)
        axes.margins(y=0.1)
        _finish(axes, categories, y_label, ncol=min(max(len(series), 1), 4), title=title)
        return svg_document(figure, title=title, description=description)


def quantile_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[QuantileSeries],
    y_label: str,
) -> str:
    """Per category and series, the median as a marker and the quartiles as a bar from the
    first to the third; each series has its own marker and is offset, the median written."""
    with matplotlib.rc_context(RC):
        figure, axes = _figure(categories)
        count = max(len(series), 1)
        for index, one in enumerate(series):
            look = style(index)
            offset = (index - (count - 1) / 2) * 0.28
            for position in range(len(categories)):
                median = one.median[position]
                x = position + offset
                if median is None:
                    mark = one.marks[position] if position < len(one.marks) else None
                    if mark:
                        axes.text(x, 0, mark, ha="center", va="bottom", fontsize=7)
                    continue
                low, high = one.first_quartile[position], one.third_quartile[position]
                if low is not None and high is not None:
                    axes.vlines(
                        x,
                        float(low),
                        float(high),
                        color=look["colour"],
                        linestyle=look["linestyle"],
                        linewidth=2,
                    )
                axes.text(x, float(median), f" {_number(median)}", fontsize=7, va="center")
            xs = [p + offset for p in range(len(categories)) if one.median[p] is not None]
            ys = [float(v) for v in one.median if v is not None]
            axes.plot(
                xs,
                ys,
                linestyle="none",
                marker=look["marker"],
                markersize=6,
                color=look["colour"],
                markeredgecolor="#1a1a1a",
                markeredgewidth=0.5,
                label=one.label,
            )
        axes.set_ylim(bottom=0)
        axes.margins(y=0.1)
        _finish(axes, categories, y_label, ncol=min(count, 4), title=title)
        return svg_document(figure, title=title, description=description)
