"""Date periods: `[start, end)` internally, shown as Dutch documents show them (end inclusive).

An open end (`None`) means "until further notice". Keep every period rule here so that
capacity, placements and agreements all count days the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    start: date
    end: date | None = None  # exclusive; None is open-ended

    def __post_init__(self) -> None:
        if self.end is not None and self.end <= self.start:
            raise ValueError("a period must end after it starts")

    def overlaps(self, other: Period) -> bool:
        starts_before_other_ends = other.end is None or self.start < other.end
        other_starts_before_self_ends = self.end is None or other.start < self.end
        return starts_before_other_ends and other_starts_before_self_ends

    def contains(self, other: Period) -> bool:
        if other.start < self.start:
            return False
        if self.end is None:
            return True
        return other.end is not None and other.end <= self.end

    def contains_day(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    @property
    def last_day(self) -> date | None:
        """The inclusive last day, as a person reads it ("t/m")."""
        return None if self.end is None else self.end - timedelta(days=1)

    def days(self) -> int | None:
        return None if self.end is None else (self.end - self.start).days


def exclusive_end(last_day: date | None) -> date | None:
    """Turn an inclusive last day typed by a person into the exclusive end we store."""
    return None if last_day is None else last_day + timedelta(days=1)


def inclusive_last_day(end: date | None) -> date | None:
    return None if end is None else end - timedelta(days=1)
