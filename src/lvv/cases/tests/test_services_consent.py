"""Consent per purpose and recipient: given, withdrawn, and what chain partners then see."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lvv.accounts.roles import OrganisationKind
from lvv.accounts.tests.factories import OrganisationFactory
from lvv.audit.models import AuditAction, AuditEvent
from lvv.cases.models import Client, ConsentPurpose, LegalBasis
from lvv.cases.services.consent import consent_give, consent_withdraw

from .factories import ConsentFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _share(world, **kwargs):
    data = {
        "purpose": ConsentPurpose.SHARE_WITH_CHAIN_PARTNER,
        "recipient": world.dtv,
        "legal_basis": LegalBasis.CONSENT,
        **kwargs,
    }
    return consent_give(actor=world.actor("caseworker_a"), client=world.client_a, **data)


def test_consent_to_share_shows_the_client_to_that_partner_only(world):
    dtv, ind = world.actor("chain_dtv"), world.actor("chain_ind")
    assert not Client.objects.visible_to(dtv).exists()
    consent = _share(world, document_reference=" SCAN-42 ")
    assert list(Client.objects.visible_to(dtv)) == [world.client_a]
    assert not Client.objects.visible_to(ind).exists()
    assert consent.document_reference == "SCAN-42"
    assert consent.given_on == timezone.localdate()
    event = AuditEvent.objects.get(object_id=str(consent.uuid))
    assert event.subject_id == world.client_a.uuid
    assert "recipient" in event.changed_fields


def test_a_withdrawal_takes_effect_at_once_for_the_partner(world):
    consent = _share(world, given_on=D(2023, 1, 1))
    dtv = world.actor("chain_dtv")
    assert Client.objects.visible_to(dtv).exists()
    consent_withdraw(actor=world.actor("caseworker_a"), consent=consent)
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert not Client.objects.visible_to(dtv).exists()
    event = AuditEvent.objects.get(object_id=str(consent.uuid), action=AuditAction.UPDATE)
    assert event.changed_fields == ["withdrawn_on"]


def test_monitoring_consent_has_no_recipient_and_shares_nothing(world):
    consent = _share(
        world,
        purpose=ConsentPurpose.PSEUDONYMISED_MONITORING,
        recipient=None,
        legal_basis=LegalBasis.PUBLIC_TASK,
    )
    assert consent.recipient is None
    assert not Client.objects.visible_to(world.actor("chain_dtv")).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"recipient": None}, "recipient"),
        ({"recipient": "ngo"}, "recipient"),
        ({"recipient": "inactive"}, "recipient"),
        ({"purpose": ConsentPurpose.PSEUDONYMISED_MONITORING}, "recipient"),
        ({"purpose": "marketing"}, "purpose"),
        ({"legal_basis": "because"}, "legal_basis"),
        ({"given_on": D(2999, 1, 1)}, "given_on"),
    ],
)
def test_bad_consents_are_refused(world, assert_refused, changes, field):
    if changes.get("recipient") == "ngo":
        changes["recipient"] = world.ngo_b
    if changes.get("recipient") == "inactive":
        changes["recipient"] = OrganisationFactory(kind=OrganisationKind.IND, is_active=False)
    assert_refused(lambda: _share(world, **changes), field)


def test_a_second_consent_in_force_for_the_same_recipient_is_refused(world, assert_refused):
    _share(world, given_on=D(2023, 1, 1))
    assert_refused(lambda: _share(world), "purpose")


def test_after_a_withdrawal_consent_can_be_given_again(world):
    consent = _share(world, given_on=D(2023, 1, 1))
    consent_withdraw(actor=world.actor("caseworker_a"), consent=consent, withdrawn_on=D(2023, 6, 1))
    again = _share(world, given_on=D(2024, 1, 1))
    assert again.pk != consent.pk
    assert Client.objects.visible_to(world.actor("chain_dtv")).exists()


@pytest.mark.parametrize(
    ("withdrawn_on", "field"),
    [(D(2022, 12, 31), "withdrawn_on"), (D(2999, 1, 1), "withdrawn_on")],
    ids=["before-given", "future"],
)
def test_bad_withdrawals_are_refused(world, assert_refused, withdrawn_on, field):
    consent = ConsentFactory(client=world.client_a, recipient=world.dtv, given_on=D(2023, 1, 1))
    messages = assert_refused(
        lambda: consent_withdraw(
            actor=world.actor("caseworker_a"), consent=consent, withdrawn_on=withdrawn_on
        ),
        field,
    )
    assert messages


def test_a_consent_is_withdrawn_once(world, assert_refused):
    consent = ConsentFactory(
        client=world.client_a,
        recipient=world.dtv,
        given_on=D(2023, 1, 1),
        withdrawn_on=D(2023, 2, 1),
    )
    assert_refused(
        lambda: consent_withdraw(actor=world.actor("caseworker_a"), consent=consent),
        "withdrawn_on",
    )


@pytest.mark.parametrize("role", ["chain_dtv", "caseworker_b", "coordinator_b"])
def test_consent_is_recorded_only_by_the_keepers_of_the_file(world, snapshot, role):
    consent = ConsentFactory(client=world.client_a, recipient=world.dtv)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        consent_give(
            actor=world.actor(role),
            client=world.client_a,
            purpose=ConsentPurpose.SHARE_WITH_CHAIN_PARTNER,
            recipient=world.ind,
            legal_basis=LegalBasis.CONSENT,
        )
    with pytest.raises(PermissionDenied):
        consent_withdraw(actor=world.actor(role), consent=consent)
    before.assert_unchanged()
