"""What every benchmark shares: timing, percentiles, a result row, the benchmark users."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field


@dataclass
class Result:
    """One measured line. `kind` is `latency` (seconds, lower is better) or `rate` (rows per
    second, higher is better). `floor` names the line of the same run it is compared with."""

    name: str
    kind: str
    p50: float
    p95: float | None = None
    samples: int = 0
    floor: str | None = None
    goal: str = ""
    note: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timed_repeats(call: Callable[[], object], *, repeats: int, warmup: int = 2) -> list[float]:
    """Seconds per call, after `warmup` untimed calls (caches, connections)."""
    for _ in range(warmup):
        call()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    return timings


def latency(name: str, timings: list[float], **kwargs) -> Result:
    return Result(
        name=name,
        kind="latency",
        p50=statistics.median(timings),
        p95=percentile(timings, 0.95),
        samples=len(timings),
        **kwargs,
    )
