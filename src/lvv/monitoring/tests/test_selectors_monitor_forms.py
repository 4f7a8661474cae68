"""The national monitor on PostgreSQL reads whole tables (hash joins) over a year or more,
where a unit or a shorter period looks its persons up one by one (`statements.PER_PERSON` /
`WHOLE_TABLES`): both forms must give the same rows, on a register with every case the
lookups distinguish."""

from __future__ import annotations

import datetime
import random

import pytest
from django.db import connection

from lvv.cases.models import Client, IntakeDecision, OutflowReason
from lvv.cases.tests.factories import (
    CaseDiscussionFactory,
    CaseMeetingFactory,
    ClientFactory,
    IntakeFactory,
    OutflowFactory,
    PlacementFactory,
    ScenarioFactory,
)
from lvv.core.periods import Period
from lvv.monitoring.selectors import sql as q
from lvv.monitoring.selectors.statements import (
    PER_PERSON,
    WHOLE_TABLES,
    lookup_forms,
    main_statement,
)

D = datetime.date
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the whole-table forms are PostgreSQL's (SQLite has no hash join)",
    ),
]


def _register(world, seed: int = 7) -> None:
    """Forty persons over two years: stays that touch, overlap and move; persons with two
    files (one anonymised, as after retention); Outflow records on the stay's last day, on
    another day and twice on one day; intakes, scenarios and LSO discussions in and out of
    the periods."""
    rng = random.Random(seed)
    reasons = list(OutflowReason.objects.order_by("code"))
    locations = [world.location_a, world.location_b]
    for index in range(40):
        v_number = f"{1000000000 + index}"
        files = [ClientFactory(municipality=world.utrecht, partner=world.ngo_a, v_number=v_number)]
        if index % 5 == 0:  # an older file of the same person, anonymised
            Client.objects.filter(pk=files[0].pk).update(v_number="", family_name="")
            files.append(
                ClientFactory(municipality=world.amsterdam, partner=world.ngo_b, v_number=v_number)
            )
        day = D(2021, 1, 1) + datetime.timedelta(days=rng.randrange(500))
        for number in range(rng.randint(1, 3)):
            client = files[number % len(files)]
            length = rng.randrange(1, 200)
            end = day + datetime.timedelta(days=length)
            still_open = number == 2 and index % 3 == 0
            PlacementFactory(
                client=client,
                location=rng.choice(locations),
                start=day,
                end=None if still_open else end,
                end_reason="" if still_open else rng.choice(["outflow", "moved", "corrected"]),
            )
            if not still_open:
                left_on = end + datetime.timedelta(days=rng.choice([0, 0, 0, 3]))
                OutflowFactory(client=client, left_on=left_on, reason=rng.choice(reasons))
                if index % 7 == 0:
                    OutflowFactory(client=client, left_on=left_on, reason=rng.choice(reasons))
            # The next placement touches, overlaps or follows after a gap.
            day = end + datetime.timedelta(days=rng.choice([-20, 0, 0, 15, 90]))
        for client in files:
            if rng.random() < 0.8:
                IntakeFactory(
                    client=client,
                    intake_on=D(2021, 1, 1) + datetime.timedelta(days=rng.randrange(400)),
                    decision=rng.choice([IntakeDecision.ADMITTED] * 2 + [IntakeDecision.REFUSED]),
                )
            for _ in range(rng.randint(0, 2)):
                ScenarioFactory(
                    client=client,
                    agreed_on=D(2021, 2, 1) + datetime.timedelta(days=rng.randrange(600)),
                )
            if rng.random() < 0.6:
                meeting = CaseMeetingFactory(
                    municipality=world.utrecht,
                    held_on=D(2021, 1, 1) + datetime.timedelta(days=rng.randrange(700)),
                )
                CaseDiscussionFactory(meeting=meeting, client=client)


def _rows(period: Period, *, whole_tables: bool) -> list[tuple]:
    dialect = q.Dialect("default")
    statement = main_statement(dialect, "national", None, period, whole_tables=whole_tables)
    return sorted(tuple(str(value) for value in row) for row in q.run(statement, "default"))


@pytest.mark.parametrize(
    "period",
    [
        Period(D(2021, 1, 1), D(2023, 1, 1)),
        Period(D(2021, 10, 1), D(2022, 1, 1)),
        Period(D(2022, 4, 1), D(2022, 7, 1)),
    ],
)
def test_whole_tables_and_per_person_lookups_agree(world, period):
    _register(world)
    per_person = _rows(period, whole_tables=False)
    whole_tables = _rows(period, whole_tables=True)
    sections = {row[0] for row in per_person}
    # The register exercises the lookups: reasons, LSO (and over two years intake to scenario).
    assert {"reason", "lso", "stay_leavers"} <= sections
    assert "intake_to_scenario" in sections or period.end - period.start < datetime.timedelta(400)
    assert any(row[:2] == ("lso", "discussed") and row[2] != "0" for row in per_person)
    assert whole_tables == per_person


@pytest.mark.parametrize(
    ("period", "level", "form"),
    [
        (Period(D(2022, 1, 1), D(2022, 4, 1)), "national", PER_PERSON),  # a quarter
        (Period(D(2022, 1, 1), D(2022, 12, 31)), "national", PER_PERSON),  # 364 days
        (Period(D(2022, 1, 1), D(2023, 1, 1)), "national", WHOLE_TABLES),  # a year
        (Period(D(2016, 1, 1), D(2026, 1, 1)), "national", WHOLE_TABLES),  # ten years
        (Period(D(2016, 1, 1), D(2026, 1, 1)), "municipality", PER_PERSON),
    ],
)
def test_the_periods_length_and_the_level_choose_the_lookup_form(period, level, form):
    dialect = q.Dialect("default")
    parts = q.fragments(dialect, national=level == "national")
    chosen = lookup_forms(dialect, national=level == "national", parts=parts, period=period)
    assert chosen == {name: q.compose(text, parts) for name, text in form.items()}
