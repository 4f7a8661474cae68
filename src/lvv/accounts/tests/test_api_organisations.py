"""`/api/v1/organisations`: every member reads the register, a functional admin adds to it."""

import pytest

from lvv.accounts.models import Organisation
from lvv.accounts.roles import OrganisationKind, Role
from lvv.accounts.tests.factories import OrganisationFactory, UserFactory, member
from lvv.audit.models import AuditAction, AuditEvent
from lvv.network.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations"


def names(response) -> list[str]:
    return [item["name"] for item in response.json()["results"]]


@pytest.fixture
def register():
    utrecht = MunicipalityFactory(cbs_code="GM0344", name="Utrecht")
    amsterdam = MunicipalityFactory(cbs_code="GM0363", name="Amsterdam")
    return {
        "gemeente_utrecht": OrganisationFactory(
            name="Gemeente Utrecht", kind=OrganisationKind.MUNICIPALITY, municipality=utrecht
        ),
        "gemeente_amsterdam": OrganisationFactory(
            name="Gemeente Amsterdam", kind=OrganisationKind.MUNICIPALITY, municipality=amsterdam
        ),
        "ngo_utrecht": OrganisationFactory(
            name="Stichting Noodopvang Utrecht",
            kind=OrganisationKind.PARTNER_NGO,
            municipality=utrecht,
        ),
        "dtv": OrganisationFactory(name="DT&V", kind=OrganisationKind.DTV),
    }


@pytest.mark.parametrize("role", list(Role))
def test_every_member_reads_the_register(role, api_client, register):
    response = api_client(member(role)).get(URL)
    assert response.status_code == 200
    assert set(register[key].name for key in register) <= set(names(response))


def test_list_shows_the_public_fields(api_client, register):
    response = api_client(member(Role.CASEWORKER)).get(URL, {"kind": "municipality"})
    assert response.json()["results"] == [
        {
            "uuid": str(register["gemeente_amsterdam"].uuid),
            "name": "Gemeente Amsterdam",
            "short_name": "",
            "kind": "municipality",
            "municipality": {
                "uuid": str(register["gemeente_amsterdam"].municipality.uuid),
                "cbs_code": "GM0363",
                "name": "Amsterdam",
            },
            "is_active": True,
        },
        {
            "uuid": str(register["gemeente_utrecht"].uuid),
            "name": "Gemeente Utrecht",
            "short_name": "",
            "kind": "municipality",
            "municipality": {
                "uuid": str(register["gemeente_utrecht"].municipality.uuid),
                "cbs_code": "GM0344",
                "name": "Utrecht",
            },
            "is_active": True,
        },
    ]


def test_filter_by_kind_and_municipality(api_client, register):
    api = api_client(member(Role.PROGRAMME_MANAGER))
    assert names(api.get(URL, {"kind": "dtv"})) == ["DT&V"]
    assert names(api.get(URL, {"municipality": "GM0344"})) == [
        "Gemeente Utrecht",
        "Stichting Noodopvang Utrecht",
    ]
    assert names(api.get(URL, {"municipality": "GM0344", "kind": "partner"})) == [
        "Stichting Noodopvang Utrecht"
    ]


def test_an_unknown_kind_filter_is_400_naming_kind(api_client, register):
    response = api_client(member(Role.CASEWORKER)).get(URL, {"kind": "church"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalidParams"]] == ["kind"]


def test_retrieve_by_uuid(api_client, register):
    target = register["ngo_utrecht"]
    response = api_client(member(Role.ANALYST)).get(f"{URL}/{target.uuid}")
    assert response.status_code == 200
    assert response.json()["uuid"] == str(target.uuid)
    assert response.json()["municipality"]["cbs_code"] == "GM0344"


def test_retrieve_of_an_unknown_uuid_is_404_problem_json(api_client):
    response = api_client(member(Role.CASEWORKER)).get(
        f"{URL}/00000000-0000-0000-0000-000000000000"
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_the_register_is_closed_to_someone_without_a_role(client):
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403


def test_the_register_is_closed_to_strangers(client):
    assert client.get(URL).status_code == 401


def test_a_functional_admin_creates_an_organisation(api_client):
    MunicipalityFactory(cbs_code="GM0599", name="Rotterdam")
    admin = member(Role.FUNCTIONAL_ADMIN)
    api = api_client(admin)
    before = AuditEvent.objects.count()

    response = api.post(
        URL,
        {"name": "Gemeente Rotterdam", "kind": "municipality", "municipality": "GM0599"},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    created = Organisation.objects.get(uuid=body["uuid"])
    assert created.name == "Gemeente Rotterdam"
    assert created.municipality.cbs_code == "GM0599"
    assert response["Location"] == f"{URL}/{created.uuid}"
    assert body["municipality"]["cbs_code"] == "GM0599"
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-sequence").first()
    assert (event.action, event.object_id, event.origin.split(":")[0]) == (
        AuditAction.CREATE,
        str(created.uuid),
        "api",
    )
    assert event.actor_id == admin.user.uuid


def test_a_duplicate_name_in_other_letter_case_is_400_naming_name(api_client):
    OrganisationFactory(name="Stichting Vluchtheuvel")
    api = api_client(member(Role.FUNCTIONAL_ADMIN))
    organisations, events = Organisation.objects.count(), AuditEvent.objects.count()

    response = api.post(URL, {"name": "stichting VLUCHTHEUVEL", "kind": "partner"}, format="json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalidParams"]] == ["name"]
    assert Organisation.objects.count() == organisations
    assert AuditEvent.objects.count() == events


def test_a_municipality_without_municipality_is_400_naming_municipality(api_client):
    api = api_client(member(Role.FUNCTIONAL_ADMIN))
    events = AuditEvent.objects.count()
    response = api.post(URL, {"name": "Gemeente Nergens", "kind": "municipality"}, format="json")
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["municipality"]
    assert not Organisation.objects.filter(name="Gemeente Nergens").exists()
    assert AuditEvent.objects.count() == events


def test_an_unknown_cbs_code_is_400_naming_municipality(api_client):
    api = api_client(member(Role.FUNCTIONAL_ADMIN))
    response = api.post(
        URL,
        {"name": "Gemeente Nergens", "kind": "municipality", "municipality": "GM9999"},
        format="json",
    )
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["municipality"]
    assert not Organisation.objects.filter(name="Gemeente Nergens").exists()


def test_missing_fields_are_named(api_client):
    response = api_client(member(Role.FUNCTIONAL_ADMIN)).post(URL, {}, format="json")
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalidParams"]} == {"name", "kind"}


@pytest.mark.parametrize("role", [role for role in Role if role != Role.FUNCTIONAL_ADMIN])
def test_only_a_functional_admin_creates(role, api_client):
    api = api_client(member(role))
    events = AuditEvent.objects.count()
    response = api.post(URL, {"name": "Nieuwe Stichting", "kind": "partner"}, format="json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert not Organisation.objects.filter(name="Nieuwe Stichting").exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_undeclared_actions_are_refused(method, api_client, register):
    api = api_client(member(Role.FUNCTIONAL_ADMIN))
    target = register["dtv"]
    response = getattr(api, method)(f"{URL}/{target.uuid}", {"name": "X"}, format="json")
    assert response.status_code in {403, 405}
    target.refresh_from_db()
    assert target.name == "DT&V"
