"""The network pages: who sees which buttons, who may open which form, and what forms do."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvv.accounts.roles import Role
from lvv.accounts.tests.factories import member
from lvv.audit.models import AuditAction, AuditEvent
from lvv.network.models import Location, Municipality, Region
from lvv.network.tests.factories import (
    LocationCapacityFactory,
    LocationFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date

LIST = "/netwerk/locaties"


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def caseworker_client(page_client):
    return page_client(member(Role.CASEWORKER))


@pytest.fixture
def coordinator_client(page_client, coordinator):
    return page_client(coordinator)


@pytest.fixture
def admin_client(page_client):
    return page_client(member(Role.FUNCTIONAL_ADMIN))


@pytest.fixture
def elsewhere(amsterdam, partner):
    location = LocationFactory(
        name="Opvang Amsterdam", municipality=amsterdam, operator=partner, start=D(2019, 1, 1)
    )
    return location, LocationCapacityFactory(location=location, start=D(2019, 1, 1))


def page_urls(location, capacity, municipality, region):
    return [
        LIST,
        reverse("network:location-detail", kwargs={"uuid": location.uuid}),
        reverse("network:location-create"),
        reverse("network:location-update", kwargs={"uuid": location.uuid}),
        reverse("network:capacity-create", kwargs={"location_uuid": location.uuid}),
        reverse(
            "network:capacity-update",
            kwargs={"location_uuid": location.uuid, "uuid": capacity.uuid},
        ),
        "/netwerk/gemeenten",
        reverse("network:municipality-detail", kwargs={"uuid": municipality.uuid}),
        reverse("network:municipality-create"),
        reverse("network:municipality-update", kwargs={"uuid": municipality.uuid}),
        "/netwerk/regios",
        reverse("network:region-detail", kwargs={"uuid": region.uuid}),
        reverse("network:region-create"),
        reverse("network:region-update", kwargs={"uuid": region.uuid}),
    ]


@pytest.fixture
def every_page(location, capacity, utrecht):
    region = RegionFactory(name="Regio Midden", central_municipality=utrecht)
    region.municipalities.add(utrecht)
    return page_urls(location, capacity, utrecht, region)


def test_urls_are_dutch():
    assert reverse("network:location-list") == "/netwerk/locaties"
    assert reverse("network:municipality-list") == "/netwerk/gemeenten"
    assert reverse("network:region-list") == "/netwerk/regios"


def test_anonymous_is_sent_to_login(client, every_page):
    for url in every_page:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_auditor_has_no_network_pages(page_client, every_page):
    client = page_client(member(Role.AUDITOR))
    for url in every_page:
        assert client.get(url).status_code == 403, url


def test_caseworker_reads_but_gets_no_buttons_or_forms(caseworker_client, every_page):
    reads = [url for url in every_page if not url.endswith(("/nieuw", "/wijzigen"))]
    writes = [url for url in every_page if url not in reads]
    for url in reads:
        response = caseworker_client.get(url)
        assert response.status_code == 200, url
        assert "/nieuw" not in html(response), url
        assert "/wijzigen" not in html(response), url
    for url in writes:
        assert caseworker_client.get(url).status_code == 403, url
        assert caseworker_client.post(url, {"name": "X"}).status_code == 403, url


def test_functional_admin_opens_every_page_and_sees_buttons(admin_client, every_page, location):
    for url in every_page:
        assert admin_client.get(url).status_code == 200, url
    detail = html(admin_client.get(every_page[1]))
    assert reverse("network:location-update", kwargs={"uuid": location.uuid}) in detail
    assert reverse("network:capacity-create", kwargs={"location_uuid": location.uuid}) in detail
    assert reverse("network:location-create") in html(admin_client.get(LIST))
    assert reverse("network:municipality-create") in html(admin_client.get("/netwerk/gemeenten"))
    assert reverse("network:region-create") in html(admin_client.get("/netwerk/regios"))


# --- the location list -----------------------------------------------------------------------


@pytest.fixture
def listed(utrecht, amsterdam, partner):
    night = LocationFactory(
        name="Nachtopvang Utrecht",
        municipality=utrecht,
        operator=partner,
        kind="night",
        start=D(2019, 1, 1),
    )
    LocationCapacityFactory(
        location=night,
        start=D(2019, 1, 1),
        end=None,
        state_funded_places=11,
        municipality_funded_places=4,
    )
    LocationFactory(
        name="Dagopvang Amsterdam",
        municipality=amsterdam,
        operator=partner,
        kind="day",
        start=D(2019, 1, 1),
        end=D(2021, 1, 1),
    )
    return night


def test_location_list_shows_places_and_the_filter_form(caseworker_client, listed):
    page = html(caseworker_client.get(LIST))
    assert "Nachtopvang Utrecht" in page and "Dagopvang Amsterdam" in page
    assert "<caption" in page and 'scope="col"' in page
    # The filter form works without JavaScript (GET to the list) and with htmx.
    form = re.search(r"<form[^>]*role=\"search\"[^>]*>", page, re.S).group(0)
    assert 'method="get"' in form
    assert f'action="{LIST}"' in form
    assert f'hx-get="{LIST}"' in form
    assert 'hx-target="#location-results"' in form
    assert 'id="location-results"' in page
    for name in ("municipality", "kind", "open_on"):
        assert f'id="id_{name}"' in page
        assert f'for="id_{name}"' in page  # a label for every input
    assert ">15<" in page  # 11 + 4 places today


def test_location_list_filters_without_javascript(caseworker_client, listed):
    page = html(caseworker_client.get(LIST, {"municipality": "GM0344"}))
    assert "Nachtopvang Utrecht" in page and "Dagopvang Amsterdam" not in page
    page = html(caseworker_client.get(LIST, {"kind": "day"}))
    assert "Dagopvang Amsterdam" in page and "Nachtopvang Utrecht" not in page
    page = html(caseworker_client.get(LIST, {"open_on": "2021-01-01"}))
    assert "Nachtopvang Utrecht" in page and "Dagopvang Amsterdam" not in page
    assert "<html" in page


def test_location_list_with_htmx_answers_only_the_results(caseworker_client, listed):
    response = caseworker_client.get(LIST, {"kind": "night"}, HTTP_HX_REQUEST="true")
    page = html(response)
    assert response.status_code == 200
    assert "<html" not in page and "<form" not in page
    assert "Nachtopvang Utrecht" in page and "Dagopvang Amsterdam" not in page
    assert "HX-Request" in response["Vary"]


def test_location_list_counts_places_on_the_open_on_day(caseworker_client, listed):
    page = html(caseworker_client.get(LIST, {"open_on": "2018-06-01"}))
    assert "Nachtopvang Utrecht" not in page
    LocationCapacityFactory(
        location=LocationFactory(name="Oud", municipality=listed.municipality, start=D(2010, 1, 1)),
        start=D(2010, 1, 1),
        end=D(2019, 1, 1),
        state_funded_places=9,
        municipality_funded_places=0,
    )
    page = html(caseworker_client.get(LIST, {"open_on": "2018-06-01"}))
    assert "Oud" in page and ">9<" in page


def test_invalid_filter_shows_the_error_at_the_field(caseworker_client, listed):
    response = caseworker_client.get(LIST, {"municipality": "GM9999"})
    assert response.status_code == 200
    assert 'id="id_municipality_error"' in html(response)


def test_location_list_page_query_count_does_not_grow(caseworker_client, utrecht, partner):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = caseworker_client.get(LIST)
        assert response.status_code == 200
        return len(captured)

    for index in range(10):
        LocationCapacityFactory(
            location=LocationFactory(name=f"L{index}", municipality=utrecht, operator=partner)
        )
    ten = queries()
    for index in range(10, 30):
        LocationCapacityFactory(
            location=LocationFactory(name=f"L{index}", municipality=utrecht, operator=partner)
        )
    assert queries() == ten


# --- the location detail ---------------------------------------------------------------------


def test_location_detail_shows_address_operator_and_inclusive_periods(
    caseworker_client, location, partner
):
    location.end = D(2023, 1, 1)
    location.save()
    LocationCapacityFactory(location=location, start=D(2019, 1, 1), end=D(2021, 1, 1))
    LocationCapacityFactory(
        location=location, start=D(2021, 1, 1), end=D(2023, 1, 1), state_funded_places=40
    )
    page = html(
        caseworker_client.get(reverse("network:location-detail", kwargs={"uuid": location.uuid}))
    )
    assert partner.name in page
    assert "Voorbeeldstraat 1" in page and "1011 AB" in page
    # Shown with the last day included: 31 December, never the exclusive 1 January.
    assert "31 december 2022" in page
    assert "1 januari 2023" not in page
    assert "31 december 2020" in page
    assert 'data-testid="capacity-table"' in page
    assert ">40<" in page


def test_detail_of_an_unknown_location_is_404(caseworker_client):
    url = reverse(
        "network:location-detail", kwargs={"uuid": "00000000-0000-0000-0000-000000000000"}
    )
    assert caseworker_client.get(url).status_code == 404


# --- coordinators ----------------------------------------------------------------------------


def location_post(location, **overrides):
    data = {
        "name": location.name,
        "operator": str(location.operator.uuid),
        "municipality": location.municipality.cbs_code,
        "kind": location.kind,
        "street": location.street,
        "house_number": location.house_number,
        "postcode": location.postcode,
        "city": location.city,
        "start": location.start.isoformat(),
        "last_day": "",
    }
    data.update(overrides)
    return data


def test_coordinator_edits_a_location_of_own_municipality(coordinator_client, location):
    url = reverse("network:location-update", kwargs={"uuid": location.uuid})
    assert coordinator_client.get(url).status_code == 200
    response = coordinator_client.post(
        url, location_post(location, city="Zeist", last_day="2030-12-31")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "network:location-detail", kwargs={"uuid": location.uuid}
    )
    location.refresh_from_db()
    assert location.city == "Zeist"
    assert location.end == D(2031, 1, 1)  # the inclusive last day, stored as exclusive end
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event.action == AuditAction.UPDATE
    assert event.changed_fields == ["city", "end"]
    assert event.origin.startswith("web")


def test_coordinator_sees_edit_buttons_only_in_own_municipality(
    coordinator_client, location, elsewhere
):
    own = html(
        coordinator_client.get(reverse("network:location-detail", kwargs={"uuid": location.uuid}))
    )
    assert reverse("network:location-update", kwargs={"uuid": location.uuid}) in own
    other_location, _ = elsewhere
    other = html(
        coordinator_client.get(
            reverse("network:location-detail", kwargs={"uuid": other_location.uuid})
        )
    )
    assert "/wijzigen" not in other and "/nieuw" not in other


def test_coordinator_gets_403_in_another_municipality(coordinator_client, elsewhere):
    other_location, other_capacity = elsewhere
    urls = [
        reverse("network:location-update", kwargs={"uuid": other_location.uuid}),
        reverse("network:capacity-create", kwargs={"location_uuid": other_location.uuid}),
        reverse(
            "network:capacity-update",
            kwargs={"location_uuid": other_location.uuid, "uuid": other_capacity.uuid},
        ),
    ]
    events = AuditEvent.objects.count()
    for url in urls:
        assert coordinator_client.get(url).status_code == 403, url
    response = coordinator_client.post(urls[0], location_post(other_location, name="Gekaapt"))
    assert response.status_code == 403
    response = coordinator_client.post(
        urls[1], {"start": "2030-01-01", "state_funded_places": 1, "municipality_funded_places": 0}
    )
    assert response.status_code == 403
    other_location.refresh_from_db()
    assert other_location.name == "Opvang Amsterdam"
    assert other_location.capacities.count() == 1
    assert AuditEvent.objects.count() == events


def test_coordinator_cannot_create_municipalities_or_regions(coordinator_client, utrecht):
    assert coordinator_client.get(reverse("network:municipality-create")).status_code == 403
    assert coordinator_client.get(reverse("network:region-create")).status_code == 403
    assert (
        coordinator_client.get(
            reverse("network:municipality-update", kwargs={"uuid": utrecht.uuid})
        ).status_code
        == 403
    )


def test_coordinator_new_location_form_offers_only_own_municipality(
    coordinator_client, utrecht, amsterdam, partner
):
    page = html(coordinator_client.get(reverse("network:location-create")))
    assert 'value="GM0344"' in page and 'value="GM0363"' not in page
    response = coordinator_client.post(
        reverse("network:location-create"),
        {
            "name": "Nieuwe opvang",
            "operator": str(partner.uuid),
            "municipality": "GM0363",
            "kind": "night",
            "start": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert 'id="id_municipality_error"' in html(response)
    assert not Location.objects.filter(name="Nieuwe opvang").exists()


def test_coordinator_adds_capacity_with_an_inclusive_last_day(coordinator_client, location):
    url = reverse("network:capacity-create", kwargs={"location_uuid": location.uuid})
    response = coordinator_client.post(
        url,
        {
            "start": "2022-01-01",
            "last_day": "2022-12-31",
            "state_funded_places": "30",
            "municipality_funded_places": "5",
        },
    )
    assert response.status_code == 302
    capacity = location.capacities.get()
    assert capacity.end == D(2023, 1, 1)
    assert capacity.total_places == 35


def test_capacity_edit_form_shows_the_inclusive_last_day(coordinator_client, location, capacity):
    url = reverse(
        "network:capacity-update", kwargs={"location_uuid": location.uuid, "uuid": capacity.uuid}
    )
    page = html(coordinator_client.get(url))
    assert 'value="2019-12-31"' in page  # end 2020-01-01 exclusive
    response = coordinator_client.post(
        url,
        {
            "start": "2019-01-01",
            "last_day": "2019-12-31",
            "state_funded_places": "22",
            "municipality_funded_places": "5",
        },
    )
    assert response.status_code == 302
    capacity.refresh_from_db()
    assert capacity.state_funded_places == 22 and capacity.end == D(2020, 1, 1)
    assert AuditEvent.objects.order_by("-sequence").first().changed_fields == [
        "state_funded_places"
    ]


# --- service errors at the right field --------------------------------------------------------


def field_error(page: str, field: str) -> str:
    match = re.search(rf'id="id_{field}_error">(.*?)</div>', page, re.S)
    assert match, f"no error shown at {field}"
    return match.group(1)


def test_overlapping_capacity_is_shown_at_start(coordinator_client, location, capacity):
    url = reverse("network:capacity-create", kwargs={"location_uuid": location.uuid})
    response = coordinator_client.post(
        url,
        {
            "start": "2019-06-01",
            "last_day": "",
            "state_funded_places": "1",
            "municipality_funded_places": "0",
        },
    )
    assert response.status_code == 200
    assert "overlapt" in field_error(html(response), "start")  # Dutch page
    assert location.capacities.count() == 1


def test_closing_before_opening_is_shown_at_last_day(admin_client, location):
    url = reverse("network:location-update", kwargs={"uuid": location.uuid})
    events = AuditEvent.objects.count()
    response = admin_client.post(url, location_post(location, last_day="2018-12-31"))
    assert response.status_code == 200
    field_error(html(response), "last_day")
    location.refresh_from_db()
    assert location.end is None
    assert AuditEvent.objects.count() == events


def test_closing_while_capacity_runs_is_shown_at_last_day(admin_client, location):
    LocationCapacityFactory(location=location, start=D(2019, 1, 1), end=None)
    url = reverse("network:location-update", kwargs={"uuid": location.uuid})
    response = admin_client.post(url, location_post(location, last_day="2024-12-31"))
    assert response.status_code == 200
    field_error(html(response), "last_day")


def test_invalid_cbs_code_is_shown_at_cbs_code(admin_client, amsterdam):
    response = admin_client.post(
        reverse("network:municipality-create"), {"cbs_code": "GM12", "name": "X"}
    )
    field_error(html(response), "cbs_code")
    response = admin_client.post(
        reverse("network:municipality-create"), {"cbs_code": "GM0363", "name": "X"}
    )
    field_error(html(response), "cbs_code")
    assert not Municipality.objects.filter(name="X").exists()


# --- functional admin ------------------------------------------------------------------------


def test_admin_creates_a_location(admin_client, amsterdam, partner):
    response = admin_client.post(
        reverse("network:location-create"),
        {
            "name": "Nieuwe opvang",
            "operator": str(partner.uuid),
            "municipality": "GM0363",
            "kind": "24h",
            "street": "Damstraat",
            "house_number": "1",
            "postcode": "1012 jl",
            "city": "Amsterdam",
            "start": "2024-01-01",
            "last_day": "",
        },
    )
    assert response.status_code == 302
    location = Location.objects.get(name="Nieuwe opvang")
    assert location.municipality == amsterdam
    assert location.postcode == "1012 JL"
    assert response["Location"] == reverse(
        "network:location-detail", kwargs={"uuid": location.uuid}
    )


def test_admin_creates_and_edits_municipalities_and_regions(admin_client, utrecht):
    response = admin_client.post(
        reverse("network:municipality-create"), {"cbs_code": "gm0599", "name": "Rotterdam"}
    )
    assert response.status_code == 302
    rotterdam = Municipality.objects.get(cbs_code="GM0599")
    response = admin_client.post(
        reverse("network:municipality-update", kwargs={"uuid": rotterdam.uuid}),
        {"cbs_code": "GM0599", "name": "Rotterdam (gemeente)"},
    )
    assert response.status_code == 302
    rotterdam.refresh_from_db()
    assert rotterdam.name == "Rotterdam (gemeente)"

    response = admin_client.post(
        reverse("network:region-create"),
        {
            "name": "Regio Zuid-Holland",
            "central_municipality": "GM0599",
            "municipalities": ["GM0344"],
        },
    )
    assert response.status_code == 302
    region = Region.objects.get(name="Regio Zuid-Holland")
    assert set(region.municipalities.all()) == {rotterdam, utrecht}
    response = admin_client.post(
        reverse("network:region-update", kwargs={"uuid": region.uuid}),
        {"name": "Regio Rijnmond", "central_municipality": "GM0599", "municipalities": []},
    )
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.name == "Regio Rijnmond"
    assert set(region.municipalities.all()) == {rotterdam}


# --- municipalities and regions --------------------------------------------------------------


def test_municipality_detail_lists_its_locations_and_regions(
    caseworker_client, location, utrecht, amsterdam
):
    LocationCapacityFactory(
        location=location,
        start=D(2019, 1, 1),
        end=None,
        state_funded_places=8,
        municipality_funded_places=0,
    )
    LocationFactory(name="Elders", municipality=amsterdam)
    region = RegionFactory(name="Regio Midden", central_municipality=utrecht)
    region.municipalities.add(utrecht)
    RegionFactory(name="Regio Noord-Holland", central_municipality=amsterdam)
    page = html(
        caseworker_client.get(reverse("network:municipality-detail", kwargs={"uuid": utrecht.uuid}))
    )
    assert location.name in page and "Elders" not in page
    assert "Regio Midden" in page and "Regio Noord-Holland" not in page
    assert "GM0344" in page
    assert ">8<" in page


def test_municipality_list(caseworker_client, utrecht, amsterdam):
    page = html(caseworker_client.get("/netwerk/gemeenten"))
    assert page.index("Amsterdam") < page.index("Utrecht")
    assert "GM0363" in page and "<caption" in page


def test_region_list_and_detail(caseworker_client, location, utrecht, amsterdam):
    region = RegionFactory(name="Regio Midden", central_municipality=utrecht)
    region.municipalities.add(utrecht, amsterdam)
    page = html(caseworker_client.get("/netwerk/regios"))
    assert "Regio Midden" in page and "Amsterdam" in page
    page = html(
        caseworker_client.get(reverse("network:region-detail", kwargs={"uuid": region.uuid}))
    )
    assert "Utrecht" in page and "Amsterdam" in page
    assert location.name in page


def test_pages_hold_no_inline_scripts_or_styles(admin_client, every_page):
    for url in every_page:
        page = html(admin_client.get(url))
        assert "style=" not in page, url
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url


def test_headings_start_at_h1(caseworker_client, every_page):
    for url in every_page:
        if url.endswith(("/nieuw", "/wijzigen")):
            continue
        page = html(caseworker_client.get(url))
        assert page.count("<h1") == 1, url
