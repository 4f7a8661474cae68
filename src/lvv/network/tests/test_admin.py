"""The admin keeps the network's rules and audits its edits."""

import datetime

import pytest

from lvv.accounts.roles import OrganisationKind, Role
from lvv.accounts.tests.factories import OrganisationFactory, member
from lvv.audit.models import AuditAction, AuditEvent
from lvv.network.models import Region

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def admin_client(page_client):
    membership = member(Role.FUNCTIONAL_ADMIN, user__is_staff=True, user__is_superuser=True)
    return page_client(membership)


@pytest.mark.parametrize("model", ["municipality", "region", "location", "locationcapacity"])
def test_admin_pages_open(admin_client, model, capacity):
    assert admin_client.get(f"/admin/network/{model}/").status_code == 200
    assert admin_client.get(f"/admin/network/{model}/add/").status_code == 200
    assert admin_client.get(f"/admin/network/{model}/?q=Utrecht").status_code == 200


def test_location_change_page_has_the_capacity_inline(admin_client, location, capacity):
    response = admin_client.get(f"/admin/network/location/{location.pk}/change/")
    assert response.status_code == 200
    assert "capacities-TOTAL_FORMS" in response.content.decode()


def inline_post(location, rows, **overrides):
    data = {
        "name": location.name,
        "operator": location.operator.pk,
        "municipality": location.municipality.pk,
        "kind": location.kind,
        "street": location.street,
        "house_number": location.house_number,
        "postcode": location.postcode,
        "city": location.city,
        "start": location.start.isoformat(),
        "end": "",
        "capacities-TOTAL_FORMS": str(len(rows)),
        "capacities-INITIAL_FORMS": "0",
        "capacities-MIN_NUM_FORMS": "0",
        "capacities-MAX_NUM_FORMS": "1000",
    }
    for index, (start, end, places) in enumerate(rows):
        data.update(
            {
                f"capacities-{index}-start": start,
                f"capacities-{index}-end": end,
                f"capacities-{index}-state_funded_places": str(places),
                f"capacities-{index}-municipality_funded_places": "0",
                f"capacities-{index}-location": str(location.pk),
            }
        )
    data.update(overrides)
    return data


def test_admin_refuses_overlapping_periods_entered_together(admin_client, location):
    events = AuditEvent.objects.count()
    response = admin_client.post(
        f"/admin/network/location/{location.pk}/change/",
        inline_post(location, [("2020-01-01", "", 5), ("2021-01-01", "2022-01-01", 5)]),
    )
    assert response.status_code == 200  # the form again, with the error
    assert location.capacities.count() == 0
    assert AuditEvent.objects.count() == events


def test_admin_saves_capacity_and_audits_it(admin_client, location):
    response = admin_client.post(
        f"/admin/network/location/{location.pk}/change/",
        inline_post(location, [("2020-01-01", "2021-01-01", 5), ("2021-01-01", "", 7)]),
    )
    assert response.status_code == 302
    assert location.capacities.count() == 2
    creates = AuditEvent.objects.filter(
        object_type="network.locationcapacity", action=AuditAction.CREATE
    )
    assert creates.count() == 2


def test_admin_refuses_an_operator_that_is_no_partner(admin_client, location):
    dtv = OrganisationFactory(kind=OrganisationKind.DTV)
    response = admin_client.post(
        f"/admin/network/location/{location.pk}/change/",
        inline_post(location, [], operator=dtv.pk),
    )
    assert response.status_code == 200
    location.refresh_from_db()
    assert location.operator != dtv


def test_admin_region_always_serves_its_central_municipality(admin_client, utrecht, amsterdam):
    response = admin_client.post(
        "/admin/network/region/add/",
        {
            "name": "Regio Admin",
            "central_municipality": utrecht.pk,
            "municipalities": [amsterdam.pk],
        },
    )
    assert response.status_code == 302
    region = Region.objects.get(name="Regio Admin")
    assert set(region.municipalities.all()) == {utrecht, amsterdam}
