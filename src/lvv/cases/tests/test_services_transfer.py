"""Transfer to another municipality's LVV: the file follows, the history stays."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from lvv.accounts.roles import OrganisationKind
from lvv.accounts.tests.factories import OrganisationFactory
from lvv.audit.models import AuditAction, AuditEvent
from lvv.cases.models import Client, ClientStatus, PlacementEndReason, Transfer
from lvv.cases.services.transfers import client_transfer

from .factories import JournalEntryFactory, PlacementFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _visible(world, member, client):
    return Client.objects.visible_to(world.actor(member)).filter(pk=client.pk).exists()


def test_the_file_follows_and_access_moves_with_it(world):
    client = world.client_a
    client.status = ClientStatus.IN_TRAJECTORY
    client.save()
    entry = JournalEntryFactory(client=client)
    StatusChangeFactory(client=client)
    placement = PlacementFactory(client=client, location=world.location_a, start=D(2023, 1, 1))

    transfer = client_transfer(
        actor=world.actor("caseworker_a"),
        client=client,
        to_municipality=world.amsterdam,
        to_partner=world.ngo_b,
        transferred_on=D(2024, 5, 1),
        reason="Familie in Amsterdam",
    )

    client.refresh_from_db()
    assert (client.municipality, client.partner) == (world.amsterdam, world.ngo_b)
    assert (transfer.from_municipality, transfer.from_partner) == (world.utrecht, world.ngo_a)
    placement.refresh_from_db()
    assert (placement.end, placement.end_reason) == (D(2024, 5, 1), PlacementEndReason.TRANSFERRED)
    # History stays with the client: same journal, same status history, same status.
    assert list(client.journal.all()) == [entry]
    assert client.status_changes.count() == 1
    assert client.status == ClientStatus.IN_TRAJECTORY
    # The old organisation and municipality lose access; the new ones gain it.
    assert not _visible(world, "caseworker_a", client)
    assert not _visible(world, "coordinator_a", client)
    assert _visible(world, "caseworker_b", client)
    assert _visible(world, "coordinator_b", client)
    subjects = AuditEvent.objects.filter(
        subject_id=client.uuid, action__in=[AuditAction.CREATE, AuditAction.UPDATE]
    )
    assert {e.object_type for e in subjects} >= {
        "cases.transfer",
        "cases.client",
        "cases.placement",
    }


def test_a_coordinator_may_move_a_file_to_another_partner_in_the_municipality(world):
    other = OrganisationFactory(kind=OrganisationKind.PARTNER_NGO, name="Tweede NGO")
    client_transfer(
        actor=world.actor("coordinator_a"),
        client=world.client_a,
        to_municipality=world.utrecht,
        to_partner=other,
    )
    world.client_a.refresh_from_db()
    assert world.client_a.partner == other
    assert not _visible(world, "caseworker_a", world.client_a)
    assert _visible(world, "coordinator_a", world.client_a)
    assert Transfer.objects.filter(client=world.client_a).count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"to_partner": "municipality"}, "to_partner"),
        ({"to_partner": "inactive"}, "to_partner"),
        ({"to_municipality": "same", "to_partner": "same"}, "to_municipality"),
        ({"transferred_on": D(2999, 1, 1)}, "transferred_on"),
        ({"transferred_on": D(2023, 1, 1)}, "transferred_on"),  # the placement's first day
    ],
)
def test_bad_transfers_are_refused(world, assert_refused, changes, field):
    PlacementFactory(client=world.client_a, location=world.location_a, start=D(2023, 1, 1))
    data = {"to_municipality": world.amsterdam, "to_partner": world.ngo_b, **changes}
    if data["to_partner"] == "municipality":
        data["to_partner"] = world.gemeente_b
    if data["to_partner"] == "inactive":
        data["to_partner"] = OrganisationFactory(kind=OrganisationKind.PARTNER_NGO, is_active=False)
    if data["to_partner"] == "same":
        data["to_partner"] = world.ngo_a
    if data["to_municipality"] == "same":
        data["to_municipality"] = world.utrecht
    assert_refused(
        lambda: client_transfer(actor=world.actor("caseworker_a"), client=world.client_a, **data),
        field,
    )


@pytest.mark.parametrize("role", ["caseworker_b", "coordinator_b", "chain_dtv", "analyst"])
def test_only_the_keepers_of_the_file_transfer_it(world, snapshot, role):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        client_transfer(
            actor=world.actor(role),
            client=world.client_a,
            to_municipality=world.amsterdam,
            to_partner=world.ngo_b,
        )
    before.assert_unchanged()
