"""Each data-quality check on small hand-built data with known answers, for Utrecht's 2022-Q2
(`[2022-04-01, 2022-07-01)`), and what each role gets to see of the findings."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

from lvv.audit.models import AuditAction, AuditEvent
from lvv.cases.models import (
    CaseSettings,
    ClientStatus,
    IntakeDecision,
    PlacementEndReason,
)
from lvv.cases.reference_data import load_reference_data
from lvv.cases.tests.conftest import _build_world
from lvv.cases.tests.factories import (
    ClientFactory,
    IntakeFactory,
    OutflowFactory,
    PlacementFactory,
    ScenarioFactory,
    StatusChangeFactory,
)
from lvv.monitoring.selectors.quality import (
    last_ended_quarter,
    parse_quarter,
    quality_report_for,
    recent_quarters,
)
from lvv.monitoring.selectors.quality_checks import (
    CHECK_CODES,
    MISSING_OUTFLOW,
    NO_SCENARIO,
    OVERLAPPING_PLACEMENTS,
    PAST_MAXIMUM_STAY,
    PLACEMENT_WITHOUT_INTAKE,
    quality_counts,
    quality_findings,
)

D = datetime.date


@pytest.fixture(autouse=True)
def _reference_data(db):
    load_reference_data(apps)


@pytest.fixture
def world(db):
    """The client register's scene (see `lvv.cases.tests.conftest`): Utrecht (`_a`) and
    Amsterdam (`_b`), a member in every role."""
    return _build_world()


def utrecht_client(world, **kwargs):
    return ClientFactory(municipality=world.utrecht, partner=world.ngo_a, **kwargs)


def admitted(client, on):
    return IntakeFactory(client=client, intake_on=on, decision=IntakeDecision.ADMITTED)


def placed(world, client, start, end=None, **kwargs):
    return PlacementFactory(
        client=client, location=world.location_a, start=start, end=end, **kwargs
    )


def findings(world, code):
    return quality_findings(municipality=world.utrecht, year=2022, quarter=2)[code]


def test_nothing_found_in_clean_data(world):
    client = utrecht_client(world)
    admitted(client, D(2022, 1, 3))
    placed(world, client, D(2022, 1, 3))
    ScenarioFactory(client=client, agreed_on=D(2022, 2, 20))
    assert quality_counts(municipality=world.utrecht, year=2022, quarter=2) == dict.fromkeys(
        CHECK_CODES, 0
    )


def test_missing_outflow_from_placements(world):
    missing = utrecht_client(world)
    placed(world, missing, D(2022, 1, 1), D(2022, 5, 10), end_reason=PlacementEndReason.OUTFLOW)
    recorded = utrecht_client(world)
    placed(world, recorded, D(2022, 1, 1), D(2022, 5, 10), end_reason=PlacementEndReason.OUTFLOW)
    OutflowFactory(client=recorded, left_on=D(2022, 5, 10))
    other_day = utrecht_client(world)  # an outflow on another day does not match
    placed(world, other_day, D(2022, 1, 1), D(2022, 6, 1), end_reason=PlacementEndReason.OUTFLOW)
    OutflowFactory(client=other_day, left_on=D(2022, 5, 1))
    earlier = utrecht_client(world)  # left in the quarter before: that quarter's finding
    placed(
        world,
        earlier,
        D(2022, 1, 1),
        D(2022, 4, 1) - datetime.timedelta(days=1),
        end_reason=PlacementEndReason.OUTFLOW,
    )
    on_last_day = utrecht_client(world)  # first day no longer placed is 30 June: in Q2
    placed(world, on_last_day, D(2022, 1, 1), D(2022, 6, 30), end_reason=PlacementEndReason.OUTFLOW)
    moved = utrecht_client(world)
    placed(world, moved, D(2022, 1, 1), D(2022, 5, 10), end_reason=PlacementEndReason.MOVED)

    assert findings(world, MISSING_OUTFLOW) == {missing.pk, other_day.pk, on_last_day.pk}
    assert (
        earlier.pk
        in quality_findings(municipality=world.utrecht, year=2022, quarter=1)[MISSING_OUTFLOW]
    )


def test_missing_outflow_from_the_status(world):
    by_history = utrecht_client(world, status=ClientStatus.OUTFLOW, status_since=D(2022, 5, 2))
    StatusChangeFactory(
        client=by_history,
        from_status=ClientStatus.IN_TRAJECTORY,
        to_status=ClientStatus.OUTFLOW,
        changed_on=D(2022, 5, 2),
    )
    by_status_only = utrecht_client(world, status=ClientStatus.OUTFLOW, status_since=D(2022, 6, 5))
    complete = utrecht_client(world, status=ClientStatus.OUTFLOW, status_since=D(2022, 6, 5))
    OutflowFactory(client=complete, left_on=D(2022, 6, 5))
    elsewhere = ClientFactory(
        municipality=world.amsterdam,
        partner=world.ngo_b,
        status=ClientStatus.OUTFLOW,
        status_since=D(2022, 6, 5),
    )
    result = findings(world, MISSING_OUTFLOW)
    assert result == {by_history.pk, by_status_only.pk}
    assert elsewhere.pk not in result


def test_placement_without_intake(world):
    none = utrecht_client(world)
    placed(world, none, D(2022, 4, 10))
    same_day = utrecht_client(world)
    admitted(same_day, D(2022, 4, 10))
    placed(world, same_day, D(2022, 4, 10))
    too_late = utrecht_client(world)
    admitted(too_late, D(2022, 4, 11))
    placed(world, too_late, D(2022, 4, 10))
    refused = utrecht_client(world)
    IntakeFactory(client=refused, intake_on=D(2022, 3, 1), decision=IntakeDecision.REFUSED)
    placed(world, refused, D(2022, 4, 10))
    before_quarter = utrecht_client(world)  # placed and gone before the quarter
    placed(world, before_quarter, D(2022, 1, 10), D(2022, 4, 1))

    assert findings(world, PLACEMENT_WITHOUT_INTAKE) == {none.pk, too_late.pk, refused.pk}


def test_overlapping_placements(world):
    overlapping = utrecht_client(world)
    admitted(overlapping, D(2022, 1, 1))
    placed(world, overlapping, D(2022, 1, 1), D(2022, 5, 1))
    placed(world, overlapping, D(2022, 4, 15))
    adjacent = utrecht_client(world)  # a move: one ends the day the next starts
    admitted(adjacent, D(2022, 1, 1))
    placed(world, adjacent, D(2022, 1, 1), D(2022, 5, 1))
    placed(world, adjacent, D(2022, 5, 1))
    both_closed = utrecht_client(world)
    admitted(both_closed, D(2022, 1, 1))
    placed(world, both_closed, D(2022, 4, 1), D(2022, 4, 20))
    placed(world, both_closed, D(2022, 4, 19), D(2022, 5, 20))

    assert findings(world, OVERLAPPING_PLACEMENTS) == {overlapping.pk, both_closed.pk}


def test_past_maximum_stay(world):
    CaseSettings.objects.create(municipality=world.utrecht, maximum_stay_days=100)
    over = utrecht_client(world)  # 100 days from 1 Jan: the 101st day is 11 April
    admitted(over, D(2022, 1, 1))
    placed(world, over, D(2022, 1, 1))
    not_yet = utrecht_client(world)  # reaches the maximum after the quarter
    admitted(not_yet, D(2022, 3, 25))
    placed(world, not_yet, D(2022, 3, 25))
    left_in_time = utrecht_client(world)  # last day placed is 10 April, the 100th day
    admitted(left_in_time, D(2022, 1, 1))
    placed(world, left_in_time, D(2022, 1, 1), D(2022, 4, 11))
    one_day_over = utrecht_client(world)  # still placed on 11 April
    admitted(one_day_over, D(2022, 1, 1))
    placed(world, one_day_over, D(2022, 1, 1), D(2022, 4, 12))
    readmitted = utrecht_client(world)  # a new admission starts a new stay
    admitted(readmitted, D(2021, 1, 1))
    admitted(readmitted, D(2022, 3, 25))
    placed(world, readmitted, D(2022, 3, 25))
    no_intake = utrecht_client(world)  # the stay counts from the first placement
    placed(world, no_intake, D(2021, 12, 1))

    assert findings(world, PAST_MAXIMUM_STAY) == {over.pk, one_day_over.pk, no_intake.pk}


def test_no_maximum_stay_means_no_findings(world):
    client = utrecht_client(world)
    admitted(client, D(2015, 1, 1))
    placed(world, client, D(2015, 1, 1))
    assert findings(world, PAST_MAXIMUM_STAY) == set()


def test_no_scenario_after_the_rest_period(world):
    # Defaults: 28 days for the dossier and 14 of rest: the scenario is due 42 days after intake.
    late = utrecht_client(world)
    admitted(late, D(2022, 5, 1))  # due 12 June
    placed(world, late, D(2022, 5, 1))
    agreed = utrecht_client(world)
    admitted(agreed, D(2022, 5, 1))
    placed(world, agreed, D(2022, 5, 1))
    ScenarioFactory(client=agreed, agreed_on=D(2022, 6, 20))
    old_scenario = utrecht_client(world)  # a scenario of an earlier admission does not count
    ScenarioFactory(client=old_scenario, agreed_on=D(2021, 2, 1))
    admitted(old_scenario, D(2022, 4, 1))
    placed(world, old_scenario, D(2022, 4, 1))
    not_due = utrecht_client(world)
    admitted(not_due, D(2022, 5, 25))  # due 6 July, after the quarter
    placed(world, not_due, D(2022, 5, 25))
    left_before_due = utrecht_client(world)
    admitted(left_before_due, D(2022, 5, 1))
    placed(world, left_before_due, D(2022, 5, 1), D(2022, 6, 1))
    scenario_after_quarter = utrecht_client(world)
    admitted(scenario_after_quarter, D(2022, 4, 1))
    placed(world, scenario_after_quarter, D(2022, 4, 1))
    ScenarioFactory(client=scenario_after_quarter, agreed_on=D(2022, 7, 1))

    assert findings(world, NO_SCENARIO) == {late.pk, old_scenario.pk, scenario_after_quarter.pk}


def test_the_rest_period_follows_the_municipality_settings(world):
    CaseSettings.objects.create(municipality=world.utrecht, dossier_days=7, rest_period_days=7)
    client = utrecht_client(world)
    admitted(client, D(2022, 6, 10))  # due 24 June
    placed(world, client, D(2022, 6, 10))
    assert findings(world, NO_SCENARIO) == {client.pk}


def test_checks_look_at_the_municipality_s_own_locations(world):
    client_b = ClientFactory(municipality=world.amsterdam, partner=world.ngo_b)
    PlacementFactory(client=client_b, location=world.location_b, start=D(2022, 4, 10))
    assert findings(world, PLACEMENT_WITHOUT_INTAKE) == set()
    assert quality_findings(municipality=world.amsterdam, year=2022, quarter=2)[
        PLACEMENT_WITHOUT_INTAKE
    ] == {client_b.pk}


# --- who sees what -----------------------------------------------------------------------------


def _two_findings(world):
    """A Utrecht client and an Amsterdam client placed in Utrecht, both without an intake."""
    own = utrecht_client(world)
    placed(world, own, D(2022, 4, 10))
    guest = ClientFactory(municipality=world.amsterdam, partner=world.ngo_b)
    placed(world, guest, D(2022, 4, 12))
    return own, guest


def test_a_coordinator_sees_the_files_they_may_open_and_the_listing_is_recorded(world):
    own, _guest = _two_findings(world)
    before = AuditEvent.objects.count()
    report = quality_report_for(
        actor=world.actor("coordinator_a"), municipality=world.utrecht, year=2022, quarter=2
    )
    check = next(c for c in report.checks if c.code == PLACEMENT_WITHOUT_INTAKE)
    assert check.count == 2
    assert [c.pk for c in check.clients] == [own.pk]
    assert check.hidden_count == 1
    assert report.total == 2 and report.has_findings
    events = AuditEvent.objects.filter(sequence__gt=before)
    assert [(e.action, e.object_type, e.subject_id) for e in events] == [
        (AuditAction.LIST, "cases.client", None)
    ]


@pytest.mark.parametrize("role", ["analyst", "programme_manager"])
def test_the_national_monitor_gets_counts_and_never_clients(world, role):
    _two_findings(world)
    before = AuditEvent.objects.count()
    report = quality_report_for(
        actor=world.actor(role), municipality=world.utrecht, year=2022, quarter=2
    )
    assert report.counts[PLACEMENT_WITHOUT_INTAKE] == 2
    assert all(check.clients == [] for check in report.checks)
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("role", ["caseworker_a", "chain_dtv", "coordinator_b"])
def test_others_get_nothing_of_utrecht(world, role):
    _two_findings(world)
    with pytest.raises(PermissionDenied):
        quality_report_for(
            actor=world.actor(role), municipality=world.utrecht, year=2022, quarter=2
        )


def test_parse_quarter_and_recent_quarters():
    from django.core.exceptions import ValidationError

    assert parse_quarter("2022-Q2") == (2022, 2)
    assert parse_quarter(" 2022-q4 ") == (2022, 4)
    for wrong in ("2022-Q5", "2022Q2", "Q2-2022", "", "1999-Q1"):
        with pytest.raises(ValidationError) as caught:
            parse_quarter(wrong)
        assert "period" in caught.value.message_dict
    assert last_ended_quarter(D(2022, 5, 17)) == (2022, 1)
    assert last_ended_quarter(D(2022, 1, 1)) == (2021, 4)
    assert recent_quarters(3, D(2022, 5, 17)) == [(2022, 1), (2021, 4), (2021, 3)]
