"""`/api/v1/municipalities`, `/regions`, `/locations` and `/locations/{uuid}/capacities`."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvv.accounts.roles import ROLE_POLICIES, Capability, OrganisationKind, Role
from lvv.accounts.tests.factories import OrganisationFactory, member
from lvv.audit.models import AuditAction, AuditEvent
from lvv.network.models import Location, LocationCapacity, Municipality, Region
from lvv.network.tests.factories import (
    LocationCapacityFactory,
    LocationFactory,
    MunicipalityFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
API = "/api/v1"
PROBLEM = "application/problem+json"


# --- the role matrix -------------------------------------------------------------------------


def build_world(membership):
    """The rows an action works on, in the acting member's own municipality where they have
    one (so a coordinator's writes are the allowed kind; other municipalities are tested
    separately)."""
    organisation = membership.organisation if membership else None
    municipality = getattr(organisation, "municipality", None) or MunicipalityFactory()
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER_NGO)
    location = LocationFactory(municipality=municipality, operator=partner, start=D(2019, 1, 1))
    capacity = LocationCapacityFactory(location=location, start=D(2019, 1, 1), end=D(2020, 1, 1))
    region = RegionFactory(central_municipality=municipality)
    region.municipalities.add(municipality)
    return {
        "municipality": municipality,
        "partner": partner,
        "location": location,
        "capacity": capacity,
        "region": region,
    }


def capacities_url(world):
    return f"{API}/locations/{world['location'].uuid}/capacities"


# (name, method, url(world), body(world), success status, capability needed)
ACTIONS = [
    ("municipalities list", "get", lambda w: f"{API}/municipalities", None, 200, "view"),
    (
        "municipalities retrieve",
        "get",
        lambda w: f"{API}/municipalities/{w['municipality'].uuid}",
        None,
        200,
        "view",
    ),
    (
        "municipalities create",
        "post",
        lambda w: f"{API}/municipalities",
        lambda w: {"cbs_code": "GM0001", "name": "Nieuwegein"},
        201,
        "network",
    ),
    (
        "municipalities partial_update",
        "patch",
        lambda w: f"{API}/municipalities/{w['municipality'].uuid}",
        lambda w: {"name": "Hernoemd"},
        200,
        "network",
    ),
    ("regions list", "get", lambda w: f"{API}/regions", None, 200, "view"),
    (
        "regions retrieve",
        "get",
        lambda w: f"{API}/regions/{w['region'].uuid}",
        None,
        200,
        "view",
    ),
    (
        "regions create",
        "post",
        lambda w: f"{API}/regions",
        lambda w: {"name": "Regio Nieuw", "central_municipality": w["municipality"].cbs_code},
        201,
        "network",
    ),
    (
        "regions partial_update",
        "patch",
        lambda w: f"{API}/regions/{w['region'].uuid}",
        lambda w: {"name": "Regio Hernoemd"},
        200,
        "network",
    ),
    ("locations list", "get", lambda w: f"{API}/locations", None, 200, "view"),
    (
        "locations retrieve",
        "get",
        lambda w: f"{API}/locations/{w['location'].uuid}",
        None,
        200,
        "view",
    ),
    (
        "locations create",
        "post",
        lambda w: f"{API}/locations",
        lambda w: {
            "name": "Nieuwe locatie",
            "operator": str(w["partner"].uuid),
            "municipality": w["municipality"].cbs_code,
            "kind": "night",
            "start": "2024-01-01",
        },
        201,
        "locations",
    ),
    (
        "locations partial_update",
        "patch",
        lambda w: f"{API}/locations/{w['location'].uuid}",
        lambda w: {"name": "Hernoemde locatie"},
        200,
        "locations",
    ),
    ("capacities list", "get", capacities_url, None, 200, "view"),
    (
        "capacities retrieve",
        "get",
        lambda w: f"{capacities_url(w)}/{w['capacity'].uuid}",
        None,
        200,
        "view",
    ),
    (
        "capacities create",
        "post",
        capacities_url,
        lambda w: {"start": "2020-01-01", "state_funded_places": 10},
        201,
        "locations",
    ),
    (
        "capacities partial_update",
        "patch",
        lambda w: f"{capacities_url(w)}/{w['capacity'].uuid}",
        lambda w: {"state_funded_places": 12},
        200,
        "locations",
    ),
]


def allowed(role, needs: str) -> bool:
    capabilities = ROLE_POLICIES[role].capabilities
    if needs == "view":
        return Capability.VIEW_NETWORK in capabilities
    if needs == "network":
        return Capability.MANAGE_NETWORK in capabilities
    return bool({Capability.MANAGE_NETWORK, Capability.MANAGE_OWN_LOCATIONS} & set(capabilities))


def test_the_matrix_expects_what_design_md_says():
    # The expectations are derived from ROLE_POLICIES; pin them to the design table too.
    assert [r for r in Role if allowed(r, "network")] == [Role.FUNCTIONAL_ADMIN]
    assert {r for r in Role if allowed(r, "locations")} == {
        Role.FUNCTIONAL_ADMIN,
        Role.MUNICIPAL_COORDINATOR,
    }
    assert [r for r in Role if not allowed(r, "view")] == [Role.AUDITOR]


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize(
    "name, method, url, body, success, needs", ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_role_matrix(api_client, role, name, method, url, body, success, needs):
    membership = member(role)
    world = build_world(membership)
    client = api_client(membership)
    events_before = AuditEvent.objects.count()

    response = getattr(client, method)(url(world), body(world) if body else None, format="json")

    if allowed(role, needs):
        assert response.status_code == success, response.content
        if method != "get":
            assert AuditEvent.objects.count() == events_before + 1
    else:
        assert response.status_code == 403, response.content
        assert response["Content-Type"] == PROBLEM
        assert AuditEvent.objects.count() == events_before


@pytest.mark.parametrize(
    "name, method, url, body, success, needs", ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_no_token_is_401(api_client, name, method, url, body, success, needs):
    world = build_world(None)
    response = getattr(api_client(), method)(
        url(world), body(world) if body else None, format="json"
    )
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM


def test_a_wrong_token_is_401(api_client):
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(f"{API}/locations").status_code == 401


# --- own municipality ------------------------------------------------------------------------


@pytest.fixture
def coordinator_client(api_client, coordinator):
    return api_client(coordinator)


@pytest.fixture
def elsewhere(amsterdam, partner):
    location = LocationFactory(municipality=amsterdam, operator=partner, start=D(2019, 1, 1))
    return location, LocationCapacityFactory(location=location, start=D(2019, 1, 1))


def test_coordinator_cannot_write_in_another_municipality(
    coordinator_client, elsewhere, amsterdam, partner, location
):
    other_location, other_capacity = elsewhere
    counts = (
        Location.objects.count(),
        LocationCapacity.objects.count(),
        AuditEvent.objects.count(),
    )
    responses = [
        coordinator_client.post(
            f"{API}/locations",
            {
                "name": "Stiekem",
                "operator": str(partner.uuid),
                "municipality": amsterdam.cbs_code,
                "kind": "night",
                "start": "2024-01-01",
            },
            format="json",
        ),
        coordinator_client.patch(
            f"{API}/locations/{other_location.uuid}", {"name": "X"}, format="json"
        ),
        coordinator_client.post(
            f"{API}/locations/{other_location.uuid}/capacities",
            {"start": "2030-01-01"},
            format="json",
        ),
        coordinator_client.patch(
            f"{API}/locations/{other_location.uuid}/capacities/{other_capacity.uuid}",
            {"state_funded_places": 1},
            format="json",
        ),
        # Moving an own location into another municipality is writing there too.
        coordinator_client.patch(
            f"{API}/locations/{location.uuid}", {"municipality": amsterdam.cbs_code}, format="json"
        ),
    ]
    assert [r.status_code for r in responses] == [403] * 5
    assert all(r["Content-Type"] == PROBLEM for r in responses)
    assert (
        Location.objects.count(),
        LocationCapacity.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    other_location.refresh_from_db()
    assert other_location.name != "X"


# --- problem+json on bad input -----------------------------------------------------------------


@pytest.fixture
def admin_client(api_client):
    return api_client(member(Role.FUNCTIONAL_ADMIN))


def invalid_params(response) -> list[str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == 400
    return [param["name"] for param in body["invalidParams"]]


def test_invalid_cbs_code_is_400_naming_cbs_code(admin_client):
    response = admin_client.post(
        f"{API}/municipalities", {"cbs_code": "GM12", "name": "X"}, format="json"
    )
    assert invalid_params(response) == ["cbs_code"]
    assert not Municipality.objects.filter(name="X").exists()


def test_duplicate_cbs_code_is_400_naming_cbs_code(admin_client, amsterdam):
    response = admin_client.post(
        f"{API}/municipalities", {"cbs_code": "GM0363", "name": "X"}, format="json"
    )
    assert invalid_params(response) == ["cbs_code"]


def test_location_closing_before_opening_is_400_naming_end(admin_client, utrecht, partner):
    response = admin_client.post(
        f"{API}/locations",
        {
            "name": "Kort",
            "operator": str(partner.uuid),
            "municipality": utrecht.cbs_code,
            "kind": "day",
            "start": "2024-01-01",
            "end": "2024-01-01",
        },
        format="json",
    )
    assert invalid_params(response) == ["end"]
    assert not Location.objects.filter(name="Kort").exists()


def test_operator_that_is_no_partner_is_400_naming_operator(admin_client, utrecht):
    dtv = OrganisationFactory(kind=OrganisationKind.DTV)
    response = admin_client.post(
        f"{API}/locations",
        {
            "name": "Fout",
            "operator": str(dtv.uuid),
            "municipality": utrecht.cbs_code,
            "kind": "day",
            "start": "2024-01-01",
        },
        format="json",
    )
    assert invalid_params(response) == ["operator"]


def test_malformed_operator_uuid_is_400_naming_operator(admin_client, utrecht):
    response = admin_client.post(
        f"{API}/locations",
        {
            "name": "Fout",
            "operator": "not-a-uuid",
            "municipality": utrecht.cbs_code,
            "kind": "day",
            "start": "2024-01-01",
        },
        format="json",
    )
    assert invalid_params(response) == ["operator"]


def test_overlapping_capacity_is_400_naming_start(admin_client, location, capacity):
    response = admin_client.post(
        f"{API}/locations/{location.uuid}/capacities",
        {"start": "2019-06-01", "state_funded_places": 3},
        format="json",
    )
    assert invalid_params(response) == ["start"]
    assert location.capacities.count() == 1


def test_closing_a_location_with_running_capacity_is_400_naming_end(admin_client, location):
    LocationCapacityFactory(location=location, start=D(2019, 1, 1), end=None)
    response = admin_client.patch(
        f"{API}/locations/{location.uuid}", {"end": "2024-01-01"}, format="json"
    )
    assert invalid_params(response) == ["end"]
    location.refresh_from_db()
    assert location.end is None


def test_negative_places_are_400_naming_the_field(admin_client, location, capacity):
    response = admin_client.patch(
        f"{API}/locations/{location.uuid}/capacities/{capacity.uuid}",
        {"municipality_funded_places": -1},
        format="json",
    )
    assert invalid_params(response) == ["municipality_funded_places"]


def test_missing_fields_are_400(admin_client):
    response = admin_client.post(f"{API}/locations", {}, format="json")
    assert set(invalid_params(response)) >= {"name", "operator", "municipality", "kind", "start"}


# --- shapes, urls, filters -------------------------------------------------------------------


def test_location_output(admin_client, location, capacity, partner, utrecht):
    response = admin_client.get(f"{API}/locations/{location.uuid}")
    body = response.json()
    assert body["uuid"] == str(location.uuid)
    assert body["operator"] == {"uuid": str(partner.uuid), "name": partner.name}
    assert body["municipality"] == {
        "uuid": str(utrecht.uuid),
        "cbs_code": "GM0344",
        "name": "Utrecht",
    }
    assert body["start"] == "2019-01-01"
    assert body["end"] is None
    assert "id" not in body
    # The 2019 period has ended: no places today.
    assert body["current_capacity"] == {
        "state_funded_places": 0,
        "municipality_funded_places": 0,
        "total_places": 0,
    }


def test_location_output_shows_places_today(admin_client, location):
    LocationCapacityFactory(
        location=location,
        start=D(2019, 1, 1),
        end=None,
        state_funded_places=12,
        municipality_funded_places=3,
    )
    body = admin_client.get(f"{API}/locations").json()["results"][0]
    assert body["current_capacity"] == {
        "state_funded_places": 12,
        "municipality_funded_places": 3,
        "total_places": 15,
    }


def test_create_answers_201_with_location_header(admin_client, location):
    response = admin_client.post(
        f"{API}/locations/{location.uuid}/capacities",
        {"start": "2021-01-01", "end": "2022-01-01", "state_funded_places": 4},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["end"] == "2022-01-01"
    assert body["total_places"] == 4
    assert body["location"] == str(location.uuid)
    assert response["Location"] == (f"{API}/locations/{location.uuid}/capacities/{body['uuid']}")
    assert admin_client.get(response["Location"]).status_code == 200


def test_region_create_always_serves_the_central_municipality(admin_client, utrecht, amsterdam):
    response = admin_client.post(
        f"{API}/regions",
        {"name": "Regio", "central_municipality": "GM0344", "municipalities": ["GM0363"]},
        format="json",
    )
    assert response.status_code == 201
    codes = {m["cbs_code"] for m in response.json()["municipalities"]}
    assert codes == {"GM0344", "GM0363"}
    assert response.json()["central_municipality"]["cbs_code"] == "GM0344"


def test_region_unknown_municipality_is_400(admin_client, utrecht):
    response = admin_client.post(
        f"{API}/regions",
        {"name": "Regio", "central_municipality": "GM9999"},
        format="json",
    )
    assert invalid_params(response) == ["central_municipality"]
    assert not Region.objects.exists()


def test_patch_audits_only_what_changed(admin_client, location):
    response = admin_client.patch(
        f"{API}/locations/{location.uuid}",
        {"name": location.name, "city": "Nieuwegein"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["city"] == "Nieuwegein"
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event.action == AuditAction.UPDATE
    assert event.changed_fields == ["city"]
    assert event.origin.startswith("api")


@pytest.mark.parametrize(
    "path",
    ["/locations/", "/municipalities/", "/regions/"],
)
def test_no_trailing_slash(admin_client, path):
    response = admin_client.get(f"{API}{path}")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_detail_urls_take_uuids_not_ids(admin_client, location, capacity):
    assert admin_client.get(f"{API}/locations/{location.pk}").status_code == 404
    assert admin_client.get(f"{API}/locations/{location.uuid}/").status_code == 404
    assert admin_client.get(f"{API}/locations/{location.uuid}").status_code == 200
    assert (
        admin_client.get(f"{API}/locations/{location.uuid}/capacities/{capacity.pk}").status_code
        == 404
    )


def test_unknown_location_for_capacities_is_404(admin_client, location):
    response = admin_client.get(f"{API}/locations/00000000-0000-0000-0000-000000000000/capacities")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_capacity_of_another_location_is_404(admin_client, location, capacity, elsewhere):
    other_location, _ = elsewhere
    response = admin_client.get(f"{API}/locations/{other_location.uuid}/capacities/{capacity.uuid}")
    assert response.status_code == 404


@pytest.mark.parametrize("method", ["put", "delete"])
def test_no_put_or_delete(admin_client, location, method):
    response = getattr(admin_client, method)(f"{API}/locations/{location.uuid}", {}, format="json")
    assert response.status_code == 405
    assert Location.objects.filter(pk=location.pk).exists()


@pytest.fixture
def filter_world(utrecht, amsterdam, partner):
    other_partner = OrganisationFactory(kind=OrganisationKind.PARTNER_NGO)
    return {
        "utrecht_night": LocationFactory(
            name="U nacht",
            municipality=utrecht,
            operator=partner,
            kind="night",
            start=D(2019, 1, 1),
        ),
        "utrecht_day_closed": LocationFactory(
            name="U dag",
            municipality=utrecht,
            operator=other_partner,
            kind="day",
            start=D(2019, 1, 1),
            end=D(2021, 1, 1),
        ),
        "amsterdam_24h": LocationFactory(
            name="A 24",
            municipality=amsterdam,
            operator=partner,
            kind="24h",
            start=D(2022, 1, 1),
        ),
        "other_partner": other_partner,
    }


def location_names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["name"] for item in response.json()["results"]}


def test_location_filters(admin_client, filter_world, partner):
    get = admin_client.get
    assert location_names(get(f"{API}/locations", {"municipality": "GM0344"})) == {
        "U nacht",
        "U dag",
    }
    assert location_names(get(f"{API}/locations", {"operator": str(partner.uuid)})) == {
        "U nacht",
        "A 24",
    }
    assert location_names(get(f"{API}/locations", {"kind": "day"})) == {"U dag"}
    assert location_names(get(f"{API}/locations", {"open_on": "2020-12-31"})) == {
        "U nacht",
        "U dag",
    }
    assert location_names(get(f"{API}/locations", {"open_on": "2021-01-01"})) == {"U nacht"}
    assert location_names(get(f"{API}/locations", {"open_on": "2022-01-01"})) == {
        "U nacht",
        "A 24",
    }
    assert location_names(
        get(f"{API}/locations", {"municipality": "GM0344", "open_on": "2022-01-01"})
    ) == {"U nacht"}


def test_bad_filter_values_are_400(admin_client, filter_world):
    assert invalid_params(admin_client.get(f"{API}/locations", {"open_on": "gisteren"})) == [
        "open_on"
    ]
    assert invalid_params(admin_client.get(f"{API}/locations", {"operator": "x"})) == ["operator"]
    assert invalid_params(admin_client.get(f"{API}/locations", {"kind": "tent"})) == ["kind"]


def test_municipality_filters(admin_client, utrecht, amsterdam):
    def names(params):
        response = admin_client.get(f"{API}/municipalities", params)
        return {item["name"] for item in response.json()["results"]}

    assert names({"cbs_code": "gm0363"}) == {"Amsterdam"}
    assert names({"name": "trech"}) == {"Utrecht"}


def test_region_filter_by_municipality_served(admin_client, utrecht, amsterdam):
    midden = RegionFactory(name="Midden", central_municipality=utrecht)
    midden.municipalities.add(utrecht)
    response = admin_client.get(f"{API}/regions", {"municipality": "GM0344"})
    assert [item["name"] for item in response.json()["results"]] == ["Midden"]
    response = admin_client.get(f"{API}/regions", {"municipality": "GM0363"})
    assert response.json()["results"] == []


def make_locations(count: int, municipality, partner):
    for index in range(count):
        location = LocationFactory(
            name=f"Locatie {count}-{index}", municipality=municipality, operator=partner
        )
        LocationCapacityFactory(location=location, start=D(2019, 1, 1), end=None)


def test_location_list_query_count_does_not_grow(admin_client, utrecht, partner):
    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(f"{API}/locations", {"pageSize": 100})
        assert response.status_code == 200
        return len(queries), response.json()["count"]

    make_locations(10, utrecht, partner)
    ten, count = queries_for_list()
    assert count == 10
    make_locations(20, utrecht, partner)
    thirty, count = queries_for_list()
    assert count == 30
    assert ten == thirty


def test_openapi_lists_the_network_endpoints(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    for path in [
        "/api/v1/municipalities",
        "/api/v1/municipalities/{uuid}",
        "/api/v1/regions",
        "/api/v1/regions/{uuid}",
        "/api/v1/locations",
        "/api/v1/locations/{uuid}",
        "/api/v1/locations/{location_uuid}/capacities",
        "/api/v1/locations/{location_uuid}/capacities/{uuid}",
    ]:
        assert path in paths
    assert "put" not in paths["/api/v1/locations/{uuid}"]
