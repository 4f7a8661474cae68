"""The monitor reads only the stays of persons present around the period (`sql.stays_cte` with
a period); a stay that began years before the period must still be whole."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from lvv.cases.models import OutflowReason
from lvv.cases.tests.factories import ClientFactory, OutflowFactory, PlacementFactory
from lvv.monitoring.selectors import sql as q
from lvv.monitoring.selectors.monitor import Level, monitor_compute, quarter_period, unit_resolve
from lvv.network.tests.factories import LocationFactory

D = datetime.date
Q2 = quarter_period("2022-Q2")  # [2022-04-01, 2022-07-01): day a - 1 is 31 March

pytestmark = pytest.mark.django_db


def place(client, location, start, end=None, end_reason=""):
    return PlacementFactory(
        client=client, location=location, start=start, end=end, end_reason=end_reason
    )


def days(start: datetime.date, stop: datetime.date) -> int:
    return (stop - start).days


@pytest.fixture
def register(world):
    """Placed in 2016 and still there; a chain of adjacent placements from 2019 (a move
    within Utrecht, a transfer to Amsterdam, a move there) that ends in the period; one who
    left on the period's first day (present on day a - 1); one who left on 31 March (not
    present then)."""
    long_present = world.client_a
    place(long_present, world.location_a, D(2016, 3, 1))
    chained = world.client_b
    second_utrecht = LocationFactory(municipality=world.utrecht, operator=world.ngo_a)
    place(chained, world.location_a, D(2019, 1, 10), D(2020, 5, 1), "moved")
    place(chained, second_utrecht, D(2020, 5, 1), D(2021, 11, 15), "transferred")
    # Overlaps the transfer by a week: still one national stay, counted once.
    place(chained, world.location_b, D(2021, 11, 8), D(2022, 1, 10), "moved")
    second_amsterdam = LocationFactory(municipality=world.amsterdam, operator=world.ngo_b)
    place(chained, second_amsterdam, D(2022, 1, 10), D(2022, 5, 20), "outflow")
    return_iom = OutflowReason.objects.get(code="return_iom")
    OutflowFactory(client=chained, left_on=D(2022, 5, 20), reason=return_iom)
    on_first_day = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
    place(on_first_day, world.location_a, D(2018, 2, 1), D(2022, 4, 1), "outflow")
    before = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
    place(before, world.location_a, D(2017, 6, 1), D(2022, 3, 31), "outflow")
    return world


def test_a_stay_begun_years_before_the_quarter_keeps_its_start(register):
    m = monitor_compute(unit=unit_resolve(Level.NATIONAL, None), period=Q2)
    assert (m.present_at_start, m.inflow, m.outflow, m.present_at_end) == (3, 0, 2, 1)
    # Every stay since the LVV began, including the one that ended before the period.
    assert (m.cumulative_inflow, m.cumulative_outflow) == (4, 3)
    assert m.stay_of_present.count == 1
    assert m.stay_of_present.median == Decimal(days(D(2016, 3, 1), D(2022, 7, 1)))
    chain = days(D(2019, 1, 10), D(2022, 5, 20))
    on_first_day = days(D(2018, 2, 1), D(2022, 4, 1))
    assert m.stay_of_leavers.count == 2
    assert m.stay_of_leavers.median == Decimal(chain + on_first_day) / 2
    assert m.outflow_by_group["durable"] == 1  # the chain's last placement has the reason
    assert m.lvv_start == D(2016, 3, 1)


def test_a_municipal_stay_begun_before_the_quarter_keeps_its_start(register):
    amsterdam = monitor_compute(unit=unit_resolve(Level.MUNICIPALITY, "GM0363"), period=Q2)
    assert (amsterdam.present_at_start, amsterdam.outflow) == (1, 1)
    assert amsterdam.stay_of_leavers.median == Decimal(days(D(2021, 11, 8), D(2022, 5, 20)))
    utrecht = monitor_compute(unit=unit_resolve(Level.MUNICIPALITY, "GM0344"), period=Q2)
    # The chain left Utrecht in 2021; the 2016 stay and the one ending on 1 April remain.
    assert (utrecht.present_at_start, utrecht.outflow, utrecht.present_at_end) == (2, 1, 1)
    assert (utrecht.cumulative_inflow, utrecht.cumulative_outflow) == (4, 3)


@pytest.mark.parametrize(
    ("level", "unit_id_of"),
    [("national", None), ("municipality", "utrecht"), ("municipality", "amsterdam")],
)
def test_the_period_cut_keeps_every_stay_touching_the_period_whole(register, level, unit_id_of):
    dialect = q.Dialect(q.reporting_db())
    unit_id = getattr(register, unit_id_of).pk if unit_id_of else None
    columns = " SELECT person, start, stop, last_client, last_reason FROM stays"

    def stays(period):
        cte = q.stays_cte(dialect, level=level, unit_id=unit_id, period=period)
        rows = q.run(q.Sql(cte.text + columns, cte.params), dialect.alias)
        return {tuple(str(value) for value in row) for row in rows}

    everything, cut = stays(None), stays(Q2)
    a, b = Q2.start.isoformat(), Q2.end.isoformat()
    touching = {row for row in everything if row[1] < b and row[2] >= a}
    assert touching  # whole: the same start, stop and last placement as without the cut
    # Every stay of the persons touching the period (their older stays too), no one else's.
    persons = {row[0] for row in touching}
    assert cut == {row for row in everything if row[0] in persons}
    assert len(everything) > len(cut) or unit_id_of == "amsterdam"  # older stays left out
