"""The client API: a role × endpoint × organisation matrix, field sets per role, bad input,
and constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvv.audit.models import AuditAction, AuditEvent
from lvv.cases.models import Client, ClientStatus, ConsentPurpose, IntakeDecision, LegalBasis
from lvv.cases.selectors.clients import criteria_for

from .conftest import MEMBER_NAMES, Snapshot
from .factories import (
    ClientFactory,
    ConsentFactory,
    IntakeFactory,
    JournalEntryFactory,
    PlacementFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
MEMBERS = MEMBER_NAMES
KEEPERS_IN = {"caseworker_a", "coordinator_a"}
KEEPERS_OUT = {"caseworker_b", "coordinator_b"}
CHAIN_IN = {"chain_dtv"}  # consent to share with DT&V is in force
CHAIN_OUT = {"chain_ind"}


@pytest.fixture
def scene(world):
    """client_a with a journal entry, a consent for DT&V, one for IND, an open intake and a
    duplicate record; `world` otherwise."""
    client = world.client_a
    world.entry = JournalEntryFactory(client=client)
    world.dtv_consent = ConsentFactory(client=client, recipient=world.dtv)
    world.ind_consent = ConsentFactory(
        client=client, recipient=world.ind, given_on=D(2020, 1, 1), withdrawn_on=D(2021, 1, 1)
    )
    world.intake = IntakeFactory(client=client)
    world.duplicate = ClientFactory(
        municipality=world.utrecht,
        partner=world.ngo_a,
        family_name=client.family_name,
        date_of_birth=client.date_of_birth,
        nationality=client.nationality,
        v_number="",
    )
    return world


def _answers(world):
    return [{"criterion": c.code, "answer": "yes"} for c in criteria_for(world.utrecht)]


def _endpoints(w):
    a = w.client_a.uuid
    base = f"/api/v1/clients/{a}"
    return {
        "list": ("get", "/api/v1/clients", None),
        "retrieve": ("get", base, None),
        "journal-list": ("get", f"{base}/journal", None),
        "consent-list": ("get", f"{base}/consents", None),
        "intake-list": ("get", f"{base}/intakes", None),
        "access-log": ("get", f"{base}/access-log", None),
        "work-list": ("get", "/api/v1/work-list", None),
        "duplicates": ("get", "/api/v1/clients/duplicate-candidates?family_name=X", None),
        "create": (
            "post",
            "/api/v1/clients",
            {"family_name": "Nieuw", "partner": str(w.ngo_a.uuid)},
        ),
        "update": ("patch", base, {"phone": "0699", "version": 1}),
        "journal-add": ("post", f"{base}/journal", {"text": "Gesprek"}),
        "journal-correct": ("post", f"{base}/journal/{w.entry.uuid}/correct", {"text": "Beter"}),
        "consent-give": (
            "post",
            f"{base}/consents",
            {
                "purpose": "share_with_chain_partner",
                "recipient": str(w.ind.uuid),
                "legal_basis": "consent",
            },
        ),
        "consent-withdraw": ("post", f"{base}/consents/{w.dtv_consent.uuid}/withdraw", {}),
        "intake-create": (
            "post",
            f"{base}/intakes",
            {"answers": _answers(w)},
        ),
        "intake-decide": (
            "post",
            f"{base}/intakes/{w.intake.uuid}/decide",
            {"decision": "referred", "decision_reason": "Antecedenten"},
        ),
        "transition": ("post", f"{base}/transition", {"to_status": "refused"}),
        "transfer": (
            "post",
            f"{base}/transfer",
            {"to_municipality": "GM0363", "to_partner": str(w.ngo_b.uuid)},
        ),
        "merge": ("post", f"{base}/merge", {"duplicate": str(w.duplicate.uuid)}),
    }


READS = {"retrieve"}
KEEP_READS = {"journal-list", "consent-list", "intake-list"}
KEEP_WRITES = {
    "update",
    "journal-add",
    "journal-correct",
    "consent-give",
    "consent-withdraw",
    "intake-create",
    "intake-decide",
    "transfer",
}


def expected(member: str, endpoint: str) -> set[int]:
    keeper = member in KEEPERS_IN | KEEPERS_OUT
    chain = member in CHAIN_IN | CHAIN_OUT
    if endpoint == "list":
        return {200} if keeper or chain else {403}
    if endpoint in {"work-list", "duplicates"}:
        return {200} if keeper else {403}
    if endpoint == "create":
        return {201, 400} if keeper else {403}  # 400: a caseworker names another partner
    if endpoint == "retrieve":
        if member in KEEPERS_IN | CHAIN_IN:
            return {200}
        return {404} if keeper or chain else {403}
    if endpoint in KEEP_READS:
        if member in KEEPERS_IN:
            return {200}
        return {404} if keeper else {403}
    if endpoint in KEEP_WRITES:
        if member in KEEPERS_IN:
            return {200, 201}
        return {404} if keeper else {403}
    if endpoint == "transition":
        # The refusal is an intake decision, so it is refused by hand: a 400 naming to_status.
        if member in KEEPERS_IN:
            return {400}
        return {404} if keeper else {403}
    if endpoint == "merge":
        if member == "coordinator_a":
            return {200}
        if member == "caseworker_a":
            return {403}
        return {404} if keeper else {403}
    if endpoint == "access-log":
        if member in {"coordinator_a", "auditor"}:
            return {200}
        return {404} if member == "coordinator_b" else {403}
    raise AssertionError(endpoint)


ENDPOINT_NAMES = (
    "list",
    "retrieve",
    "journal-list",
    "consent-list",
    "intake-list",
    "access-log",
    "work-list",
    "duplicates",
    "create",
    "update",
    "journal-add",
    "journal-correct",
    "consent-give",
    "consent-withdraw",
    "intake-create",
    "intake-decide",
    "transition",
    "transfer",
    "merge",
)


@pytest.mark.parametrize("endpoint", ENDPOINT_NAMES)
@pytest.mark.parametrize("member", MEMBERS)
def test_role_endpoint_organisation_matrix(scene, api_client, member, endpoint):
    method, url, payload = _endpoints(scene)[endpoint]
    if endpoint == "intake-create":
        # One undecided intake at a time: the scene's intake was decided earlier.
        scene.intake.decision = IntakeDecision.REFUSED
        scene.intake.save()
    api = api_client(scene.members[member])
    before = Snapshot()
    response = (
        getattr(api, method)(url, payload, format="json")
        if payload is not None
        else getattr(api, method)(url)
    )
    assert response.status_code in expected(member, endpoint), (
        response.status_code,
        response.content[:400],
    )
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"
        if method != "get":
            before.assert_unchanged()  # a refused write leaves no row and no audit event


def test_lists_never_include_invisible_rows(scene, api_client):
    for member, expected_uuids in (
        ("caseworker_a", {scene.client_a.uuid, scene.duplicate.uuid}),
        ("caseworker_b", {scene.client_b.uuid}),
        ("coordinator_b", {scene.client_b.uuid}),
        ("chain_dtv", {scene.client_a.uuid}),
        ("chain_ind", set()),
    ):
        body = api_client(scene.members[member]).get("/api/v1/clients").json()
        assert {row["uuid"] for row in body["results"]} == {str(u) for u in expected_uuids}, member


def test_a_chain_partner_gets_identity_status_and_location_only(scene, api_client):
    scene.client_a.bsn = "111222333"
    scene.client_a.vulnerabilities = ["medical"]
    scene.client_a.save()
    api = api_client(scene.chain_dtv)
    detail = api.get(f"/api/v1/clients/{scene.client_a.uuid}").json()
    listed = api.get("/api/v1/clients").json()["results"][0]
    for body in (detail, listed):
        for hidden in ("bsn", "phone", "email", "vulnerabilities", "household"):
            assert hidden not in body
        assert body["v_number"] == scene.client_a.v_number
        assert body["status"] == "intake"
    keeper = api_client(scene.caseworker_a).get(f"/api/v1/clients/{scene.client_a.uuid}").json()
    assert keeper["bsn"] == "111222333"
    assert keeper["vulnerabilities"] == ["medical"]


def test_a_withdrawal_ends_the_partners_access_at_the_next_request(scene, api_client):
    dtv = api_client(scene.chain_dtv)
    url = f"/api/v1/clients/{scene.client_a.uuid}"
    assert dtv.get(url).status_code == 200
    response = api_client(scene.caseworker_a).post(
        f"{url}/consents/{scene.dtv_consent.uuid}/withdraw", {}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["in_force"] is False
    assert dtv.get(url).status_code == 404
    assert dtv.get("/api/v1/clients").json()["count"] == 0


def test_reading_a_file_over_the_api_is_audited(scene, api_client):
    api_client(scene.coordinator_a).get(f"/api/v1/clients/{scene.client_a.uuid}")
    event = AuditEvent.objects.latest("sequence")
    assert (event.action, event.subject_id) == (AuditAction.READ, scene.client_a.uuid)
    assert event.origin.startswith("api")


def test_registration_over_the_api(world, api_client):
    response = api_client(world.caseworker_a).post(
        "/api/v1/clients",
        {
            "family_name": "Tekle",
            "v_number": "1234-567-890",
            "date_of_birth": "1991-08-01",
            "date_of_birth_precision": "month",
            "nationality": "ER",
            "languages": ["ti"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["v_number"] == "1234567890"
    assert body["municipality"]["cbs_code"] == "GM0344"
    assert response["Location"].endswith(body["uuid"])


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"family_name": "X", "v_number": "12345"}, "v_number"),
        ({"family_name": "X", "bsn": "123456789"}, "bsn"),
        ({"family_name": "X", "v_number": "VOORBEELD"}, "v_number"),
        ({"family_name": ""}, "family_name"),
        ({"family_name": "X", "date_of_birth": "1990-13-01"}, "date_of_birth"),
        ({"family_name": "X", "municipality": "GM0363"}, "municipality"),
        ({"family_name": "X", "partner": "not-a-uuid"}, "partner"),
        ({"family_name": "X", "vulnerabilities": ["sad"]}, "vulnerabilities.0"),
    ],
)
def test_bad_registrations_name_the_field_and_write_nothing(world, api_client, payload, field):
    api = api_client(world.caseworker_a)
    before = Snapshot()
    response = api.post("/api/v1/clients", payload, format="json")
    assert response.status_code == 400
    names = [param["name"] for param in response.json()["invalidParams"]]
    assert field in names, response.json()
    before.assert_unchanged()


def test_a_duplicate_v_number_is_refused_at_v_number(world, api_client):
    api = api_client(world.caseworker_a)
    before = Snapshot()
    response = api.post(
        "/api/v1/clients", {"family_name": "X", "v_number": world.client_b.v_number}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "v_number"
    before.assert_unchanged()


def test_a_transition_not_allowed_names_to_status_and_the_allowed_ones(world, api_client):
    api = api_client(world.caseworker_a)
    before = Snapshot()
    response = api.post(
        f"/api/v1/clients/{world.client_a.uuid}/transition",
        {"to_status": "in_trajectory"},
        format="json",
    )
    assert response.status_code == 400
    param = response.json()["invalidParams"][0]
    assert param["name"] == "to_status"
    assert "dossier_requested" in param["reason"] and "refused" in param["reason"]
    before.assert_unchanged()


def test_a_plain_transition_over_the_api(world, api_client):
    world.client_a.status = ClientStatus.DOSSIER_REQUESTED
    world.client_a.save()
    response = api_client(world.coordinator_a).post(
        f"/api/v1/clients/{world.client_a.uuid}/transition",
        {"to_status": "rest_period"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "rest_period"


def test_an_intake_and_its_decision_over_the_api(world, api_client):
    api = api_client(world.caseworker_a)
    url = f"/api/v1/clients/{world.client_a.uuid}/intakes"
    response = api.post(
        url,
        {"answers": _answers(world), "exclusions": [{"ground": "not_cooperating", "note": "n"}]},
        format="json",
    )
    assert response.status_code == 201, response.content
    intake = response.json()
    assert intake["decision"] == "pending" and len(intake["exclusions"]) == 1
    before = Snapshot()
    refused = api.post(
        f"{url}/{intake['uuid']}/decide",
        {"decision": "referred", "decision_reason": ""},
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["invalidParams"][0]["name"] == "decision_reason"
    before.assert_unchanged()
    decided = api.post(
        f"{url}/{intake['uuid']}/decide",
        {"decision": "refused", "decision_reason": "Nee"},
        format="json",
    )
    assert decided.status_code == 200
    assert decided.json()["decided_by"]
    world.client_a.refresh_from_db()
    assert world.client_a.status == ClientStatus.REFUSED


def test_an_unknown_criterion_code_is_refused_at_its_answer(world, api_client):
    api = api_client(world.caseworker_a)
    before = Snapshot()
    response = api.post(
        f"/api/v1/clients/{world.client_a.uuid}/intakes",
        {"answers": [*_answers(world), {"criterion": "nonsense", "answer": "yes"}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"].startswith("answers.")
    before.assert_unchanged()


def test_consent_withdrawn_before_given_is_refused(scene, api_client):
    api = api_client(scene.caseworker_a)
    before = Snapshot()
    response = api.post(
        f"/api/v1/clients/{scene.client_a.uuid}/consents/{scene.dtv_consent.uuid}/withdraw",
        {"withdrawn_on": "2019-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "withdrawn_on"
    before.assert_unchanged()


def test_a_journal_correction_over_the_api_points_to_the_old_entry(scene, api_client):
    api = api_client(scene.caseworker_a)
    url = f"/api/v1/clients/{scene.client_a.uuid}/journal"
    response = api.post(
        f"{url}/{scene.entry.uuid}/correct", {"text": "Gecorrigeerd"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["corrects"] == str(scene.entry.uuid)
    entries = api.get(url).json()["results"]
    old = next(e for e in entries if e["uuid"] == str(scene.entry.uuid))
    assert old["text"] == scene.entry.text and old["corrected_by"] == response.json()["uuid"]
    assert api.delete(f"{url}/{scene.entry.uuid}").status_code in {403, 404, 405}
    assert api.patch(f"{url}/{scene.entry.uuid}", {"text": "x"}, format="json").status_code in {
        403,
        404,
        405,
    }


@pytest.mark.parametrize(
    ("duplicate", "field"), [("self", "duplicate"), ("other-municipality", "duplicate")]
)
def test_bad_merges_are_refused_at_duplicate(scene, api_client, duplicate, field):
    target = scene.client_a if duplicate == "self" else scene.client_b
    api = api_client(scene.coordinator_a)
    before = Snapshot()
    response = api.post(
        f"/api/v1/clients/{scene.client_a.uuid}/merge",
        {"duplicate": str(target.uuid)},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == field
    before.assert_unchanged()


def test_a_merge_over_the_api(scene, api_client):
    response = api_client(scene.coordinator_a).post(
        f"/api/v1/clients/{scene.client_a.uuid}/merge",
        {"duplicate": str(scene.duplicate.uuid)},
        format="json",
    )
    assert response.status_code == 200
    scene.duplicate.refresh_from_db()
    assert scene.duplicate.merged_into == scene.client_a


def test_a_transfer_over_the_api_moves_access(scene, api_client):
    response = api_client(scene.caseworker_a).post(
        f"/api/v1/clients/{scene.client_a.uuid}/transfer",
        {"to_municipality": "GM0363", "to_partner": str(scene.ngo_b.uuid), "reason": "Verhuisd"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["to_municipality"]["cbs_code"] == "GM0363"
    assert (
        api_client(scene.caseworker_a).get(f"/api/v1/clients/{scene.client_a.uuid}").status_code
        == 404
    )
    assert (
        api_client(scene.caseworker_b).get(f"/api/v1/clients/{scene.client_a.uuid}").status_code
        == 200
    )


def test_duplicate_candidates_over_the_api(scene, api_client):
    api = api_client(scene.caseworker_a)
    response = api.get(
        "/api/v1/clients/duplicate-candidates",
        {
            "family_name": scene.client_a.family_name.upper(),
            "date_of_birth": scene.client_a.date_of_birth.isoformat(),
            "nationality": scene.client_a.nationality.code,
        },
    )
    assert response.status_code == 200
    # Without a V-number typed, both records of the same name, birth date and nationality.
    assert {c["uuid"] for c in response.json()["candidates"]} == {
        str(scene.duplicate.uuid),
        str(scene.client_a.uuid),
    }
    elsewhere = api.get(
        "/api/v1/clients/duplicate-candidates", {"v_number": scene.client_b.v_number}
    ).json()
    assert elsewhere == {"candidates": [], "v_number_registered_elsewhere": True}
    bad = api.get("/api/v1/clients/duplicate-candidates", {"date_of_birth": "yesterday"})
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["name"] == "date_of_birth"


def test_the_access_log_over_the_api(scene, api_client):
    api_client(scene.caseworker_a).get(f"/api/v1/clients/{scene.client_a.uuid}")
    body = api_client(scene.auditor).get(f"/api/v1/clients/{scene.client_a.uuid}/access-log").json()
    actors = [event["actor"] for event in body["results"]]
    assert actors[:2] == [scene.auditor.user.username, scene.caseworker_a.user.username]
    assert "bsn" not in str(body) and scene.client_a.family_name not in str(body)


def test_the_work_list_over_the_api(world, api_client):
    late = ClientFactory(
        municipality=world.utrecht,
        partner=world.ngo_a,
        status=ClientStatus.INTAKE,
        status_since=D(2020, 1, 1),
    )
    body = api_client(world.caseworker_a).get("/api/v1/work-list").json()
    assert [row["uuid"] for row in body["results"]] == [str(late.uuid)]
    assert body["results"][0]["is_overdue"] is True


def test_filters(world, api_client):
    placed = ClientFactory(
        municipality=world.utrecht,
        partner=world.ngo_a,
        family_name="Zewdu",
        status=ClientStatus.IN_TRAJECTORY,
    )
    PlacementFactory(client=placed, location=world.location_a)
    api = api_client(world.coordinator_a)

    def uuids(**params):
        return {row["uuid"] for row in api.get("/api/v1/clients", params).json()["results"]}

    assert uuids(status="in_trajectory") == {str(placed.uuid)}
    assert uuids(location=str(world.location_a.uuid)) == {str(placed.uuid)}
    assert uuids(search="zewd") == {str(placed.uuid)}
    assert uuids(search=placed.v_number) == {str(placed.uuid)}
    assert uuids(municipality="GM0363") == set()


def _count_list_queries(api, url):
    with CaptureQueriesContext(connection) as context:
        response = api.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.json()["count"]


def test_the_client_list_takes_the_same_number_of_queries_for_10_and_30_clients(world, api_client):
    api = api_client(world.coordinator_a)

    def add(n):
        for _ in range(n):
            client = ClientFactory(municipality=world.utrecht, partner=world.ngo_a)
            PlacementFactory(client=client, location=world.location_a)

    add(9)
    ten, count = _count_list_queries(api, "/api/v1/clients")
    assert count == 10
    add(20)
    thirty, count = _count_list_queries(api, "/api/v1/clients")
    assert count == 30
    assert ten == thirty


@pytest.mark.parametrize("member", ["caseworker_a", "coordinator_a", "chain_dtv"])
def test_anonymous_and_token_less_callers_get_401(world, client, member):
    response = client.get("/api/v1/clients")
    assert response.status_code == 401
    assert Client.objects.count() == 2


def test_consent_given_over_the_api_opens_the_file_to_the_partner(world, api_client):
    response = api_client(world.coordinator_a).post(
        f"/api/v1/clients/{world.client_a.uuid}/consents",
        {
            "purpose": ConsentPurpose.SHARE_WITH_CHAIN_PARTNER,
            "recipient": str(world.ind.uuid),
            "legal_basis": LegalBasis.CONSENT,
            "document_reference": "D-9",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["in_force"] is True
    assert (
        api_client(world.chain_ind).get(f"/api/v1/clients/{world.client_a.uuid}").status_code == 200
    )
