"""The dashboard's SVG charts: well-formed, named (<title>, <desc>), series told apart by
pattern, marker and direct labels, hidden values marked, and the table equal to the series."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from lvv.core.periods import Period
from lvv.monitoring.charts import (
    QuantileSeries,
    Series,
    bar_chart,
    flows_block,
    line_chart,
    occupancy_block,
    outflow_groups_block,
    quantile_chart,
    stay_block,
    style,
)
from lvv.monitoring.selectors.monitor import Level, Unit
from lvv.monitoring.selectors.series import QuarterlySeries, QuarterPoint, Value
from lvv.monitoring.selectors.series_occupancy import OccupancyLine, OccupancySeries

SVG = "{http://www.w3.org/2000/svg}"
D = datetime.date


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()).strip() for element in root.iter(f"{SVG}text")]


def test_a_bar_chart_is_named_patterned_and_labelled():
    svg = bar_chart(
        title="Inflow & outflow",
        description="Bars per quarter <test>",
        categories=["2022-Q1", "2022-Q2"],
        series=[Series("Inflow", [12, None], [None, "<5"]), Series("Outflow", [7, 9])],
        y_label="stays",
    )
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root[0].tag == f"{SVG}title" and root[0].text == "Inflow & outflow"
    assert root[1].tag == f"{SVG}desc" and root[1].text == "Bars per quarter <test>"
    # The second series is hatched: a pattern is defined and used.
    assert root.find(f".//{SVG}pattern") is not None
    words = texts(root)
    assert {"Inflow", "Outflow"} <= set(words)  # legend
    assert {"12", "7", "9"} <= set(words)  # values on the bars
    assert "<5" in words  # the hidden value's mark where its bar would be


def test_a_stacked_bar_chart_writes_each_part():
    svg = bar_chart(
        title="Groups",
        description="Stacked",
        categories=["A", "B"],
        series=[Series("Durable", [3, 4]), Series("None", [2, None], [None, "x"])],
        y_label="persons",
        stacked=True,
    )
    words = texts(parse(svg))
    assert {"3", "4", "2", "x"} <= set(words)


def test_a_line_chart_names_each_line_at_its_end_and_varies_markers():
    svg = line_chart(
        title="Utilisation",
        description="Lines",
        categories=["2022-01", "2022-02", "2022-03"],
        series=[Series("Loc A", [50, None, 70]), Series("Loc B", [10, 20, 30])],
        y_label="%",
    )
    words = texts(parse(svg))
    assert words.count("Loc A") == 2 and words.count("Loc B") == 2  # legend and direct label
    assert style(0)["marker"] != style(1)["marker"]
    assert style(0)["linestyle"] != style(1)["linestyle"]


def test_a_quantile_chart_writes_the_medians():
    svg = quantile_chart(
        title="Stay",
        description="Medians",
        categories=["2022-Q1", "2022-Q2"],
        series=[QuantileSeries("Leavers", [10, None], [20, None], [30, None], [None, "x"])],
        y_label="days",
    )
    words = texts(parse(svg))
    assert "20" in words and "x" in words and "Leavers" in words


def test_the_same_data_give_the_same_svg():
    def draw():
        return bar_chart(
            title="t", description="d", categories=["a"], series=[Series("s", [1])], y_label="y"
        )

    assert draw() == draw()


# --- the dashboard's blocks: the table is the series ---------------------------------------


def _value(number, hidden=False):
    return Value(None, "<5", True) if hidden else Value(number, str(number))


def _quantiles(count, q1, median, q3):
    return {
        "count": _value(count),
        "first_quartile": _value(Decimal(q1)),
        "median": _value(Decimal(median)),
        "third_quartile": _value(Decimal(q3)),
    }


@pytest.fixture
def series():
    unit = Unit(Level.MUNICIPALITY, "GM0344", "Utrecht", 1, (1,))
    points = [
        QuarterPoint(
            period=Period(D(2022, 1, 1), D(2022, 4, 1)),
            label="2022-Q1",
            inflow=_value(12),
            outflow=_value(3, hidden=True),
            present_at_end=_value(40),
            outflow_groups={"durable": _value(1, hidden=True), "none": _value(0)},
            stay_of_leavers=_quantiles(6, 10, 20, 30),
            stay_of_present=_quantiles(40, 50, 60, 70),
        ),
        QuarterPoint(
            period=Period(D(2022, 4, 1), D(2022, 7, 1)),
            label="2022-Q2",
            inflow=_value(8),
            outflow=_value(9),
            present_at_end=_value(39),
            outflow_groups={"durable": _value(5), "none": _value(4)},
            stay_of_leavers=_quantiles(9, 11, 21, 31),
            stay_of_present=_quantiles(39, 51, 61, 71),
        ),
    ]
    return QuarterlySeries(unit, True, "rule", points)


def test_the_flows_block_table_matches_the_series(series):
    block = flows_block(series)
    assert block.slug == "instroom-uitstroom"
    assert block.table.rows == [("2022-Q1", ["12", "<5", "40"]), ("2022-Q2", ["8", "9", "39"])]
    root = parse(block.svg)
    assert root[0].text == block.title and root[1].text == block.description
    words = texts(root)
    assert {"12", "8", "9"} <= set(words) and "<5" in words
    assert block.data_uri.startswith("data:image/svg+xml;base64,")


def test_the_outflow_groups_block_table_matches_the_series(series):
    block = outflow_groups_block(series)
    assert [label for label, _cells in block.table.rows] == ["2022-Q1", "2022-Q2"]
    assert block.table.rows[0][1] == ["<5", "0", "<5"]
    assert block.table.rows[1][1] == ["5", "4", "9"]
    assert len(block.table.columns) == 3  # two groups and the total
    assert parse(block.svg).find(f".//{SVG}pattern") is not None


def test_the_stay_block_table_matches_the_series(series):
    block = stay_block(series)
    assert block.table.rows[1] == ("2022-Q2", ["9", "11", "21", "31", "39", "51", "61", "71"])
    assert {"21", "61"} <= set(texts(parse(block.svg)))


def test_the_occupancy_block_table_matches_the_lines():
    unit = Unit(Level.MUNICIPALITY, "GM0344", "Utrecht", 1, (1,))
    months = [Period(D(2022, 1, 1), D(2022, 2, 1)), Period(D(2022, 2, 1), D(2022, 3, 1))]
    line = OccupancyLine("uuid-a", "Locatie A", [155, 0], [310, 0])
    occupancy = OccupancySeries(unit, months, [line], [OccupancyLine("GM0344", "Utrecht")])
    block = occupancy_block(occupancy, by="location")
    assert block.table.columns == ["Locatie A"]
    assert block.table.rows == [("2022-01", ["50% (155 / 310)"]), ("2022-02", ["– (0 / 0)"])]
    assert texts(parse(block.svg)).count("Locatie A") == 2
