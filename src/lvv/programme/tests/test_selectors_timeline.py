"""The timelines: one list of items, drawn as an SVG and shown as a table."""

import datetime

import pytest
from django.utils.translation import gettext

from lvv.programme import selectors, services
from lvv.programme.charts import timeline_svg
from lvv.programme.selectors import TimelineKind

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def extended(pilots, seed_letter, manager_actor):
    services.agreements_extend(
        actor=manager_actor,
        agreements=list(pilots.values()),
        new_end=D(2023, 1, 1),
        decision=seed_letter,
    )
    return pilots


def kinds(timeline, row):
    return sorted((i.kind, i.start, i.end) for i in timeline.items if i.row == row)


def test_the_programme_timeline_has_periods_decisions_and_deadlines(
    extended, groningen_contract, manager_actor, seed_letter
):
    timeline = selectors.programme_timeline(manager_actor, as_of=D(2021, 12, 1))
    assert timeline.rows[0] == gettext("Decisions")
    assert kinds(timeline, "Groningen") == sorted(
        [
            (TimelineKind.AGREEMENT, D(2019, 4, 1), D(2022, 7, 1)),
            (TimelineKind.EXTENSION, D(2022, 7, 1), D(2023, 1, 1)),
            (TimelineKind.NOTICE_DEADLINE, D(2022, 4, 1), None),
            # as known on 1 December 2021 the extension was not decided yet
            (TimelineKind.WARNING, D(2022, 4, 1), None),
        ]
    )
    decisions = [i for i in timeline.items if i.kind == TimelineKind.DECISION]
    assert [(d.start, d.label) for d in decisions] == [
        (D(2021, 12, 17), f"{seed_letter.title} (3692956)")
    ]


def test_a_termination_cuts_the_bars_and_is_marked(extended, manager_actor):
    from lvv.programme.tests.factories import DecisionFactory

    decision = DecisionFactory(date=D(2022, 3, 1), title="Einde")
    services.agreement_terminate(
        actor=manager_actor, agreement=extended["Utrecht"], end=D(2022, 4, 1), decision=decision
    )
    timeline = selectors.programme_timeline(manager_actor, as_of=D(2022, 3, 2))
    assert kinds(timeline, "Utrecht") == [
        (TimelineKind.AGREEMENT, D(2019, 4, 1), D(2022, 4, 1)),
        (TimelineKind.TERMINATION, D(2022, 4, 1), None),
    ]


def test_a_municipality_timeline_shows_its_contracts_and_its_decisions_only(
    extended, groningen_contract, coordinator_actor, groningen, seed_letter
):
    timeline = selectors.municipality_timeline(coordinator_actor, groningen, as_of=D(2022, 3, 1))
    rows = timeline.rows
    assert len(rows) == 3  # decisions, the agreement, the contract
    contract_row = rows[2]
    assert kinds(timeline, contract_row) == [
        (TimelineKind.CONTRACT, D(2021, 7, 1), D(2022, 7, 1)),
        (TimelineKind.NOTICE_DEADLINE, D(2022, 4, 1), None),
    ]
    assert [i.label for i in timeline.items if i.kind == TimelineKind.DECISION] == [
        f"{seed_letter.title} (3692956)"
    ]


def test_the_chart_is_an_svg_with_patterns_and_the_same_data_gives_the_same_chart(
    extended, groningen_contract, manager_actor
):
    timeline = selectors.programme_timeline(manager_actor, as_of=D(2021, 12, 1))
    svg = timeline_svg(timeline, today_label="1-12-2021")
    assert svg.lstrip().startswith("<?xml")
    assert "<svg" in svg
    assert "<pattern" in svg  # hatching: not colour alone
    assert "<script" not in svg
    assert "Groningen" in svg  # labels are text, not paths
    again = selectors.programme_timeline(manager_actor, as_of=D(2021, 12, 1))
    assert timeline_svg(again, today_label="1-12-2021") == svg
