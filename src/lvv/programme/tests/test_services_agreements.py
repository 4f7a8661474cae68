"""Creating, correcting and moving agreements through their workflow; early termination."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvv.accounts.roles import Role
from lvv.accounts.tests.factories import actor_for, member
from lvv.audit.models import AuditAction, AuditEvent
from lvv.programme import selectors, services
from lvv.programme.models import (
    Agreement,
    AgreementAmendment,
    AgreementStatus,
    AmendmentKind,
    DecisionKind,
    FundingKind,
    FundingRule,
)
from lvv.programme.tests.factories import AgreementFactory, DecisionFactory, FundingRuleFactory

pytestmark = pytest.mark.django_db

D = datetime.date
E = Decimal


def create(actor, municipality, **overrides):
    fields = {
        "municipality": municipality,
        "title": "Convenant LVV Groningen",
        "start": D(2019, 4, 1),
        "end": D(2021, 7, 1),
        **overrides,
    }
    return services.agreement_create(actor=actor, **fields)


def test_a_programme_manager_creates_a_draft_with_the_usual_parties(manager_actor, groningen):
    mandate = DecisionFactory(kind=DecisionKind.MANDATE_DECISION)
    agreement = create(manager_actor, groningen, mandate=mandate)
    assert agreement.status == AgreementStatus.DRAFT
    assert agreement.parties == ["municipality", "state_secretary", "ind", "dtv", "police"]
    assert agreement.mandate == mandate
    event = AuditEvent.objects.get(object_id=str(agreement.uuid))
    assert event.action == AuditAction.CREATE
    assert "end" in event.changed_fields


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"end": D(2019, 4, 1)}, "end"),  # an end before (on) the start
        ({"end": D(2019, 1, 1)}, "end"),
        ({"parties": ["municipality"]}, "parties"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_agreements_are_refused_at_their_field(
    manager_actor, groningen, snapshot, overrides, field
):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        create(manager_actor, groningen, **overrides)
    assert field in error.value.message_dict
    before.assert_unchanged()


def test_a_wrong_kind_of_mandate_is_refused(manager_actor, groningen, snapshot):
    letter = DecisionFactory(kind=DecisionKind.PARLIAMENTARY_LETTER)
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        create(manager_actor, groningen, mandate=letter)
    assert "mandate" in error.value.message_dict
    before.assert_unchanged()


def test_two_overlapping_agreements_for_one_municipality_are_refused(
    manager_actor, groningen, snapshot
):
    create(manager_actor, groningen)
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        create(manager_actor, groningen, start=D(2021, 1, 1), end=D(2022, 1, 1))
    assert "start" in error.value.message_dict
    assert "Convenant LVV Groningen" in error.value.message_dict["start"][0]
    before.assert_unchanged()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.PROGRAMME_MANAGER])
def test_only_programme_managers_create_agreements(role, groningen, snapshot):
    actor = actor_for(member(role))
    before = snapshot()
    with pytest.raises(PermissionDenied):
        create(actor, groningen)
    before.assert_unchanged()


# --- correcting ---------------------------------------------------------------------------------


def test_a_draft_may_change_its_period(manager_actor, groningen):
    agreement = create(manager_actor, groningen)
    services.agreement_update(
        actor=manager_actor, agreement=agreement, data={"end": D(2021, 10, 1), "title": "Nieuw"}
    )
    agreement.refresh_from_db()
    assert (agreement.end, agreement.title) == (D(2021, 10, 1), "Nieuw")
    event = AuditEvent.objects.filter(object_id=str(agreement.uuid)).last()
    assert event.action == AuditAction.UPDATE
    assert sorted(event.changed_fields) == ["end", "title"]


def test_an_agreement_in_force_changes_its_end_only_by_amendment(manager_actor, pilots, snapshot):
    agreement = pilots["Groningen"]
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.agreement_update(
            actor=manager_actor, agreement=agreement, data={"end": D(2023, 1, 1)}
        )
    assert "end" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.agreement_update(
            actor=manager_actor, agreement=agreement, data={"start": D(2019, 1, 1)}
        )
    assert "start" in error.value.message_dict
    before.assert_unchanged()


def test_an_update_that_changes_nothing_writes_nothing(manager_actor, pilots, snapshot):
    agreement = pilots["Groningen"]
    before = snapshot()
    services.agreement_update(
        actor=manager_actor, agreement=agreement, data={"title": agreement.title}
    )
    before.assert_unchanged()


def test_unknown_fields_are_refused_by_name(manager_actor, pilots, snapshot):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.agreement_update(
            actor=manager_actor, agreement=pilots["Groningen"], data={"status": "ended"}
        )
    assert "status" in error.value.message_dict
    before.assert_unchanged()


# --- the workflow ---------------------------------------------------------------------------------


def test_a_draft_comes_into_force(manager_actor, groningen):
    agreement = create(manager_actor, groningen)
    services.agreement_change_status(
        actor=manager_actor, agreement=agreement, status=AgreementStatus.IN_FORCE
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_FORCE


def test_an_agreement_is_marked_ended_only_after_its_last_day(manager_actor, pilots, snapshot):
    agreement = pilots["Groningen"]  # last day 30 June 2022
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.agreement_change_status(
            actor=manager_actor,
            agreement=agreement,
            status=AgreementStatus.ENDED,
            today=D(2022, 6, 30),
        )
    assert "status" in error.value.message_dict
    before.assert_unchanged()
    services.agreement_change_status(
        actor=manager_actor, agreement=agreement, status=AgreementStatus.ENDED, today=D(2022, 7, 1)
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ENDED


@pytest.mark.parametrize(
    "current, target",
    [
        (AgreementStatus.DRAFT, AgreementStatus.ENDED),
        (AgreementStatus.DRAFT, AgreementStatus.TERMINATED),
        (AgreementStatus.ENDED, AgreementStatus.IN_FORCE),
        (AgreementStatus.TERMINATED, AgreementStatus.IN_FORCE),
        (AgreementStatus.IN_FORCE, AgreementStatus.DRAFT),
        (AgreementStatus.IN_FORCE, AgreementStatus.TERMINATED),  # needs its decision
        (AgreementStatus.IN_FORCE, "cancelled"),
    ],
)
def test_moves_outside_the_workflow_are_refused(manager_actor, snapshot, current, target):
    agreement = AgreementFactory(status=current)
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.agreement_change_status(
            actor=manager_actor, agreement=agreement, status=target, today=D(2030, 1, 1)
        )
    assert "status" in error.value.message_dict
    before.assert_unchanged()


def test_a_coordinator_cannot_change_a_status(coordinator_actor, pilots, snapshot):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.agreement_change_status(
            actor=coordinator_actor, agreement=pilots["Groningen"], status=AgreementStatus.ENDED
        )
    before.assert_unchanged()


# --- early termination ------------------------------------------------------------------------


def test_terminating_early_cuts_the_end_and_the_funding(manager_actor, groningen):
    agreement = AgreementFactory(municipality=groningen, start=D(2023, 1, 1), end=D(2027, 1, 1))
    spanning = FundingRuleFactory(
        agreement=agreement, start=D(2023, 1, 1), end=D(2026, 1, 1), amount=E("4300000.00")
    )
    after = FundingRuleFactory(
        agreement=agreement, start=D(2026, 1, 1), end=D(2027, 1, 1), amount=E("4300000.00")
    )
    decision = DecisionFactory(date=D(2024, 9, 1), title="Einde rijksbijdrage LVV")

    amendment = services.agreement_terminate(
        actor=manager_actor, agreement=agreement, end=D(2025, 1, 1), decision=decision
    )

    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.TERMINATED
    assert agreement.last_day == D(2024, 12, 31)
    assert (amendment.kind, amendment.previous_end, amendment.new_end) == (
        AmendmentKind.EARLY_TERMINATION,
        D(2027, 1, 1),
        D(2025, 1, 1),
    )
    spanning.refresh_from_db()
    assert spanning.end == D(2025, 1, 1)
    assert not FundingRule.objects.filter(pk=after.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=str(after.uuid)).exists()
    history = selectors.agreement_history(agreement)
    assert [(e.kind, e.start, e.end) for e in history] == [
        ("original", D(2023, 1, 1), D(2027, 1, 1)),
        (AmendmentKind.EARLY_TERMINATION, D(2025, 1, 1), D(2027, 1, 1)),
    ]
    allocations = selectors.agreement_allocations(agreement)
    assert [(y.year, y.amount) for y in allocations] == [
        (2023, E("4300000.00")),
        (2024, E("4300000.00")),
    ]


@pytest.mark.parametrize("end", [D(2022, 7, 1), D(2023, 1, 1), D(2019, 4, 1), D(2018, 1, 1)])
def test_a_termination_must_shorten_and_keep_a_period(
    manager_actor, pilots, seed_letter, snapshot, end
):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.agreement_terminate(
            actor=manager_actor, agreement=pilots["Groningen"], end=end, decision=seed_letter
        )
    assert "end" in error.value.message_dict
    before.assert_unchanged()


def test_only_an_agreement_in_force_is_terminated(manager_actor, seed_letter, snapshot):
    agreement = AgreementFactory(status=AgreementStatus.DRAFT)
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.agreement_terminate(
            actor=manager_actor, agreement=agreement, end=D(2020, 1, 1), decision=seed_letter
        )
    assert "status" in error.value.message_dict
    before.assert_unchanged()
    assert not AgreementAmendment.objects.exists()
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.DRAFT


def test_a_termination_needs_its_decision(manager_actor, pilots, snapshot):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.agreement_terminate(
            actor=manager_actor, agreement=pilots["Groningen"], end=D(2022, 1, 1), decision=None
        )
    assert "decision" in error.value.message_dict
    before.assert_unchanged()


def test_funding_kinds_are_kept_when_not_touched_by_a_termination(manager_actor, pilots):
    agreement = pilots["Groningen"]
    decision = DecisionFactory(date=D(2022, 1, 10))
    services.agreement_terminate(
        actor=manager_actor, agreement=agreement, end=D(2022, 4, 1), decision=decision
    )
    rule = FundingRule.objects.get(agreement=agreement)
    assert (rule.kind, rule.start, rule.end) == (
        FundingKind.YEARLY_LUMP_SUM,
        D(2021, 1, 1),
        D(2022, 4, 1),
    )
