"""Dashboard charts drawn on the server as SVG (`drawing`), and the dashboard's charts with
their descriptions and tables (`blocks`). See `drawing` for how series are told apart."""

from .blocks import (
    ChartBlock,
    ChartTable,
    cost_block,
    flows_block,
    occupancy_block,
    outflow_groups_block,
    stay_block,
)
from .drawing import (
    QuantileSeries,
    Series,
    bar_chart,
    line_chart,
    quantile_chart,
    style,
    svg_document,
)

__all__ = [
    "ChartBlock",
    "ChartTable",
    "QuantileSeries",
    "Series",
    "bar_chart",
    "cost_block",
    "flows_block",
    "line_chart",
    "occupancy_block",
    "outflow_groups_block",
    "quantile_chart",
    "stay_block",
    "style",
    "svg_document",
]
