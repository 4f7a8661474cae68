"""The register of decisions, programmes and the network plan: programme managers write."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvv.audit.models import AuditAction, AuditEvent
from lvv.network.tests.factories import RegionFactory
from lvv.programme import services
from lvv.programme.models import DecisionKind, PlannedLvvStatus, PlannedLvvYear

pytestmark = pytest.mark.django_db

D = datetime.date
E = Decimal


def test_a_decision_is_registered_with_its_kenmerk(manager_actor):
    decision = services.decision_create(
        actor=manager_actor,
        kind=DecisionKind.PARLIAMENTARY_LETTER,
        date=D(2021, 12, 17),
        title=" Verlenging pilots Landelijke Vreemdelingenvoorzieningen ",
        reference="3692956",
        url="https://www.tweedekamer.nl/",
    )
    assert decision.title == "Verlenging pilots Landelijke Vreemdelingenvoorzieningen"
    assert AuditEvent.objects.filter(object_id=str(decision.uuid)).count() == 1


def test_a_kenmerk_is_registered_once(manager_actor, seed_letter, snapshot):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.decision_create(
            actor=manager_actor,
            kind=DecisionKind.PARLIAMENTARY_LETTER,
            date=D(2021, 12, 18),
            title="Dubbel",
            reference="3692956",
        )
    assert "reference" in error.value.message_dict
    before.assert_unchanged()
    # Decisions without a kenmerk are not each other's duplicates.
    for title in ("Zonder kenmerk 1", "Zonder kenmerk 2"):
        services.decision_create(
            actor=manager_actor, kind=DecisionKind.OTHER, date=D(2022, 1, 1), title=title
        )


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"kind": "tweet"}, "kind"),
        ({"url": "not a link"}, "url"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_decisions_are_refused_at_their_field(manager_actor, snapshot, fields, field):
    values = {"kind": DecisionKind.OTHER, "date": D(2022, 1, 1), "title": "Besluit", **fields}
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.decision_create(actor=manager_actor, **values)
    assert field in error.value.message_dict
    before.assert_unchanged()


def test_a_coordinator_cannot_register_decisions(coordinator_actor, snapshot):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.decision_create(
            actor=coordinator_actor, kind=DecisionKind.OTHER, date=D(2022, 1, 1), title="x"
        )
    before.assert_unchanged()


def test_correcting_a_decision_audits_the_fields_changed(manager_actor, seed_letter):
    services.decision_update(
        actor=manager_actor, decision=seed_letter, data={"parliamentary_paper": "19 637, nr. 2800"}
    )
    event = AuditEvent.objects.filter(object_id=str(seed_letter.uuid)).last()
    assert (event.action, event.changed_fields) == (AuditAction.UPDATE, ["parliamentary_paper"])


def test_a_programme_has_a_unique_name(manager_actor, programme, snapshot):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.programme_create(actor=manager_actor, name=programme.name)
    assert "name" in error.value.message_dict
    before.assert_unchanged()


# --- the network plan -----------------------------------------------------------------------------


def test_a_planned_lvv_with_its_years(manager_actor, groningen, programme):
    region = RegionFactory(central_municipality=groningen)
    plan = services.planned_lvv_create(
        actor=manager_actor,
        name="LVV Groningen",
        central_municipality=groningen,
        region=region,
        status=PlannedLvvStatus.PILOT,
        programme=programme,
        years=[
            {"year": 2023, "planned_places": 95, "budget": E("2850000.00")},
            {"year": 2024, "planned_places": 100, "budget": E("3000000.00")},
        ],
    )
    assert [(y.year, y.planned_places, y.budget) for y in plan.years.all()] == [
        (2023, 95, E("2850000.00")),
        (2024, 100, E("3000000.00")),
    ]
    services.planned_lvv_update(
        actor=manager_actor,
        plan=plan,
        data={
            "status": PlannedLvvStatus.OPERATIONAL,
            "years": [{"year": 2024, "planned_places": 110, "budget": E("3300000.00")}],
        },
    )
    plan.refresh_from_db()
    assert plan.status == PlannedLvvStatus.OPERATIONAL
    assert [(y.year, y.planned_places) for y in plan.years.all()] == [(2024, 110)]


def test_a_planned_lvv_may_wait_for_its_central_municipality(manager_actor):
    plan = services.planned_lvv_create(actor=manager_actor, name="LVV 6")
    assert plan.central_municipality is None
    assert plan.status == PlannedLvvStatus.PLANNED


@pytest.mark.parametrize(
    "years, field",
    [
        (
            [
                {"year": 2023, "planned_places": 1, "budget": E("1.00")},
                {"year": 2023, "planned_places": 2, "budget": E("2.00")},
            ],
            "years.1.year",
        ),
        ([{"year": 2023, "planned_places": 1, "budget": E("-1.00")}], "years.0.budget"),
        ([{"year": 1999, "planned_places": 1, "budget": E("1.00")}], "years.0.year"),
    ],
)
def test_bad_years_are_refused_by_their_place_in_the_list(
    manager_actor, groningen, snapshot, years, field
):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.planned_lvv_create(
            actor=manager_actor, name="LVV Groningen", central_municipality=groningen, years=years
        )
    assert field in error.value.message_dict
    before.assert_unchanged()


def test_the_region_must_be_the_central_municipalitys(manager_actor, groningen, snapshot):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.planned_lvv_create(
            actor=manager_actor,
            name="LVV Groningen",
            central_municipality=groningen,
            region=RegionFactory(),
        )
    assert "region" in error.value.message_dict
    before.assert_unchanged()


def test_setting_one_year_adds_or_overwrites_it(manager_actor, groningen):
    plan = services.planned_lvv_create(
        actor=manager_actor, name="LVV Groningen", central_municipality=groningen
    )
    services.planned_lvv_year_set(
        actor=manager_actor, plan=plan, year=2025, planned_places=80, budget=E("2400000.00")
    )
    services.planned_lvv_year_set(
        actor=manager_actor, plan=plan, year=2025, planned_places=90, budget=E("2700000.00")
    )
    assert list(PlannedLvvYear.objects.values_list("year", "planned_places")) == [(2025, 90)]


def test_a_coordinator_cannot_change_the_plan(coordinator_actor, groningen, snapshot):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.planned_lvv_create(
            actor=coordinator_actor, name="LVV Groningen", central_municipality=groningen
        )
    before.assert_unchanged()
