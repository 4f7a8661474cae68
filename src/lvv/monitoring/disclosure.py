"""Disclosure control of published counts: small cells and the cells that would reveal them.

The rule (stated on every output): a count `n` with `0 < n < threshold` is shown as
"<threshold" (primary suppression). Then, for every line of the table that adds up (a total
and its parts, or the stock-flow identity), a line with exactly one suppressed cell gets a
second one: the smallest other non-zero cell of that line (a zero cell, or the total, if no
other is left). This repeats until nothing changes (a fixed point). Finally an exact check:
no suppressed cell may be determined by the lines from the published cells (linear algebra
over the rationals); if one is, another cell of its lines is suppressed and the check runs
again. Secondary suppressed cells are shown as "x".

The threshold is `settings.MONITOR_SUPPRESSION_THRESHOLD` (5 by default).

Cells are any hashable keys; a line is a mapping key -> integer coefficient whose weighted sum
is 0 (so `total = a + b` is `{total: 1, a: -1, b: -1}`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.utils.translation import gettext as _

PRIMARY = "primary"
SECONDARY = "secondary"
SECONDARY_MARK = "x"

Line = Mapping[Hashable, int]


def threshold() -> int:
    return int(settings.MONITOR_SUPPRESSION_THRESHOLD)


def primary_mark(limit: int | None = None) -> str:
    return f"<{limit or threshold()}"


def rule_text(limit: int | None = None) -> str:
    """The rule in words, for every page, API response and export."""
    limit = limit or threshold()
    return _(
        'Counts from 1 to %(below)s are shown as "<%(limit)s" so that no person can be '
        "singled out. Where a total would reveal such a count, another count of the same "
        'table is hidden too, shown as "x" (secondary suppression). Zero is shown as 0.'
    ) % {"below": limit - 1, "limit": limit}


@dataclass(frozen=True)
class Suppression:
    """Which cells are hidden and why (PRIMARY or SECONDARY), by key."""

    hidden: dict[Hashable, str]
    threshold: int

    def display(self, key: Hashable, value) -> str:
        kind = self.hidden.get(key)
        if kind == PRIMARY:
            return primary_mark(self.threshold)
        if kind == SECONDARY:
            return SECONDARY_MARK
        return "" if value is None else str(value)

    def is_hidden(self, key: Hashable) -> bool:
        return key in self.hidden


def suppress(
    cells: Mapping[Hashable, int], lines: Sequence[Line], limit: int | None = None
) -> Suppression:
    """Primary and secondary suppression of `cells` under `lines` (see the module docstring)."""
    limit = limit or threshold()
    hidden: dict[Hashable, str] = {
        key: PRIMARY for key, value in cells.items() if 0 < value < limit
    }
    order = {key: index for index, key in enumerate(cells)}

    def smallest(candidates) -> Hashable | None:
        candidates = [key for key in candidates if key in cells and key not in hidden]
        if not candidates:
            return None
        # Prefer a non-zero cell (a hidden zero protects little), then the smallest value.
        return min(candidates, key=lambda key: (cells[key] == 0, cells[key], order[key]))

    for _round in range(len(cells) + 1):
        changed = False
        for line in lines:
            suppressed = [key for key in line if key in hidden]
            if len(suppressed) == 1:
                pick = smallest(line)
                if pick is not None:
                    hidden[pick] = SECONDARY
                    changed = True
        if not changed:
            for key in determined(cells, lines, hidden):
                touching = [other for line in lines if key in line for other in line]
                pick = smallest(touching)
                if pick is not None:
                    hidden[pick] = SECONDARY
                    changed = True
                    break
        if not changed:
            break
    return Suppression(hidden=hidden, threshold=limit)


def determined(
    cells: Mapping[Hashable, int], lines: Sequence[Line], hidden: Mapping[Hashable, str]
) -> list[Hashable]:
    """The hidden cells whose value follows from the lines and the published cells.

    With the published values moved to the right-hand side, a hidden cell j is determined
    exactly when the unit vector e_j lies in the row space of the lines restricted to the
    hidden cells, i.e. when the reduced row echelon form has a row equal to e_j.
    """
    unknowns = [key for key in cells if key in hidden]
    index = {key: position for position, key in enumerate(unknowns)}
    rows = []
    for line in lines:
        row = [Fraction(0)] * len(unknowns)
        for key, coefficient in line.items():
            if key in index:
                row[index[key]] += coefficient
        if any(row):
            rows.append(row)
    reduced = _rref(rows, len(unknowns))
    result = []
    for row in reduced:
        nonzero = [position for position, value in enumerate(row) if value != 0]
        if len(nonzero) == 1:
            result.append(unknowns[nonzero[0]])
    return result


def _rref(rows: list[list[Fraction]], width: int) -> list[list[Fraction]]:
    rows = [list(row) for row in rows]
    pivot_row = 0
    for column in range(width):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][column] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        pivot = rows[pivot_row][column]
        rows[pivot_row] = [value / pivot for value in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][column] != 0:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
        if pivot_row == len(rows):
            break
    return rows[:pivot_row]
