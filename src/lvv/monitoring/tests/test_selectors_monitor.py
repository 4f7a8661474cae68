"""Each indicator of the monitor on small hand-built registers with known answers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from lvv.cases.models import (
    Client,
    Escalation,
    EscalationLevel,
    EscalationStatus,
    IntakeDecision,
    OutflowReason,
)
from lvv.cases.tests.factories import (
    CaseDiscussionFactory,
    CaseMeetingFactory,
    ClientFactory,
    IntakeFactory,
    OutflowFactory,
    PlacementFactory,
    ScenarioFactory,
)
from lvv.monitoring.selectors.monitor import (
    Level,
    last_complete_quarter,
    monitor_compute,
    quantiles,
    quarter_period,
    quarters,
    unit_resolve,
)
from lvv.network.models import Region
from lvv.network.tests.factories import LocationCapacityFactory, LocationFactory

D = datetime.date
Q1, Q2, Q3 = (quarter_period(f"2022-Q{n}") for n in (1, 2, 3))

pytestmark = pytest.mark.django_db


def run(level: str, key: str | None, period):
    return monitor_compute(unit=unit_resolve(level, key), period=period)


def flows(m) -> tuple[int, int, int, int]:
    return (m.present_at_start, m.inflow, m.outflow, m.present_at_end)


def reason(code: str) -> OutflowReason:
    return OutflowReason.objects.get(code=code)


def place(client, location, start, end=None, end_reason=""):
    return PlacementFactory(
        client=client, location=location, start=start, end=end, end_reason=end_reason
    )


def test_a_stay_that_starts_and_ends_within_one_quarter(world):
    place(world.client_a, world.location_a, D(2022, 4, 10), D(2022, 5, 20), "outflow")
    OutflowFactory(client=world.client_a, left_on=D(2022, 5, 20), reason=reason("return_iom"))
    for level, key in (
        (Level.LOCATION, str(world.location_a.uuid)),
        (Level.MUNICIPALITY, "GM0344"),
        (Level.NATIONAL, None),
    ):
        m = run(level, key, Q2)
        assert flows(m) == (0, 1, 1, 0), level
        assert m.outflow_by_group["durable"] == 1
        assert m.stay_of_leavers.count == 1
        assert m.stay_of_leavers.median == Decimal(40)
        assert m.stay_of_present.count == 0
        assert (m.cumulative_inflow, m.cumulative_outflow) == (1, 1)
    assert flows(run(Level.NATIONAL, None, Q1)) == (0, 0, 0, 0)
    assert flows(run(Level.NATIONAL, None, Q3)) == (0, 0, 0, 0)


def test_a_stay_across_several_quarters(world):
    place(world.client_a, world.location_a, D(2022, 2, 1), D(2022, 8, 15), "outflow")
    OutflowFactory(client=world.client_a, left_on=D(2022, 8, 15), reason=reason("left_unknown"))
    assert flows(run(Level.NATIONAL, None, Q1)) == (0, 1, 0, 1)
    q2 = run(Level.NATIONAL, None, Q2)
    assert flows(q2) == (1, 0, 0, 1)
    # Present at the end of Q2: nights from 1 Feb up to 1 Jul.
    assert q2.stay_of_present.median == Decimal((D(2022, 7, 1) - D(2022, 2, 1)).days)
    q3 = run(Level.NATIONAL, None, Q3)
    assert flows(q3) == (1, 0, 1, 0)
    assert q3.outflow_by_group["none"] == 1
    assert (q3.cumulative_inflow, q3.cumulative_outflow) == (1, 1)
    assert q3.lvv_start == D(2022, 2, 1)


def test_present_on_the_count_dates_at_the_edges(world):
    # Ends on the first day of Q2: present on 31 March (start count date), outflow in Q2.
    place(world.client_a, world.location_a, D(2022, 3, 1), D(2022, 4, 1), "outflow")
    # Starts on the last day of Q2: inflow in Q2 and present at the end (30 June).
    place(world.client_b, world.location_b, D(2022, 6, 30))
    m = run(Level.NATIONAL, None, Q2)
    assert flows(m) == (1, 1, 1, 1)
    assert m.outflow_by_group["unknown"] == 1  # no Outflow record: a data-quality issue
    assert m.stay_of_present.median == Decimal(1)


def test_same_day_in_and_out_is_no_stay(world):
    """A placement needs a night: the register refuses one that ends on its first day. An
    outflow recorded on the intake day without a placement is therefore neither a stay nor
    present, inflow or outflow."""
    with pytest.raises(IntegrityError), transaction.atomic():
        place(world.client_a, world.location_a, D(2022, 5, 1), D(2022, 5, 1), "outflow")
    IntakeFactory(client=world.client_a, intake_on=D(2022, 5, 1))
    OutflowFactory(client=world.client_a, left_on=D(2022, 5, 1))
    m = run(Level.NATIONAL, None, Q2)
    assert flows(m) == (0, 0, 0, 0)
    assert sum(line.count for line in m.outflow_by_reason) == 0


def test_a_person_in_two_cities_is_one_national_stay(world):
    """Transferred from Utrecht to Amsterdam on 15 May: a municipal stay ends in Utrecht
    (as a transfer) and one begins in Amsterdam; nationally the stay continues."""
    place(world.client_a, world.location_a, D(2022, 2, 1), D(2022, 5, 15), "transferred")
    amsterdam_shelter = LocationFactory(municipality=world.amsterdam, operator=world.ngo_b)
    place(world.client_a, amsterdam_shelter, D(2022, 5, 15))
    utrecht = run(Level.MUNICIPALITY, "GM0344", Q2)
    assert flows(utrecht) == (1, 0, 1, 0)
    assert utrecht.outflow_by_group["transfer"] == 1
    amsterdam = run(Level.MUNICIPALITY, "GM0363", Q2)
    assert flows(amsterdam) == (0, 1, 0, 1)
    national = run(Level.NATIONAL, None, Q2)
    assert flows(national) == (1, 0, 0, 1)
    assert "transfer" not in national.outflow_by_group
    assert national.stay_of_present.median == Decimal((D(2022, 7, 1) - D(2022, 2, 1)).days)
    region = Region.objects.create(name="Midden", central_municipality=world.utrecht)
    region.municipalities.set([world.utrecht, world.amsterdam])
    assert flows(run(Level.REGION, "Midden", Q2)) == (1, 0, 0, 1)


def test_two_files_of_one_person_count_once_nationally(world):
    """An old Utrecht file, anonymised after its retention period (the V-nummer gone, the
    pseudonym kept), and a new Amsterdam file with the same V-nummer: two municipal stays,
    one national one."""
    first = ClientFactory(municipality=world.utrecht, partner=world.ngo_a, v_number="1234567890")
    Client.objects.filter(pk=first.pk).update(v_number="", family_name="")
    second = ClientFactory(municipality=world.amsterdam, partner=world.ngo_b, v_number="1234567890")
    assert first.pseudonym == second.pseudonym
    place(first, world.location_a, D(2022, 1, 10), D(2022, 4, 20), "outflow")
    place(second, world.location_b, D(2022, 4, 20))
    assert flows(run(Level.MUNICIPALITY, "GM0344", Q2)) == (1, 0, 1, 0)
    assert flows(run(Level.MUNICIPALITY, "GM0363", Q2)) == (0, 1, 0, 1)
    assert flows(run(Level.NATIONAL, None, Q2)) == (1, 0, 0, 1)


def test_a_persons_other_files_count_nationally(world):
    """Nationally a person is every file with their pseudonym: the intake and LSO discussion of
    an older file count with the scenario and escalation of the newer one, where the stay is
    (the person's id is the older file's)."""
    old = ClientFactory(municipality=world.utrecht, partner=world.ngo_a, v_number="1234567890")
    Client.objects.filter(pk=old.pk).update(v_number="", family_name="")
    new = ClientFactory(municipality=world.amsterdam, partner=world.ngo_b, v_number="1234567890")
    assert (old.pseudonym == new.pseudonym) and old.pk < new.pk
    place(new, world.location_b, D(2022, 4, 10))  # the only placement: on the newer file
    IntakeFactory(client=old, intake_on=D(2022, 1, 10), decision=IntakeDecision.ADMITTED)
    ScenarioFactory(client=new, kind="return", agreed_on=D(2022, 4, 20))
    meeting = CaseMeetingFactory(municipality=world.utrecht, held_on=D(2022, 5, 2))
    CaseDiscussionFactory(meeting=meeting, client=old)
    Escalation.objects.create(
        client=new,
        level=EscalationLevel.STEERING_GROUP,
        raised_on=D(2022, 5, 1),
        reason="Stagnatie",
        status=EscalationStatus.OPEN,
    )
    m = run(Level.NATIONAL, None, Q2)
    assert flows(m) == (0, 1, 0, 1)
    assert m.scenarios_at_end["return"] == 1
    assert m.intake_to_scenario.count == 1
    assert (m.discussed_in_lso, m.present_in_period) == (1, 1)
    assert m.open_escalations["steering_group"] == 1
    # In Amsterdam's own monitor the stay is the newer file's alone.
    municipal = run(Level.MUNICIPALITY, "GM0363", Q2)
    assert municipal.scenarios_at_end["return"] == 1
    assert municipal.discussed_in_lso == 0
    assert municipal.intake_to_scenario.count == 0


def test_a_move_between_locations(world):
    second = LocationFactory(municipality=world.utrecht, operator=world.ngo_a)
    place(world.client_a, world.location_a, D(2022, 3, 1), D(2022, 5, 1), "moved")
    place(world.client_a, second, D(2022, 5, 1))
    first_location = run(Level.LOCATION, str(world.location_a.uuid), Q2)
    assert flows(first_location) == (1, 0, 1, 0)
    assert first_location.outflow_by_group["transfer"] == 1
    assert flows(run(Level.LOCATION, str(second.uuid), Q2)) == (0, 1, 0, 1)
    assert flows(run(Level.MUNICIPALITY, "GM0344", Q2)) == (1, 0, 0, 1)


def test_overlapping_placements_count_once(world):
    place(world.client_a, world.location_a, D(2022, 4, 1), D(2022, 5, 10), "corrected")
    place(world.client_a, world.location_a, D(2022, 5, 1), D(2022, 6, 1), "outflow")
    OutflowFactory(client=world.client_a, left_on=D(2022, 6, 1), reason=reason("detention"))
    m = run(Level.NATIONAL, None, Q2)
    assert flows(m) == (0, 1, 1, 0)
    assert m.outflow_by_group["none"] == 1
    assert m.stay_of_leavers.median == Decimal(61)


def test_outflow_by_reason_and_group(world):
    codes = ["residence_permit", "return_dtv", "new_asylum_application", "left_unknown"]
    for index, code in enumerate(codes):
        client = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
        place(client, world.location_a, D(2022, 1, 1), D(2022, 4, 10 + index), "outflow")
        OutflowFactory(client=client, left_on=D(2022, 4, 10 + index), reason=reason(code))
    # An Outflow record on another day than the stay's end does not give it a reason.
    stray = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
    place(stray, world.location_a, D(2022, 1, 1), D(2022, 5, 1), "corrected")
    OutflowFactory(client=stray, left_on=D(2022, 5, 2), reason=reason("detention"))
    m = run(Level.MUNICIPALITY, "GM0344", Q2)
    by_code = {line.code: line.count for line in m.outflow_by_reason}
    assert by_code["residence_permit"] == by_code["return_dtv"] == 1
    assert by_code["new_asylum_application"] == by_code["left_unknown"] == 1
    assert by_code["detention"] == 0
    assert by_code["unknown"] == 1
    assert m.outflow_by_group == {
        "durable": 2,
        "semi_durable": 1,
        "none": 1,
        "transfer": 0,
        "unknown": 1,
    }
    assert m.outflow == 5


def test_the_grouping_is_reference_data(world):
    place(world.client_a, world.location_a, D(2022, 1, 1), D(2022, 5, 1), "outflow")
    OutflowFactory(client=world.client_a, left_on=D(2022, 5, 1), reason=reason("other"))
    assert run(Level.NATIONAL, None, Q2).outflow_by_group["none"] == 1
    OutflowReason.objects.filter(code="other").update(group="semi_durable")
    assert run(Level.NATIONAL, None, Q2).outflow_by_group["semi_durable"] == 1


def test_scenarios_of_those_present_at_the_end(world):
    place(world.client_a, world.location_a, D(2022, 1, 1))
    place(world.client_b, world.location_b, D(2022, 1, 1))
    third = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
    place(third, world.location_a, D(2022, 1, 1))
    ScenarioFactory(client=world.client_a, kind="return", agreed_on=D(2022, 2, 1))
    ScenarioFactory(client=world.client_a, kind="legal_residence", agreed_on=D(2022, 6, 30))
    ScenarioFactory(client=world.client_b, kind="onward_migration", agreed_on=D(2022, 3, 1))
    # Agreed after the count date: not yet.
    ScenarioFactory(client=world.client_b, kind="return", agreed_on=D(2022, 7, 1))
    m = run(Level.NATIONAL, None, Q2)
    assert m.scenarios_at_end["legal_residence"] == 1
    assert m.scenarios_at_end["onward_migration"] == 1
    assert m.scenarios_at_end["none"] == 1
    assert sum(m.scenarios_at_end.values()) == m.present_at_end == 3


def test_of_two_scenarios_agreed_the_same_day_the_later_recorded_counts(world):
    place(world.client_a, world.location_a, D(2022, 1, 1))
    first = ScenarioFactory(client=world.client_a, kind="return", agreed_on=D(2022, 3, 1))
    second = ScenarioFactory(
        client=world.client_a, kind="onward_migration", agreed_on=D(2022, 3, 1)
    )
    assert _counted(run(Level.NATIONAL, None, Q2).scenarios_at_end) == {"onward_migration": 1}
    # Recorded in the other order: the other one counts.
    type(first).objects.filter(pk=first.pk).update(
        created_at=second.created_at + datetime.timedelta(1)
    )
    assert _counted(run(Level.NATIONAL, None, Q2).scenarios_at_end) == {"return": 1}


def _counted(counts: dict[str, int]) -> dict[str, int]:
    return {key: count for key, count in counts.items() if count}


def test_occupancy_and_utilisation_per_location(world):
    LocationCapacityFactory(
        location=world.location_a,
        start=D(2022, 1, 1),
        state_funded_places=2,
        municipality_funded_places=1,
    )
    place(world.client_a, world.location_a, D(2022, 3, 1), D(2022, 4, 11), "outflow")
    place(world.client_b, world.location_b, D(2022, 6, 1))
    m = run(Level.MUNICIPALITY, "GM0344", Q2)
    (use,) = m.locations
    assert use.name == world.location_a.name
    assert (use.days, use.place_nights_used, use.place_nights_available) == (91, 10, 273)
    assert use.utilisation_percent == Decimal("3.7")
    assert use.average_occupied == Decimal("0.1")
    national = run(Level.NATIONAL, None, Q2)
    assert {u.name: u.place_nights_used for u in national.locations} == {
        world.location_a.name: 10,
        world.location_b.name: 30,
    }


def test_time_from_intake_to_scenario(world):
    place(world.client_a, world.location_a, D(2022, 1, 20))
    IntakeFactory(client=world.client_a, intake_on=D(2022, 1, 10), decision=IntakeDecision.ADMITTED)
    ScenarioFactory(client=world.client_a, agreed_on=D(2022, 4, 20))
    ScenarioFactory(client=world.client_a, agreed_on=D(2022, 5, 20))  # not the first
    place(world.client_b, world.location_b, D(2022, 1, 20))
    IntakeFactory(client=world.client_b, intake_on=D(2022, 1, 10), decision=IntakeDecision.ADMITTED)
    ScenarioFactory(client=world.client_b, agreed_on=D(2022, 3, 20))  # first in Q1
    m = run(Level.NATIONAL, None, Q2)
    assert m.intake_to_scenario.count == 1
    assert m.intake_to_scenario.median == Decimal((D(2022, 4, 20) - D(2022, 1, 10)).days)


def test_share_discussed_in_an_lso(world):
    place(world.client_a, world.location_a, D(2022, 1, 1), D(2022, 4, 5), "corrected")
    place(world.client_b, world.location_b, D(2022, 5, 1))
    meeting = CaseMeetingFactory(municipality=world.utrecht, held_on=D(2022, 4, 2))
    CaseDiscussionFactory(meeting=meeting, client=world.client_a)
    old = CaseMeetingFactory(municipality=world.amsterdam, held_on=D(2022, 3, 2))
    CaseDiscussionFactory(meeting=old, client=world.client_b)
    m = run(Level.NATIONAL, None, Q2)
    assert (m.discussed_in_lso, m.present_in_period) == (1, 2)
    assert m.discussed_share_percent == Decimal("50.0")


def test_open_escalations_at_the_end(world):
    place(world.client_a, world.location_a, D(2022, 1, 1))

    def escalate(level, raised_on, closed_on=None):
        Escalation.objects.create(
            client=world.client_a,
            level=level,
            raised_on=raised_on,
            reason="Stagnatie",
            status=EscalationStatus.OPEN if closed_on is None else EscalationStatus.RESOLVED,
            closed_on=closed_on,
        )

    escalate(EscalationLevel.STEERING_GROUP, D(2022, 2, 1), D(2022, 3, 1))  # closed before
    escalate(EscalationLevel.STEERING_GROUP, D(2022, 4, 1), D(2022, 7, 1))  # closed after
    escalate(EscalationLevel.PROGRAMME_COUNCIL, D(2022, 6, 1))
    escalate(EscalationLevel.ADMINISTRATIVE, D(2022, 7, 1))  # raised after the end
    m = run(Level.NATIONAL, None, Q2)
    assert m.open_escalations == {
        "steering_group": 1,
        "programme_council": 1,
        "administrative": 0,
    }


def test_a_fixed_number_of_queries_whatever_the_number_of_clients(world):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            run(Level.NATIONAL, None, Q2)
        return len(captured)

    place(world.client_a, world.location_a, D(2022, 1, 1))
    few = count_queries()
    for _ in range(15):
        client = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
        place(client, world.location_a, D(2022, 2, 1), D(2022, 5, 1), "outflow")
        ScenarioFactory(client=client, agreed_on=D(2022, 3, 1))
    assert count_queries() == few <= 4


def test_quartiles_interpolate_linearly():
    q = quantiles([(1, 1), (2, 1), (3, 1), (4, 1)])
    assert (q.first_quartile, q.median, q.third_quartile) == (
        Decimal("1.75"),
        Decimal("2.5"),
        Decimal("3.25"),
    )
    assert quantiles([(10, 3)]).median == Decimal(10)
    assert quantiles([]).median is None


def test_periods_and_units_are_checked():
    from django.core.exceptions import ValidationError

    assert quarter_period("2022-Q4").end == D(2023, 1, 1)
    assert last_complete_quarter(D(2022, 5, 3)) == Q1
    assert last_complete_quarter(D(2022, 1, 3)) == quarter_period("2021-Q4")
    assert quarters(Q1, Q3) == [Q1, Q2, Q3]
    for text in ("2022-Q5", "Q2", "2022"):
        with pytest.raises(ValidationError) as caught:
            quarter_period(text)
        assert "period" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        unit_resolve("province", "x")
    assert "level" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        unit_resolve("municipality", "GM9999")
    assert "unit" in caught.value.message_dict


def test_reads_go_to_the_reporting_database_when_a_replica_is_configured(settings):
    from lvv.monitoring.selectors.sql import reporting_db

    settings.REPORTING_DATABASE_URL = ""
    assert reporting_db() == "default"
    settings.REPORTING_DATABASE_URL = "postgres://reader@replica:5432/lvv"
    assert "reporting" in settings.DATABASES
    assert reporting_db() == "reporting"
