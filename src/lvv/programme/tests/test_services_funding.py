"""Funding rules (programme managers) and spending (a municipality's own coordinators)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvv.audit.models import AuditAction, AuditEvent
from lvv.programme import services
from lvv.programme.models import FundingKind, FundingRule, SpendingRecord
from lvv.programme.tests.conftest import coordinator_of

pytestmark = pytest.mark.django_db

D = datetime.date
E = Decimal


def test_a_programme_manager_adds_place_based_funding(manager_actor, pilots, seed_letter):
    amsterdam = pilots["Amsterdam"]
    rule = services.funding_rule_create(
        actor=manager_actor,
        agreement=amsterdam,
        kind=FundingKind.PER_PLACE,
        start=D(2019, 4, 1),
        end=D(2020, 1, 1),
        price_per_place=E("27500.00"),
        state_funded_places=340,
        total_places=500,
        decision=seed_letter,
    )
    assert rule.decision == seed_letter
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(rule.uuid)).exists()


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"kind": FundingKind.YEARLY_LUMP_SUM, "amount": E("-5.00")}, "amount"),
        (
            {
                "kind": FundingKind.PER_PLACE,
                "price_per_place": E("-1.00"),
                "state_funded_places": 1,
            },
            "price_per_place",
        ),
        ({"kind": FundingKind.YEARLY_LUMP_SUM}, "amount"),
        ({"kind": FundingKind.SAME_LEVEL_AS_YEAR, "reference_year": 2020}, "reference_year"),
        ({"kind": FundingKind.YEARLY_LUMP_SUM, "amount": E("1.00"), "end": D(2019, 1, 1)}, "end"),
        (
            {"kind": FundingKind.YEARLY_LUMP_SUM, "amount": E("1.00"), "start": D(2019, 1, 1)},
            "start",
        ),
        # overlaps the 2021 rule of the fixture
        ({"kind": FundingKind.YEARLY_LUMP_SUM, "amount": E("1.00"), "end": D(2021, 2, 1)}, "start"),
    ],
)
def test_bad_funding_is_refused_at_its_field(manager_actor, pilots, snapshot, fields, field):
    values = {"start": D(2020, 1, 1), "end": D(2021, 1, 1), **fields}
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.funding_rule_create(actor=manager_actor, agreement=pilots["Groningen"], **values)
    assert field in error.value.message_dict
    before.assert_unchanged()


def test_a_coordinator_cannot_set_funding(coordinator_actor, pilots, snapshot):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.funding_rule_create(
            actor=coordinator_actor,
            agreement=pilots["Groningen"],
            kind=FundingKind.YEARLY_LUMP_SUM,
            start=D(2020, 1, 1),
            end=D(2021, 1, 1),
            amount=E("1.00"),
        )
    before.assert_unchanged()


def test_changing_and_removing_funding_is_audited(manager_actor, pilots):
    rule = FundingRule.objects.get(agreement=pilots["Groningen"])
    services.funding_rule_update(actor=manager_actor, rule=rule, data={"amount": E("4400000.00")})
    rule.refresh_from_db()
    assert rule.amount == E("4400000.00")
    event = AuditEvent.objects.filter(object_id=str(rule.uuid)).last()
    assert (event.action, event.changed_fields) == (AuditAction.UPDATE, ["amount"])
    uuid = str(rule.uuid)
    services.funding_rule_delete(actor=manager_actor, rule=rule)
    assert not FundingRule.objects.filter(uuid=uuid).exists()
    assert AuditEvent.objects.filter(object_id=uuid, action=AuditAction.DELETE).exists()


def test_changing_a_rule_into_an_overlap_is_refused(manager_actor, pilots, snapshot):
    agreement = pilots["Groningen"]
    services.funding_rule_create(
        actor=manager_actor,
        agreement=agreement,
        kind=FundingKind.YEARLY_LUMP_SUM,
        start=D(2020, 1, 1),
        end=D(2021, 1, 1),
        amount=E("4100000.00"),
    )
    rule = FundingRule.objects.get(agreement=agreement, start=D(2021, 1, 1))
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.funding_rule_update(actor=manager_actor, rule=rule, data={"start": D(2020, 6, 1)})
    assert "start" in error.value.message_dict
    before.assert_unchanged()


# --- spending -------------------------------------------------------------------------------------


def record(actor, municipality, **overrides):
    fields = {
        "municipality": municipality,
        "start": D(2021, 1, 1),
        "end": D(2021, 7, 1),
        "amount": E("1250000.50"),
        "description": "Eerste halfjaar 2021",
        **overrides,
    }
    return services.spending_record_create(actor=actor, **fields)


def test_a_coordinator_records_spending_of_their_own_municipality(
    coordinator_actor, groningen, pilots
):
    spent = record(coordinator_actor, groningen, agreement=pilots["Groningen"])
    assert spent.amount == E("1250000.50")
    assert spent.agreement == pilots["Groningen"]
    assert AuditEvent.objects.filter(object_id=str(spent.uuid)).count() == 1


def test_a_coordinator_cannot_record_for_another_municipality(
    coordinator_actor, amsterdam, snapshot
):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        record(coordinator_actor, amsterdam)
    before.assert_unchanged()


def test_a_programme_manager_reads_but_does_not_record_spending(manager_actor, groningen, snapshot):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        record(manager_actor, groningen)
    before.assert_unchanged()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"amount": E("-1.00")}, "amount"),
        ({"end": D(2022, 2, 1)}, "end"),  # across two calendar years
        ({"end": D(2020, 12, 1)}, "end"),  # an end before the start
        ({"description": ""}, "description"),
    ],
)
def test_bad_spending_is_refused_at_its_field(
    coordinator_actor, groningen, snapshot, overrides, field
):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        record(coordinator_actor, groningen, **overrides)
    assert field in error.value.message_dict
    before.assert_unchanged()


def test_spending_under_another_municipalitys_agreement_is_refused(
    coordinator_actor, groningen, pilots, snapshot
):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        record(coordinator_actor, groningen, agreement=pilots["Amsterdam"])
    assert "agreement" in error.value.message_dict
    before.assert_unchanged()


def test_spending_cannot_be_moved_to_another_municipality(
    coordinator_actor, groningen, amsterdam, snapshot
):
    spent = record(coordinator_actor, groningen)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.spending_record_update(
            actor=coordinator_actor, record=spent, data={"municipality": amsterdam}
        )
    before.assert_unchanged()
    services.spending_record_update(
        actor=coordinator_actor, record=spent, data={"amount": E("1300000.00")}
    )
    assert SpendingRecord.objects.get(pk=spent.pk).amount == E("1300000.00")


def test_another_municipalitys_coordinator_cannot_correct_it(
    coordinator_actor, groningen, amsterdam
):
    from lvv.accounts.tests.factories import actor_for

    spent = record(coordinator_actor, groningen)
    other = actor_for(coordinator_of(amsterdam))
    with pytest.raises(PermissionDenied):
        services.spending_record_update(actor=other, record=spent, data={"amount": E("1.00")})
