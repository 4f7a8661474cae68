"""Every role against every programme endpoint: data, or a 403 problem+json and no write."""

import datetime
from decimal import Decimal

import pytest

from lvv.accounts.roles import ROLE_POLICIES, Capability, Role
from lvv.accounts.tests.factories import member
from lvv.audit.models import AuditEvent
from lvv.network.tests.factories import MunicipalityFactory
from lvv.programme.models import AgreementStatus, DecisionKind, FundingKind
from lvv.programme.tests.factories import (
    AgreementFactory,
    DecisionFactory,
    FundingRuleFactory,
    PartnerContractFactory,
    PlannedLvvFactory,
    ProgrammeFactory,
    SpendingRecordFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
E = Decimal
API = "/api/v1"
PROBLEM = "application/problem+json"


def build_world(membership):
    """The rows the actions work on, in the member's own municipality where they have one."""
    organisation = membership.organisation if membership else None
    municipality = getattr(organisation, "municipality", None) or MunicipalityFactory()
    programme = ProgrammeFactory()
    decision = DecisionFactory(kind=DecisionKind.PARLIAMENTARY_LETTER, date=D(2021, 12, 17))
    agreement = AgreementFactory(
        municipality=municipality,
        programme=programme,
        start=D(2019, 4, 1),
        end=D(2022, 7, 1),
        status=AgreementStatus.IN_FORCE,
    )
    draft = AgreementFactory(
        municipality=municipality,
        start=D(2024, 1, 1),
        end=D(2025, 1, 1),
        status=AgreementStatus.DRAFT,
    )
    rule = FundingRuleFactory(
        agreement=agreement, start=D(2021, 1, 1), end=D(2022, 7, 1), amount=E("4300000.00")
    )
    contract = PartnerContractFactory(
        agreement=agreement, municipality=municipality, start=D(2021, 7, 1), end=D(2022, 7, 1)
    )
    spending = SpendingRecordFactory(municipality=municipality)
    plan = PlannedLvvFactory(central_municipality=municipality, programme=programme)
    return {
        "municipality": municipality,
        "programme": programme,
        "decision": decision,
        "agreement": agreement,
        "draft": draft,
        "rule": rule,
        "contract": contract,
        "spending": spending,
        "plan": plan,
    }


def url(path):
    return lambda w: f"{API}/{path}"


def detail(path, key):
    return lambda w: f"{API}/{path}/{w[key].uuid}"


# (name, method, url(world), body(world), success status, who may)
ACTIONS = [
    ("decisions list", "get", url("decisions"), None, 200, "view"),
    ("decisions retrieve", "get", detail("decisions", "decision"), None, 200, "view"),
    (
        "decisions create",
        "post",
        url("decisions"),
        lambda w: {"kind": "cabinet_decision", "date": "2023-07-07", "title": "Kabinetsbesluit"},
        201,
        "manage",
    ),
    (
        "decisions partial_update",
        "patch",
        detail("decisions", "decision"),
        lambda w: {"summary": "Samenvatting"},
        200,
        "manage",
    ),
    ("programmes list", "get", url("programmes"), None, 200, "view"),
    ("programmes retrieve", "get", detail("programmes", "programme"), None, 200, "view"),
    (
        "programmes create",
        "post",
        url("programmes"),
        lambda w: {"name": "Landelijk netwerk", "target_lvv_count": 8},
        201,
        "manage",
    ),
    (
        "programmes partial_update",
        "patch",
        detail("programmes", "programme"),
        lambda w: {"description": "Vijf pilots"},
        200,
        "manage",
    ),
    ("agreements list", "get", url("agreements"), None, 200, "view"),
    ("agreements retrieve", "get", detail("agreements", "agreement"), None, 200, "view"),
    (
        "agreements wind-down",
        "get",
        lambda w: f"{API}/agreements/{w['agreement'].uuid}/wind-down",
        None,
        200,
        "view",
    ),
    (
        "agreements create",
        "post",
        url("agreements"),
        lambda w: {
            "municipality": w["municipality"].cbs_code,
            "title": "Convenant 2025",
            "start": "2025-01-01",
            "end": "2026-01-01",
        },
        201,
        "manage",
    ),
    (
        "agreements partial_update",
        "patch",
        detail("agreements", "agreement"),
        lambda w: {"notes": "Getekend"},
        200,
        "manage",
    ),
    (
        "agreements activate",
        "post",
        lambda w: f"{API}/agreements/{w['draft'].uuid}/activate",
        None,
        200,
        "manage",
    ),
    (
        "agreements close",
        "post",
        lambda w: f"{API}/agreements/{w['agreement'].uuid}/close",
        None,
        200,
        "manage",
    ),
    (
        "agreements extend",
        "post",
        lambda w: f"{API}/agreements/{w['agreement'].uuid}/extend",
        lambda w: {"new_end": "2023-01-01", "decision": str(w["decision"].uuid)},
        201,
        "manage",
    ),
    (
        "agreements terminate",
        "post",
        lambda w: f"{API}/agreements/{w['agreement'].uuid}/terminate",
        lambda w: {"end": "2022-01-01", "decision": str(w["decision"].uuid)},
        201,
        "manage",
    ),
    (
        "agreement-extensions preview",
        "post",
        url("agreement-extensions/preview"),
        lambda w: {"agreements": [str(w["agreement"].uuid)], "new_end": "2023-01-01"},
        200,
        "manage",
    ),
    (
        "agreement-extensions apply",
        "post",
        url("agreement-extensions/apply"),
        lambda w: {
            "programme": str(w["programme"].uuid),
            "new_end": "2023-01-01",
            "decision": str(w["decision"].uuid),
            "funding": {"kind": "same_level_as_year", "reference_year": 2021},
        },
        201,
        "manage",
    ),
    ("funding-rules list", "get", url("funding-rules"), None, 200, "view"),
    ("funding-rules retrieve", "get", detail("funding-rules", "rule"), None, 200, "view"),
    (
        "funding-rules create",
        "post",
        url("funding-rules"),
        lambda w: {
            "agreement": str(w["agreement"].uuid),
            "kind": FundingKind.PERIOD_SUM,
            "start": "2019-04-01",
            "end": "2020-01-01",
            "amount": "4600000.00",
        },
        201,
        "manage",
    ),
    (
        "funding-rules partial_update",
        "patch",
        detail("funding-rules", "rule"),
        lambda w: {"amount": "4400000.00"},
        200,
        "manage",
    ),
    ("allocations list", "get", url("allocations"), None, 200, "view"),
    ("funding-overview list", "get", url("funding-overview"), None, 200, "view"),
    ("deadline-warnings list", "get", url("deadline-warnings"), None, 200, "view"),
    ("spending-records list", "get", url("spending-records"), None, 200, "view"),
    (
        "spending-records retrieve",
        "get",
        detail("spending-records", "spending"),
        None,
        200,
        "view",
    ),
    (
        "spending-records create",
        "post",
        url("spending-records"),
        lambda w: {
            "municipality": w["municipality"].cbs_code,
            "start": "2021-01-01",
            "end": "2021-04-01",
            "amount": "1000000.00",
            "description": "Eerste kwartaal",
        },
        201,
        "municipal",
    ),
    (
        "spending-records partial_update",
        "patch",
        detail("spending-records", "spending"),
        lambda w: {"amount": "150.00"},
        200,
        "municipal",
    ),
    ("partner-contracts list", "get", url("partner-contracts"), None, 200, "view"),
    (
        "partner-contracts retrieve",
        "get",
        detail("partner-contracts", "contract"),
        None,
        200,
        "view",
    ),
    (
        "partner-contracts create",
        "post",
        url("partner-contracts"),
        lambda w: {
            "municipality": w["municipality"].cbs_code,
            "partner": str(w["contract"].partner.uuid),
            "agreement": str(w["agreement"].uuid),
            "start": "2022-07-01",
            "end": "2023-01-01",
            "amount": "1600000.00",
            "notice_period": 3,
            "notice_unit": "months",
        },
        201,
        "municipal",
    ),
    (
        "partner-contracts partial_update",
        "patch",
        detail("partner-contracts", "contract"),
        lambda w: {"reference": "C-2021"},
        200,
        "municipal",
    ),
    ("planned-lvvs list", "get", url("planned-lvvs"), None, 200, "view"),
    ("planned-lvvs retrieve", "get", detail("planned-lvvs", "plan"), None, 200, "view"),
    (
        "planned-lvvs create",
        "post",
        url("planned-lvvs"),
        lambda w: {
            "name": "LVV 6",
            "status": "planned",
            "years": [{"year": 2024, "planned_places": 100, "budget": "3000000.00"}],
        },
        201,
        "manage",
    ),
    (
        "planned-lvvs partial_update",
        "patch",
        detail("planned-lvvs", "plan"),
        lambda w: {"status": "operational"},
        200,
        "manage",
    ),
]


def allowed(role, who: str) -> bool:
    if Capability.VIEW_PROGRAMME not in ROLE_POLICIES[role].capabilities:
        return False
    if who == "view":
        return True
    if who == "manage":
        return role == Role.PROGRAMME_MANAGER
    return role == Role.MUNICIPAL_COORDINATOR


def test_the_matrix_expects_what_the_brief_says():
    assert {r for r in Role if allowed(r, "view")} == {
        Role.PROGRAMME_MANAGER,
        Role.MUNICIPAL_COORDINATOR,
    }
    assert [r for r in Role if allowed(r, "manage")] == [Role.PROGRAMME_MANAGER]
    assert [r for r in Role if allowed(r, "municipal")] == [Role.MUNICIPAL_COORDINATOR]


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize(
    "name, method, path, body, success, who", ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_role_matrix(api_client, role, name, method, path, body, success, who):
    membership = member(role)
    world = build_world(membership)
    client = api_client(membership)
    events_before = AuditEvent.objects.count()

    response = getattr(client, method)(path(world), body(world) if body else None, format="json")

    if allowed(role, who):
        assert response.status_code == success, response.content
        if method != "get" and "preview" not in name:
            assert AuditEvent.objects.count() > events_before
        else:
            assert AuditEvent.objects.count() == events_before
    else:
        assert response.status_code == 403, response.content
        assert response["Content-Type"] == PROBLEM
        assert AuditEvent.objects.count() == events_before


@pytest.mark.parametrize(
    "name, method, path, body, success, who", ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_no_token_is_401(api_client, name, method, path, body, success, who):
    world = build_world(None)
    response = getattr(api_client(), method)(
        path(world), body(world) if body else None, format="json"
    )
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
