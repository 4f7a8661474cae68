"""Writes to the network register: every refusal names the field and leaves nothing behind;
every write leaves one audit event naming the fields it set."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvv.accounts.actors import Actor
from lvv.accounts.roles import OrganisationKind, Role
from lvv.accounts.tests.factories import OrganisationFactory, actor_for, member
from lvv.audit.models import AuditAction, AuditEvent
from lvv.network import services
from lvv.network.models import Location, LocationCapacity, LocationKind, Municipality
from lvv.network.tests.factories import (
    LocationCapacityFactory,
    LocationFactory,
    MunicipalityFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-sequence").first()


def refused(call, field: str, snapshot) -> ValidationError:
    """Run `call`, expect a ValidationError on `field`, and prove nothing was written."""
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in caught.value.message_dict, caught.value.message_dict
    before.assert_unchanged()
    return caught.value


def denied(call, snapshot) -> None:
    before = snapshot()
    with pytest.raises(PermissionDenied):
        call()
    before.assert_unchanged()


# --- municipalities ---------------------------------------------------------------------------


def test_municipality_create_saves_and_audits(admin_actor):
    municipality = services.municipality_create(
        actor=admin_actor, cbs_code="GM0599", name="Rotterdam"
    )
    assert Municipality.objects.get(cbs_code="GM0599").name == "Rotterdam"
    event = last_event()
    assert event.action == AuditAction.CREATE
    assert event.object_type == "network.municipality"
    assert event.object_id == str(municipality.uuid)
    assert event.changed_fields == ["cbs_code", "name"]
    assert event.actor_id == admin_actor.user.uuid


def test_municipality_create_normalises_a_typed_code(admin_actor):
    municipality = services.municipality_create(
        actor=admin_actor, cbs_code=" gm0772 ", name="Eindhoven"
    )
    assert municipality.cbs_code == "GM0772"


@pytest.mark.parametrize("code", ["GM12", "0363", "XX0363", "GM03633", "GM 0363", "GMABCD", ""])
def test_municipality_create_refuses_an_invalid_cbs_code(admin_actor, snapshot, code):
    refused(
        lambda: services.municipality_create(actor=admin_actor, cbs_code=code, name="Ergens"),
        "cbs_code",
        snapshot,
    )


def test_municipality_create_refuses_a_duplicate_cbs_code(admin_actor, amsterdam, snapshot):
    refused(
        lambda: services.municipality_create(actor=admin_actor, cbs_code="GM0363", name="Dubbel"),
        "cbs_code",
        snapshot,
    )


def test_municipality_update_audits_only_changed_fields(admin_actor, amsterdam):
    services.municipality_update(
        actor=admin_actor, municipality=amsterdam, data={"cbs_code": "GM0363", "name": "A'dam"}
    )
    amsterdam.refresh_from_db()
    assert amsterdam.name == "A'dam"
    event = last_event()
    assert event.action == AuditAction.UPDATE
    assert event.changed_fields == ["name"]


def test_municipality_update_that_changes_nothing_writes_nothing(admin_actor, amsterdam, snapshot):
    before = snapshot()
    services.municipality_update(
        actor=admin_actor, municipality=amsterdam, data={"name": "Amsterdam"}
    )
    before.assert_unchanged()


def test_municipality_update_refuses_an_invalid_or_duplicate_code(
    admin_actor, amsterdam, utrecht, snapshot
):
    refused(
        lambda: services.municipality_update(
            actor=admin_actor, municipality=amsterdam, data={"cbs_code": "GM1"}
        ),
        "cbs_code",
        snapshot,
    )
    amsterdam = Municipality.objects.get(pk=amsterdam.pk)
    refused(
        lambda: services.municipality_update(
            actor=admin_actor, municipality=amsterdam, data={"cbs_code": "GM0344"}
        ),
        "cbs_code",
        snapshot,
    )
    assert Municipality.objects.get(pk=amsterdam.pk).cbs_code == "GM0363"


@pytest.mark.parametrize("role", [role for role in Role if role != Role.FUNCTIONAL_ADMIN], ids=str)
def test_only_functional_admins_write_municipalities(role, amsterdam, snapshot):
    actor = actor_for(member(role))
    denied(lambda: services.municipality_create(actor=actor, cbs_code="GM0001", name="X"), snapshot)
    denied(
        lambda: services.municipality_update(
            actor=actor, municipality=amsterdam, data={"name": "X"}
        ),
        snapshot,
    )


def test_the_system_actor_may_write_the_register():
    municipality = services.municipality_create(
        actor=Actor.system(), cbs_code="GM0014", name="Groningen"
    )
    assert municipality.pk is not None
    assert last_event().actor_username == ""


# --- regions ---------------------------------------------------------------------------------


def test_region_create_serves_its_central_municipality(admin_actor, utrecht, amsterdam):
    region = services.region_create(
        actor=admin_actor, name="Regio Midden", central_municipality=utrecht, municipalities=[]
    )
    assert set(region.municipalities.all()) == {utrecht}
    event = last_event()
    assert event.action == AuditAction.CREATE
    assert event.changed_fields == ["central_municipality", "municipalities", "name"]


def test_region_create_keeps_the_municipalities_served(admin_actor, utrecht, amsterdam):
    region = services.region_create(
        actor=admin_actor,
        name="Regio Breed",
        central_municipality=utrecht,
        municipalities=[amsterdam],
    )
    assert set(region.municipalities.all()) == {utrecht, amsterdam}


def test_region_create_refuses_a_duplicate_name(admin_actor, utrecht, snapshot):
    RegionFactory(name="Regio Midden", central_municipality=utrecht)
    refused(
        lambda: services.region_create(
            actor=admin_actor, name="Regio Midden", central_municipality=utrecht
        ),
        "name",
        snapshot,
    )


def test_region_update_adds_a_new_central_municipality_to_those_served(
    admin_actor, utrecht, amsterdam
):
    region = services.region_create(actor=admin_actor, name="R", central_municipality=utrecht)
    services.region_update(
        actor=admin_actor,
        region=region,
        data={"central_municipality": amsterdam, "municipalities": [utrecht]},
    )
    region.refresh_from_db()
    assert region.central_municipality == amsterdam
    assert set(region.municipalities.all()) == {utrecht, amsterdam}
    assert last_event().changed_fields == ["central_municipality", "municipalities"]


def test_region_update_cannot_drop_the_central_municipality(admin_actor, utrecht, amsterdam):
    region = services.region_create(
        actor=admin_actor, name="R", central_municipality=utrecht, municipalities=[amsterdam]
    )
    services.region_update(actor=admin_actor, region=region, data={"municipalities": []})
    assert set(region.municipalities.all()) == {utrecht}
    assert last_event().changed_fields == ["municipalities"]


def test_region_update_refuses_a_taken_name(admin_actor, utrecht, snapshot):
    RegionFactory(name="Bezet", central_municipality=utrecht)
    region = services.region_create(actor=admin_actor, name="Vrij", central_municipality=utrecht)
    refused(
        lambda: services.region_update(actor=admin_actor, region=region, data={"name": "Bezet"}),
        "name",
        snapshot,
    )


def test_coordinators_may_not_write_regions(coordinator_actor, utrecht, snapshot):
    denied(
        lambda: services.region_create(
            actor=coordinator_actor, name="R", central_municipality=utrecht
        ),
        snapshot,
    )


# --- locations -------------------------------------------------------------------------------


def location_kwargs(municipality, operator, **overrides):
    kwargs = {
        "name": "Nachtopvang De Haven",
        "operator": operator,
        "municipality": municipality,
        "kind": LocationKind.NIGHT,
        "start": D(2022, 1, 1),
        "street": "Havenstraat",
        "house_number": "3",
        "postcode": "3511 AB",
        "city": "Utrecht",
    }
    kwargs.update(overrides)
    return kwargs


def test_location_create_saves_and_audits(admin_actor, utrecht, partner):
    location = services.location_create(actor=admin_actor, **location_kwargs(utrecht, partner))
    assert Location.objects.get(uuid=location.uuid).operator == partner
    event = last_event()
    assert event.action == AuditAction.CREATE
    assert event.object_type == "network.location"
    assert event.changed_fields == sorted(services.LOCATION_FIELDS)


@pytest.mark.parametrize(
    "kind",
    [kind for kind in OrganisationKind if kind != OrganisationKind.PARTNER_NGO],
    ids=str,
)
def test_location_operator_must_be_a_partner(admin_actor, utrecht, snapshot, kind):
    not_a_partner = OrganisationFactory(
        kind=kind, municipality=utrecht if kind == OrganisationKind.MUNICIPALITY else None
    )
    refused(
        lambda: services.location_create(
            actor=admin_actor, **location_kwargs(utrecht, not_a_partner)
        ),
        "operator",
        snapshot,
    )


@pytest.mark.parametrize("end", [D(2022, 1, 1), D(2021, 12, 31)], ids=["same day", "before"])
def test_location_closing_on_or_before_its_opening_is_refused(
    admin_actor, utrecht, partner, snapshot, end
):
    refused(
        lambda: services.location_create(
            actor=admin_actor, **location_kwargs(utrecht, partner, end=end)
        ),
        "end",
        snapshot,
    )


def test_location_names_are_unique_within_a_municipality(
    admin_actor, utrecht, amsterdam, partner, snapshot
):
    services.location_create(actor=admin_actor, **location_kwargs(utrecht, partner))
    error = refused(
        lambda: services.location_create(actor=admin_actor, **location_kwargs(utrecht, partner)),
        "name",
        snapshot,
    )
    assert "__all__" not in error.message_dict  # said once, at the field
    # The same name in another municipality is another location.
    services.location_create(actor=admin_actor, **location_kwargs(amsterdam, partner))


def test_location_postcode_is_checked(admin_actor, utrecht, partner, snapshot):
    refused(
        lambda: services.location_create(
            actor=admin_actor, **location_kwargs(utrecht, partner, postcode="ABC")
        ),
        "postcode",
        snapshot,
    )


def test_coordinator_creates_locations_in_own_municipality_only(
    coordinator_actor, utrecht, amsterdam, partner, snapshot
):
    location = services.location_create(
        actor=coordinator_actor, **location_kwargs(utrecht, partner)
    )
    assert location.municipality == utrecht
    assert last_event().role == Role.MUNICIPAL_COORDINATOR
    denied(
        lambda: services.location_create(
            actor=coordinator_actor, **location_kwargs(amsterdam, partner)
        ),
        snapshot,
    )


def test_coordinator_without_a_municipality_creates_nothing(utrecht, partner, snapshot):
    # A coordinator's organisation that (wrongly) names no municipality gives no rights at all.
    organisation = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, municipality=utrecht)
    membership = member(Role.MUNICIPAL_COORDINATOR, organisation=organisation)
    organisation.municipality = None
    organisation.save()
    membership.refresh_from_db()
    actor = actor_for(membership)
    denied(
        lambda: services.location_create(actor=actor, **location_kwargs(utrecht, partner)),
        snapshot,
    )


@pytest.mark.parametrize(
    "role",
    [role for role in Role if role not in (Role.FUNCTIONAL_ADMIN, Role.MUNICIPAL_COORDINATOR)],
    ids=str,
)
def test_other_roles_write_no_locations_or_capacity(role, location, capacity, partner, snapshot):
    actor = actor_for(member(role))
    denied(
        lambda: services.location_create(
            actor=actor, **location_kwargs(location.municipality, partner, name="Nieuw")
        ),
        snapshot,
    )
    denied(
        lambda: services.location_update(actor=actor, location=location, data={"name": "X"}),
        snapshot,
    )
    denied(
        lambda: services.location_capacity_add(actor=actor, location=location, start=D(2021, 1, 1)),
        snapshot,
    )
    denied(
        lambda: services.location_capacity_update(
            actor=actor, capacity=capacity, data={"state_funded_places": 1}
        ),
        snapshot,
    )


def test_location_update_audits_only_changed_fields(admin_actor, location):
    updated = services.location_update(
        actor=admin_actor,
        location=location,
        data={"name": location.name, "city": "Utrecht-Noord", "kind": LocationKind.DAY},
    )
    assert updated.city == "Utrecht-Noord"
    assert Location.objects.get(pk=location.pk).kind == LocationKind.DAY
    event = last_event()
    assert event.action == AuditAction.UPDATE
    assert event.changed_fields == ["city", "kind"]


def test_location_update_that_changes_nothing_writes_nothing(admin_actor, location, snapshot):
    before = snapshot()
    services.location_update(actor=admin_actor, location=location, data={"name": location.name})
    before.assert_unchanged()


def test_location_update_refuses_unknown_fields(admin_actor, location, snapshot):
    refused(
        lambda: services.location_update(actor=admin_actor, location=location, data={"uuid": "x"}),
        "uuid",
        snapshot,
    )


def test_location_closes_when_its_capacity_has_ended(admin_actor, location, capacity):
    closed = services.location_update(
        actor=admin_actor, location=location, data={"end": D(2020, 1, 1)}
    )
    assert Location.objects.get(pk=location.pk).end == D(2020, 1, 1)
    assert closed.last_day == D(2019, 12, 31)
    assert last_event().changed_fields == ["end"]


@pytest.mark.parametrize(
    "capacity_end, closing",
    [(None, D(2025, 1, 1)), (D(2020, 1, 1), D(2019, 12, 31)), (D(2020, 1, 1), D(2019, 6, 1))],
    ids=["open-ended capacity", "one day short", "mid-period"],
)
def test_location_cannot_close_while_capacity_runs_past(
    admin_actor, location, snapshot, capacity_end, closing
):
    LocationCapacityFactory(location=location, start=D(2019, 1, 1), end=capacity_end)
    refused(
        lambda: services.location_update(
            actor=admin_actor, location=location, data={"end": closing}
        ),
        "end",
        snapshot,
    )
    assert Location.objects.get(pk=location.pk).end is None


def test_location_cannot_open_after_its_first_capacity(admin_actor, location, capacity, snapshot):
    refused(
        lambda: services.location_update(
            actor=admin_actor, location=location, data={"start": D(2019, 2, 1)}
        ),
        "start",
        snapshot,
    )


def test_location_update_refuses_closing_before_opening(admin_actor, location, snapshot):
    refused(
        lambda: services.location_update(
            actor=admin_actor, location=location, data={"end": location.start}
        ),
        "end",
        snapshot,
    )


def test_coordinator_updates_own_locations_only(
    coordinator_actor, location, amsterdam, partner, snapshot
):
    services.location_update(actor=coordinator_actor, location=location, data={"city": "Zeist"})
    assert Location.objects.get(pk=location.pk).city == "Zeist"
    elsewhere = LocationFactory(municipality=amsterdam, operator=partner)
    denied(
        lambda: services.location_update(
            actor=coordinator_actor, location=elsewhere, data={"city": "Zeist"}
        ),
        snapshot,
    )
    # Nor may a coordinator move their own location out of their municipality.
    denied(
        lambda: services.location_update(
            actor=coordinator_actor, location=location, data={"municipality": amsterdam}
        ),
        snapshot,
    )


# --- capacity --------------------------------------------------------------------------------


def test_capacity_add_saves_and_audits(admin_actor, location):
    capacity = services.location_capacity_add(
        actor=admin_actor,
        location=location,
        start=D(2021, 1, 1),
        end=D(2022, 1, 1),
        state_funded_places=30,
        municipality_funded_places=10,
    )
    assert LocationCapacity.objects.get(uuid=capacity.uuid).total_places == 40
    event = last_event()
    assert event.action == AuditAction.CREATE
    assert event.object_type == "network.locationcapacity"
    assert event.object_id == str(capacity.uuid)
    assert event.changed_fields == sorted(services.CAPACITY_FIELDS)


def test_capacity_periods_may_touch(admin_actor, location, capacity):
    # The existing period ends (exclusive) on 1 January 2020: the next may start that day.
    services.location_capacity_add(actor=admin_actor, location=location, start=D(2020, 1, 1))
    assert location.capacities.count() == 2


@pytest.mark.parametrize(
    "start, end",
    [
        (D(2019, 1, 1), D(2019, 6, 1)),  # same start
        (D(2019, 3, 1), D(2019, 4, 1)),  # inside
        (D(2019, 12, 31), None),  # last day of the existing period, open-ended
        (D(2019, 1, 1), None),  # covers it
    ],
    ids=["same start", "inside", "last day", "covering"],
)
def test_capacity_periods_may_not_overlap(admin_actor, location, capacity, snapshot, start, end):
    error = refused(
        lambda: services.location_capacity_add(
            actor=admin_actor, location=location, start=start, end=end
        ),
        "start",
        snapshot,
    )
    assert "__all__" not in error.message_dict


def test_an_open_ended_period_blocks_later_ones(admin_actor, location, snapshot):
    LocationCapacityFactory(location=location, start=D(2020, 1, 1), end=None)
    refused(
        lambda: services.location_capacity_add(
            actor=admin_actor, location=location, start=D(2030, 1, 1), end=D(2031, 1, 1)
        ),
        "start",
        snapshot,
    )


def test_capacity_cannot_start_before_the_location_opens(admin_actor, location, snapshot):
    refused(
        lambda: services.location_capacity_add(
            actor=admin_actor, location=location, start=D(2018, 12, 31)
        ),
        "start",
        snapshot,
    )


def test_capacity_must_end_by_the_closing_date(admin_actor, location, snapshot):
    location.end = D(2023, 1, 1)
    location.save()
    refused(
        lambda: services.location_capacity_add(
            actor=admin_actor, location=location, start=D(2022, 1, 1)
        ),
        "end",
        snapshot,
    )
    refused(
        lambda: services.location_capacity_add(
            actor=admin_actor, location=location, start=D(2022, 1, 1), end=D(2023, 1, 2)
        ),
        "end",
        snapshot,
    )
    refused(
        lambda: services.location_capacity_add(
            actor=admin_actor, location=location, start=D(2023, 1, 1), end=D(2023, 2, 1)
        ),
        "start",
        snapshot,
    )
    # Up to and including the last open day is fine.
    services.location_capacity_add(
        actor=admin_actor, location=location, start=D(2022, 1, 1), end=D(2023, 1, 1)
    )


@pytest.mark.parametrize("field", ["state_funded_places", "municipality_funded_places"])
def test_capacity_places_are_not_negative(admin_actor, location, snapshot, field):
    refused(
        lambda: services.location_capacity_add(
            actor=admin_actor, location=location, start=D(2021, 1, 1), **{field: -1}
        ),
        field,
        snapshot,
    )


def test_capacity_must_end_after_it_starts(admin_actor, location, snapshot):
    refused(
        lambda: services.location_capacity_add(
            actor=admin_actor, location=location, start=D(2021, 1, 1), end=D(2021, 1, 1)
        ),
        "end",
        snapshot,
    )


def test_capacity_add_locks_the_location_row(admin_actor, location):
    with CaptureQueriesContext(connection) as queries:
        services.location_capacity_add(actor=admin_actor, location=location, start=D(2021, 1, 1))
    locks = [
        q["sql"] for q in queries if "FOR UPDATE" in q["sql"] and "network_location" in q["sql"]
    ]
    if connection.features.has_select_for_update:
        assert locks, "the location row must be locked while checking for overlaps"
    else:
        # SQLite has no row locks; its writes are serialised by the database lock instead.
        assert not locks


def test_capacity_update_audits_only_changed_fields(admin_actor, capacity):
    updated = services.location_capacity_update(
        actor=admin_actor,
        capacity=capacity,
        data={"start": capacity.start, "state_funded_places": 25},
    )
    assert updated.state_funded_places == 25
    assert LocationCapacity.objects.get(pk=capacity.pk).state_funded_places == 25
    assert last_event().changed_fields == ["state_funded_places"]


def test_capacity_update_may_not_overlap_a_sibling(admin_actor, location, capacity, snapshot):
    later = LocationCapacityFactory(location=location, start=D(2020, 1, 1), end=None)
    refused(
        lambda: services.location_capacity_update(
            actor=admin_actor, capacity=later, data={"start": D(2019, 6, 1)}
        ),
        "start",
        snapshot,
    )
    assert LocationCapacity.objects.get(pk=later.pk).start == D(2020, 1, 1)


def test_capacity_update_may_extend_itself(admin_actor, capacity):
    # A period does not overlap itself.
    services.location_capacity_update(
        actor=admin_actor, capacity=capacity, data={"end": D(2021, 1, 1)}
    )
    assert LocationCapacity.objects.get(pk=capacity.pk).end == D(2021, 1, 1)


def test_capacity_update_refuses_negative_places(admin_actor, capacity, snapshot):
    refused(
        lambda: services.location_capacity_update(
            actor=admin_actor, capacity=capacity, data={"municipality_funded_places": -3}
        ),
        "municipality_funded_places",
        snapshot,
    )


def test_coordinator_manages_capacity_in_own_municipality_only(
    coordinator_actor, location, capacity, amsterdam, partner, snapshot
):
    services.location_capacity_add(actor=coordinator_actor, location=location, start=D(2020, 1, 1))
    services.location_capacity_update(
        actor=coordinator_actor, capacity=capacity, data={"state_funded_places": 21}
    )
    elsewhere = LocationFactory(municipality=amsterdam, operator=partner, start=D(2019, 1, 1))
    elsewhere_capacity = LocationCapacityFactory(location=elsewhere, start=D(2019, 1, 1))
    denied(
        lambda: services.location_capacity_add(
            actor=coordinator_actor, location=elsewhere, start=D(2018, 1, 1)
        ),
        snapshot,
    )
    denied(
        lambda: services.location_capacity_update(
            actor=coordinator_actor, capacity=elsewhere_capacity, data={"state_funded_places": 1}
        ),
        snapshot,
    )


def test_superuser_without_membership_may_write(location):
    user = member(Role.CASEWORKER).user
    user.is_superuser = True
    user.save()
    actor = Actor(user=user, membership=None, channel="web")
    services.location_capacity_add(actor=actor, location=location, start=D(2021, 1, 1))
    assert location.capacities.count() == 1


def test_a_member_without_membership_on_the_web_is_not_the_system(location, snapshot):
    user = member(Role.CASEWORKER).user
    actor = Actor(user=user, membership=None, channel="web")
    denied(
        lambda: services.location_capacity_add(actor=actor, location=location, start=D(2021, 1, 1)),
        snapshot,
    )


def test_municipality_factory_codes_are_valid():
    # The factories feed every test; their codes must pass the same validator.
    MunicipalityFactory().full_clean()
