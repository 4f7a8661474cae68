"""The stock-flow identity on generated registers, and the SQL stays against a plain Python
reference (gaps and islands written the obvious way)."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lvv.cases.models import Client, Placement
from lvv.cases.tests.factories import ClientFactory
from lvv.core.periods import Period
from lvv.monitoring.selectors.monitor import Level, monitor_compute, unit_resolve

pytestmark = pytest.mark.django_db

BASE = datetime.date(2022, 1, 1)

placements = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3),  # which client
        st.booleans(),  # which municipality (location)
        st.integers(min_value=0, max_value=120),  # start offset
        st.one_of(st.none(), st.integers(min_value=1, max_value=60)),  # nights; None: open
    ),
    max_size=12,
)
periods = st.tuples(
    st.integers(min_value=0, max_value=150), st.integers(min_value=1, max_value=100)
)


def reference_stays(intervals: list[tuple[datetime.date, datetime.date | None]]):
    """Merge one person's intervals that touch or overlap: [(start, end or None)]."""
    far = datetime.date.max
    merged: list[list] = []
    for start, end in sorted(intervals, key=lambda i: (i[0], i[1] or far)):
        stop = end or far
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([start, stop])
    return [(start, None if stop == far else stop) for start, stop in merged]


def reference_flows(stays, period: Period):
    a, b = period.start, period.end

    def present(day):
        return sum(1 for s, e in stays if s <= day and (e is None or e > day))

    one = datetime.timedelta(days=1)
    return (
        present(a - one),
        sum(1 for s, _e in stays if a <= s < b),
        sum(1 for _s, e in stays if e is not None and a <= e < b),
        present(b - one),
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=placements, window=periods)
def test_stock_flow_identity_and_reference(world, rows, window):
    period = Period(BASE + datetime.timedelta(days=window[0]), None)
    period = Period(period.start, period.start + datetime.timedelta(days=window[1]))
    with transaction.atomic():
        clients = [ClientFactory(municipality=world.utrecht, partner=world.ngo_a) for _ in range(2)]
        # Clients 2 and 3 are one person registered twice (one pseudonym): nationally their
        # placements make one person's stays; in a municipality each file counts on its own.
        # (The older file's V-number is cleared, as a merge or retention would: its pseudonym
        # stays, and the V-number is free for the newer file.)
        older = ClientFactory(
            municipality=world.utrecht, partner=world.ngo_a, v_number="1234567890"
        )
        Client.objects.filter(pk=older.pk).update(v_number="")
        newer = ClientFactory(
            municipality=world.utrecht, partner=world.ngo_a, v_number="1234567890"
        )
        clients += [older, newer]
        assert clients[2].pseudonym == clients[3].pseudonym != clients[1].pseudonym
        by_person: dict[tuple, list] = {}
        for index, (who, in_amsterdam, offset, nights) in enumerate(rows):
            location = world.location_b if in_amsterdam else world.location_a
            start = BASE + datetime.timedelta(days=offset)
            end = None if nights is None else start + datetime.timedelta(days=nights)
            if end is None and any(
                p.end is None for p in Placement.objects.filter(client=clients[who])
            ):
                end = start + datetime.timedelta(days=1)  # one open placement per client
            Placement.objects.create(
                client=clients[who], location=location, start=start, end=end, bed=str(index)
            )
            person = min(who, 2)
            for key in (("national", person), (location.municipality.cbs_code, who)):
                by_person.setdefault(key, []).append((start, end))
        for level, key, code in (
            (Level.NATIONAL, None, "national"),
            (Level.MUNICIPALITY, "GM0344", "GM0344"),
            (Level.MUNICIPALITY, "GM0363", "GM0363"),
        ):
            monitor = monitor_compute(unit=unit_resolve(level, key), period=period)
            stays = [
                stay
                for (unit_code, _who), intervals in by_person.items()
                if unit_code == code
                for stay in reference_stays(intervals)
            ]
            got = (monitor.present_at_start, monitor.inflow, monitor.outflow)
            assert (*got, monitor.present_at_end) == reference_flows(stays, period)
            # Since the LVV began: also the stays that ended long before the period.
            assert (monitor.cumulative_inflow, monitor.cumulative_outflow) == (
                sum(1 for s, _e in stays if s < period.end),
                sum(1 for _s, e in stays if e is not None and e < period.end),
            )
            assert monitor.present_at_start + monitor.inflow - monitor.outflow == (
                monitor.present_at_end
            )
            assert all(monitor.checks.values())
        transaction.set_rollback(True)
