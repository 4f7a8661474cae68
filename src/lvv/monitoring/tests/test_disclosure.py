"""Disclosure control: small cells hidden, and no hidden cell recoverable from the totals."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lvv.monitoring.disclosure import PRIMARY, SECONDARY, determined, suppress


def grid(values: list[list[int]]):
    """A table with row totals, column totals and a grand total, and its lines."""
    rows, columns = len(values), len(values[0])
    cells = {}
    for r, c in itertools.product(range(rows), range(columns)):
        cells[(r, c)] = values[r][c]
    for r in range(rows):
        cells[(r, "total")] = sum(values[r])
    for c in range(columns):
        cells[("total", c)] = sum(values[r][c] for r in range(rows))
    cells[("total", "total")] = sum(map(sum, values))
    lines = []
    for r in [*range(rows), "total"]:
        lines.append({(r, "total"): 1, **{(r, c): -1 for c in range(columns)}})
    for c in [*range(columns), "total"]:
        lines.append({("total", c): 1, **{(r, c): -1 for r in range(rows)}})
    return cells, lines


def recoverable(cells, lines, hidden) -> set:
    """Independent check (floating-point ranks): hidden cell j is recoverable by subtraction
    when adding e_j to the lines' rows over the hidden cells does not raise the rank."""
    unknowns = [key for key in cells if key in hidden]
    if not unknowns:
        return set()
    matrix = np.array(
        [[line.get(key, 0) for key in unknowns] for line in lines], dtype=float
    ).reshape(len(lines), len(unknowns))
    rank = np.linalg.matrix_rank(matrix) if matrix.size else 0
    found = set()
    for position, key in enumerate(unknowns):
        unit = np.zeros((1, len(unknowns)))
        unit[0, position] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.add(key)
    return found


def test_small_cells_are_hidden_and_zero_is_shown():
    cells, lines = grid([[3, 10], [0, 20]])
    result = suppress(cells, lines, 5)
    assert result.hidden[(0, 0)] == PRIMARY
    assert result.display((0, 0), 3) == "<5"
    assert (1, 0) not in result.hidden
    assert result.display((1, 0), 0) == "0"


def test_a_single_small_cell_gets_a_partner_in_its_row_and_column():
    cells, lines = grid([[3, 10, 12], [7, 20, 9], [8, 6, 30]])
    result = suppress(cells, lines, 5)
    assert result.hidden[(0, 0)] == PRIMARY
    assert SECONDARY in result.hidden.values()
    for line in lines:
        assert sum(1 for key in line if key in result.hidden) in (0, 2, 3, 4, 5)
    assert not recoverable(cells, lines, result.hidden)


def test_the_stock_flow_line_protects_a_small_inflow():
    cells = {"start": 40, "inflow": 3, "outflow": 12, "end": 31}
    line = {"start": 1, "inflow": 1, "outflow": -1, "end": -1}
    result = suppress(cells, [line], 5)
    assert result.hidden["inflow"] == PRIMARY
    assert result.hidden["outflow"] == SECONDARY  # the smallest other non-zero cell
    assert not determined(cells, [line], result.hidden)


def test_the_exact_check_finds_a_cell_on_a_bridge():
    """Two hidden rectangles joined by one hidden cell: every row and column has 0 or at
    least 2 hidden cells, yet the joining cell follows from the totals. The exact check
    finds it (the "0 or >= 2 per line" rule alone would not)."""
    cells, lines = grid([[1, 9, 9, 9], [9, 1, 2, 9], [9, 9, 1, 9], [9, 9, 9, 1]])
    hidden = dict.fromkeys(
        [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)], PRIMARY
    )
    for line in lines:
        assert sum(1 for key in line if key in hidden) != 1
    assert determined(cells, lines, hidden) == [(1, 2)]
    assert recoverable(cells, lines, hidden) == {(1, 2)}


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=2, max_value=4).flatmap(
        lambda rows: st.integers(min_value=2, max_value=4).flatmap(
            lambda columns: st.lists(
                st.lists(
                    st.integers(min_value=0, max_value=12), min_size=columns, max_size=columns
                ),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_no_suppressed_cell_can_be_recovered_by_subtraction(values):
    cells, lines = grid(values)
    result = suppress(cells, lines, 5)
    for key, value in cells.items():
        if 0 < value < 5:
            assert key in result.hidden  # every small cell is hidden
    for line in lines:
        assert sum(1 for key in line if key in result.hidden) != 1
    assert not recoverable(cells, lines, result.hidden)
