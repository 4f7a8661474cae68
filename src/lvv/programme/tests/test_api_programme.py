"""The programme API end to end: the seed letter, problem+json at the wrong field, scoping."""

import datetime
from decimal import Decimal

import pytest

from lvv.audit.models import AuditEvent
from lvv.programme.models import Agreement, AgreementAmendment, AgreementStatus

pytestmark = pytest.mark.django_db

D = datetime.date
E = Decimal
API = "/api/v1"
PROBLEM = "application/problem+json"


@pytest.fixture
def manager_api(api_client, manager):
    return api_client(manager)


@pytest.fixture
def coordinator_api(api_client, coordinator):
    return api_client(coordinator)


def invalid_names(response) -> list[str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM
    return [param["name"] for param in response.json()["invalidParams"]]


def test_the_seed_letter_over_the_api(manager_api, pilots, seed_letter, groningen_contract):
    body = {
        "agreements": [str(a.uuid) for a in pilots.values()],
        "new_end": "2023-01-01",
        "decision": str(seed_letter.uuid),
        "funding": {"kind": "same_level_as_year", "reference_year": 2021},
    }
    warnings = manager_api.get(f"{API}/deadline-warnings", {"as_of": "2021-12-16"}).json()
    assert [w["deadline"] for w in warnings["results"]] == ["2022-04-01"]
    assert warnings["results"][0]["contract"] == str(groningen_contract.uuid)

    preview = manager_api.post(f"{API}/agreement-extensions/preview", body, format="json")
    assert preview.status_code == 200, preview.content
    data = preview.json()
    assert data["is_valid"] is True
    groningen = next(r for r in data["rows"] if r["municipality"]["cbs_code"] == "GM0014")
    assert (groningen["current_end"], groningen["new_end"]) == ("2022-07-01", "2023-01-01")
    assert groningen["impact"] == [{"year": 2022, "amount": "2167671.23"}]
    assert not AgreementAmendment.objects.exists()

    applied = manager_api.post(f"{API}/agreement-extensions/apply", body, format="json")
    assert applied.status_code == 201, applied.content
    assert len(applied.json()) == 5
    assert {a["new_end"] for a in applied.json()} == {"2023-01-01"}
    assert set(Agreement.objects.values_list("end", flat=True)) == {D(2023, 1, 1)}

    allocation = manager_api.get(
        f"{API}/allocations", {"year": 2022, "municipality": "GM0014"}
    ).json()["results"]
    assert [a["amount"] for a in allocation] == ["4300000.00"]

    after = manager_api.get(f"{API}/deadline-warnings", {"as_of": "2021-12-17"}).json()
    assert after["results"] == []

    detail = manager_api.get(f"{API}/agreements/{pilots['Groningen'].uuid}").json()
    assert [h["kind"] for h in detail["history"]] == ["original", "extension"]
    assert detail["history"][1]["decision"]["reference"] == "3692956"
    assert {"year": 2022, "amount": "4300000.00"} in detail["allocations"]


def test_one_bad_agreement_refuses_the_whole_bulk_extension(manager_api, pilots, seed_letter):
    Agreement.objects.filter(pk=pilots["Rotterdam"].pk).update(status=AgreementStatus.ENDED)
    events = AuditEvent.objects.count()
    response = manager_api.post(
        f"{API}/agreement-extensions/apply",
        {
            "agreements": [str(a.uuid) for a in pilots.values()],
            "new_end": "2023-01-01",
            "decision": str(seed_letter.uuid),
        },
        format="json",
    )
    assert invalid_names(response) == ["agreements"]
    assert "Rotterdam" in response.json()["invalidParams"][0]["reason"]
    assert set(Agreement.objects.values_list("end", flat=True)) == {D(2022, 7, 1)}
    assert AuditEvent.objects.count() == events


def test_extending_by_programme_takes_the_agreements_in_force(
    manager_api, pilots, seed_letter, programme
):
    response = manager_api.post(
        f"{API}/agreement-extensions/preview",
        {"programme": str(programme.uuid), "new_end": "2023-01-01"},
        format="json",
    )
    assert len(response.json()["rows"]) == 5


def test_the_preview_names_an_incomplete_funding_field(manager_api, pilots):
    response = manager_api.post(
        f"{API}/agreement-extensions/preview",
        {
            "agreements": [str(pilots["Groningen"].uuid)],
            "new_end": "2023-01-01",
            "funding": {"kind": "same_level_as_year"},
        },
        format="json",
    )
    assert invalid_names(response) == ["funding.reference_year"]


def test_either_agreements_or_a_programme(manager_api, pilots, programme):
    response = manager_api.post(
        f"{API}/agreement-extensions/preview", {"new_end": "2023-01-01"}, format="json"
    )
    assert invalid_names(response) == ["agreements"]


@pytest.mark.parametrize(
    "path, body, field",
    [
        ("agreements", {"title": "X", "start": "2025-01-01", "end": "2024-01-01"}, "end"),
        ("agreements", {"title": "X", "start": "2020-01-01", "end": "2021-01-01"}, "start"),
        (
            "agreements",
            {"title": "X", "start": "2025-01-01", "end": "2026-01-01", "parties": ["ind"]},
            "parties",
        ),
    ],
)
def test_bad_agreements_are_problem_json_at_their_field(
    manager_api, pilots, groningen, snapshot, path, body, field
):
    before = snapshot()
    response = manager_api.post(
        f"{API}/{path}", {"municipality": groningen.cbs_code, **body}, format="json"
    )
    assert invalid_names(response) == [field]
    before.assert_unchanged()


def test_an_extension_that_shortens_is_refused_at_new_end(
    manager_api, pilots, seed_letter, snapshot
):
    before = snapshot()
    response = manager_api.post(
        f"{API}/agreements/{pilots['Groningen'].uuid}/extend",
        {"new_end": "2022-01-01", "decision": str(seed_letter.uuid)},
        format="json",
    )
    assert invalid_names(response) == ["new_end"]
    before.assert_unchanged()


def test_a_negative_amount_is_refused_at_amount(manager_api, pilots, snapshot):
    before = snapshot()
    response = manager_api.post(
        f"{API}/funding-rules",
        {
            "agreement": str(pilots["Groningen"].uuid),
            "kind": "yearly_lump_sum",
            "start": "2020-01-01",
            "end": "2021-01-01",
            "amount": "-100.00",
        },
        format="json",
    )
    assert invalid_names(response) == ["amount"]
    before.assert_unchanged()


def test_a_malformed_uuid_is_an_input_error(manager_api, seed_letter):
    response = manager_api.post(
        f"{API}/agreement-extensions/preview",
        {"agreements": ["not-a-uuid"], "new_end": "2023-01-01"},
        format="json",
    )
    assert invalid_names(response) == ["agreements.0"]


def test_terminating_and_closing_over_the_api(manager_api, pilots, seed_letter):
    groningen = pilots["Groningen"]
    response = manager_api.post(
        f"{API}/agreements/{groningen.uuid}/terminate",
        {"end": "2022-01-01", "decision": str(seed_letter.uuid)},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["kind"] == "early_termination"
    groningen.refresh_from_db()
    assert (groningen.status, groningen.end) == (AgreementStatus.TERMINATED, D(2022, 1, 1))
    again = manager_api.post(f"{API}/agreements/{groningen.uuid}/close")
    assert invalid_names(again) == ["status"]


# --- scoping ------------------------------------------------------------------------------------


def test_a_coordinator_lists_and_opens_their_own_agreements_only(coordinator_api, pilots):
    listed = coordinator_api.get(f"{API}/agreements").json()["results"]
    assert [a["municipality"]["cbs_code"] for a in listed] == ["GM0014"]
    other = coordinator_api.get(f"{API}/agreements/{pilots['Amsterdam'].uuid}")
    assert other.status_code == 404
    assert other["Content-Type"] == PROBLEM


def test_a_coordinator_cannot_use_another_municipalitys_agreement(
    coordinator_api, pilots, groningen, snapshot
):
    before = snapshot()
    response = coordinator_api.post(
        f"{API}/spending-records",
        {
            "municipality": groningen.cbs_code,
            "agreement": str(pilots["Amsterdam"].uuid),
            "start": "2021-01-01",
            "end": "2021-02-01",
            "amount": "1.00",
            "description": "x",
        },
        format="json",
    )
    assert invalid_names(response) == ["agreement"]  # out of sight: does not exist
    before.assert_unchanged()


def test_a_coordinator_cannot_write_in_another_municipality(
    coordinator_api, pilots, amsterdam, groningen_contract, snapshot
):
    before = snapshot()
    response = coordinator_api.post(
        f"{API}/partner-contracts",
        {
            "municipality": amsterdam.cbs_code,
            "partner": str(groningen_contract.partner.uuid),
            "start": "2022-07-01",
            "end": "2023-01-01",
            "amount": "1.00",
        },
        format="json",
    )
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    before.assert_unchanged()


def test_filters(manager_api, pilots):
    by_code = manager_api.get(f"{API}/agreements", {"municipality": "GM0599"}).json()["results"]
    assert [a["municipality"]["name"] for a in by_code] == ["Rotterdam"]
    active = manager_api.get(f"{API}/agreements", {"active_on": "2022-07-01"}).json()
    assert active["count"] == 0
    in_force = manager_api.get(f"{API}/agreements", {"status": "in_force"}).json()
    assert in_force["count"] == 5


def test_an_unknown_municipality_in_a_computed_list_is_an_input_error(coordinator_api, pilots):
    response = coordinator_api.get(f"{API}/allocations", {"municipality": "GM0363"})
    assert invalid_names(response) == ["municipality"]


def test_lists_cost_a_fixed_number_of_queries(
    manager_api, pilots, seed_letter, groningen_contract, django_assert_max_num_queries
):
    manager_api.post(
        f"{API}/agreement-extensions/apply",
        {
            "agreements": [str(a.uuid) for a in pilots.values()],
            "new_end": "2023-01-01",
            "decision": str(seed_letter.uuid),
            "funding": {"kind": "same_level_as_year", "reference_year": 2021},
        },
        format="json",
    )
    for path in ("agreements", "allocations", "deadline-warnings", "partner-contracts"):
        with django_assert_max_num_queries(12):
            response = manager_api.get(f"{API}/{path}")
        assert response.status_code == 200, path
