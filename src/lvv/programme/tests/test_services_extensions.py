"""Extending agreements, one or all at once: the seed letter of 17 December 2021 end to end."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvv.audit.models import AuditEvent
from lvv.programme import selectors, services
from lvv.programme.models import (
    AgreementAmendment,
    AgreementStatus,
    AmendmentKind,
    FundingKind,
    FundingRule,
)

pytestmark = pytest.mark.django_db

D = datetime.date
E = Decimal
SAME_LEVEL_2021 = {"kind": FundingKind.SAME_LEVEL_AS_YEAR, "reference_year": 2021}


def test_the_preview_shows_what_the_seed_letter_changes_without_writing(
    pilots, seed_letter, snapshot
):
    before = snapshot()
    preview = selectors.agreement_extension_preview(
        agreements=pilots.values(), new_end=D(2023, 1, 1), funding=SAME_LEVEL_2021
    )
    assert preview.is_valid
    assert [row.agreement.municipality.name for row in preview.rows] == [
        "Amsterdam",
        "Eindhoven",
        "Groningen",
        "Rotterdam",
        "Utrecht",
    ]
    for row in preview.rows:
        assert row.current_last_day == D(2022, 6, 30)
        assert row.new_last_day == D(2022, 12, 31)
    groningen = next(r for r in preview.rows if r.agreement.municipality.name == "Groningen")
    # 4,300,000.00 × 184 / 365 = 2,167,671.2328… → 2,167,671.23
    assert groningen.impact == [(2022, E("2167671.23"))]
    before.assert_unchanged()


def test_the_seed_letter_extends_all_five_pilots_to_the_end_of_2022(
    pilots, seed_letter, manager_actor, groningen_contract
):
    # Before the letter: INLIA's contract ends with the agreement, a decision is needed.
    warnings = selectors.deadline_warnings_visible_to(manager_actor, as_of=D(2021, 12, 16))
    assert [(w.contract, w.deadline) for w in warnings] == [(groningen_contract, D(2022, 4, 1))]
    assert "1 april 2022" in warnings[0].message
    events = AuditEvent.objects.count()

    amendments = services.agreements_extend(
        actor=manager_actor,
        agreements=list(pilots.values()),
        new_end=D(2023, 1, 1),
        decision=seed_letter,
        funding=SAME_LEVEL_2021,
    )

    assert len(amendments) == 5
    for agreement in pilots.values():
        agreement.refresh_from_db()
        assert agreement.end == D(2023, 1, 1)
        assert agreement.last_day == D(2022, 12, 31)
        amendment = AgreementAmendment.objects.get(agreement=agreement)
        assert amendment.kind == AmendmentKind.EXTENSION
        assert amendment.decision == seed_letter
        assert (amendment.previous_end, amendment.new_end) == (D(2022, 7, 1), D(2023, 1, 1))
        rule = FundingRule.objects.get(agreement=agreement, start=D(2022, 7, 1))
        assert (rule.kind, rule.reference_year, rule.end) == (
            FundingKind.SAME_LEVEL_AS_YEAR,
            2021,
            D(2023, 1, 1),
        )
        assert rule.decision == seed_letter
    # Per agreement: the new end, the amendment and the funding rule.
    assert AuditEvent.objects.count() == events + 15

    groningen = pilots["Groningen"]
    allocation = selectors.allocations_visible_to(
        manager_actor, year=2022, municipality=groningen.municipality
    )[0]
    # Both halves of 2022 at the 2021 level add up to exactly the 2021 level.
    assert allocation.amount == E("4300000.00")
    second_half = [s for s in allocation.shares if s.period.start == D(2022, 7, 1)]
    assert [s.rounded for s in second_half] == [E("2167671.23")]

    # After the letter: the next period is funded, the warning is gone.
    assert selectors.deadline_warnings_visible_to(manager_actor, as_of=D(2021, 12, 17)) == []
    # The warnings of the day before can still be reproduced.
    assert len(selectors.deadline_warnings_visible_to(manager_actor, as_of=D(2021, 12, 16))) == 1


def test_one_agreement_that_cannot_be_extended_stops_them_all(
    pilots, seed_letter, manager_actor, snapshot
):
    utrecht = pilots["Utrecht"]
    utrecht.status = AgreementStatus.ENDED
    utrecht.save()
    before = snapshot()

    with pytest.raises(ValidationError) as error:
        services.agreements_extend(
            actor=manager_actor,
            agreements=list(pilots.values()),
            new_end=D(2023, 1, 1),
            decision=seed_letter,
            funding=SAME_LEVEL_2021,
        )

    messages = error.value.message_dict["agreements"]
    assert len(messages) == 1
    assert "Utrecht" in messages[0]
    before.assert_unchanged()


def test_an_agreement_that_would_not_be_extended_is_named(
    pilots, seed_letter, manager_actor, snapshot
):
    eindhoven = pilots["Eindhoven"]
    eindhoven.end = D(2023, 3, 1)
    eindhoven.save()
    before = snapshot()
    preview = selectors.agreement_extension_preview(
        agreements=pilots.values(), new_end=D(2023, 1, 1)
    )
    assert not preview.is_valid
    assert len(preview.problems) == 1 and "Eindhoven" in preview.problems[0]

    with pytest.raises(ValidationError) as error:
        services.agreements_extend(
            actor=manager_actor,
            agreements=list(pilots.values()),
            new_end=D(2023, 1, 1),
            decision=seed_letter,
        )
    assert "Eindhoven" in error.value.message_dict["agreements"][0]
    before.assert_unchanged()


@pytest.mark.parametrize(
    "funding, field",
    [
        ({"kind": FundingKind.SAME_LEVEL_AS_YEAR}, "funding.reference_year"),
        (
            {"kind": FundingKind.SAME_LEVEL_AS_YEAR, "reference_year": 2022},
            "funding.reference_year",
        ),
        ({"kind": FundingKind.YEARLY_LUMP_SUM, "amount": E("-1.00")}, "funding.amount"),
        (
            {"kind": FundingKind.PER_PLACE, "price_per_place": E("100.00")},
            "funding.state_funded_places",
        ),
        ({"kind": "gift"}, "funding.kind"),
        (
            {"kind": FundingKind.YEARLY_LUMP_SUM, "amount": E("1.00"), "colour": "red"},
            "funding.colour",
        ),
    ],
)
def test_a_bad_funding_spec_is_refused_on_its_field(
    pilots, seed_letter, manager_actor, snapshot, funding, field
):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.agreements_extend(
            actor=manager_actor,
            agreements=list(pilots.values()),
            new_end=D(2023, 1, 1),
            decision=seed_letter,
            funding=funding,
        )
    assert field in error.value.message_dict
    before.assert_unchanged()


def test_no_agreements_is_refused(seed_letter, manager_actor, snapshot):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.agreements_extend(
            actor=manager_actor, agreements=[], new_end=D(2023, 1, 1), decision=seed_letter
        )
    assert "agreements" in error.value.message_dict
    before.assert_unchanged()


def test_a_coordinator_may_not_extend(pilots, seed_letter, coordinator_actor, snapshot):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.agreements_extend(
            actor=coordinator_actor,
            agreements=[pilots["Groningen"]],
            new_end=D(2023, 1, 1),
            decision=seed_letter,
        )
    before.assert_unchanged()


# --- one agreement -------------------------------------------------------------------------------


def test_extending_one_agreement_records_the_amendment(pilots, seed_letter, manager_actor):
    amendment = services.agreement_extend(
        actor=manager_actor,
        agreement=pilots["Groningen"],
        new_end=D(2023, 1, 1),
        decision=seed_letter,
    )
    assert amendment.previous_end == D(2022, 7, 1)
    history = selectors.agreement_history(pilots["Groningen"])
    assert [(e.kind, e.start, e.last_day) for e in history] == [
        ("original", D(2019, 4, 1), D(2022, 6, 30)),
        (AmendmentKind.EXTENSION, D(2022, 7, 1), D(2022, 12, 31)),
    ]


@pytest.mark.parametrize(
    "new_end, field",
    [
        (D(2022, 7, 1), "new_end"),  # the same end extends nothing
        (D(2022, 1, 1), "new_end"),  # an extension that shortens
    ],
)
def test_an_extension_that_does_not_extend_is_refused(
    pilots, seed_letter, manager_actor, snapshot, new_end, field
):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.agreement_extend(
            actor=manager_actor,
            agreement=pilots["Groningen"],
            new_end=new_end,
            decision=seed_letter,
        )
    assert field in error.value.message_dict
    before.assert_unchanged()


def test_an_extension_into_another_agreement_is_refused(
    pilots, seed_letter, manager_actor, snapshot
):
    from lvv.programme.tests.factories import AgreementFactory

    groningen = pilots["Groningen"]
    AgreementFactory(
        municipality=groningen.municipality,
        start=D(2022, 10, 1),
        end=D(2023, 10, 1),
        status=AgreementStatus.DRAFT,
    )
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.agreement_extend(
            actor=manager_actor, agreement=groningen, new_end=D(2023, 1, 1), decision=seed_letter
        )
    assert "new_end" in error.value.message_dict
    before.assert_unchanged()


def test_an_agreement_not_in_force_cannot_be_extended(pilots, seed_letter, manager_actor, snapshot):
    groningen = pilots["Groningen"]
    groningen.status = AgreementStatus.TERMINATED
    groningen.save()
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.agreement_extend(
            actor=manager_actor, agreement=groningen, new_end=D(2023, 1, 1), decision=seed_letter
        )
    assert "status" in error.value.message_dict
    before.assert_unchanged()


def test_an_extension_without_a_decision_is_refused(pilots, manager_actor, snapshot):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.agreement_extend(
            actor=manager_actor, agreement=pilots["Groningen"], new_end=D(2023, 1, 1), decision=None
        )
    assert "decision" in error.value.message_dict
    before.assert_unchanged()
