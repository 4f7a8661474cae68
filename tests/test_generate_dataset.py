"""`lvv generate_dataset`: the synthetic national dataset keeps every invariant the services
guarantee, its audit chain verifies, and the same seed gives the same rows."""

import hashlib
import itertools
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q

from lvv.audit.models import AuditChainHead, AuditEvent
from lvv.audit.selectors import audit_chain_verify
from lvv.cases.models import (
    ALLOWED_TRANSITIONS,
    Action,
    ActionStatus,
    CaseDiscussion,
    Client,
    ClientStatus,
    Consent,
    IntakeAnswer,
    JournalEntry,
    Outflow,
    OutflowGroup,
    Placement,
    PlacementEndReason,
    StatusChange,
    Trajectory,
    Transfer,
)
from lvv.cases.pseudonyms import national_pseudonym
from lvv.demo.dataset import generate_dataset

pytestmark = pytest.mark.django_db


def generate(clients: int) -> str:
    out = StringIO()
    call_command(
        "generate_dataset",
        f"--clients={clients}",
        "--seed=1",
        "--no-progress",
        "--allow-without-debug",
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def dataset(db):
    return generate(200)


def test_writes_a_national_history_of_every_kind(dataset):
    assert "rows/s" in dataset
    assert Client.objects.count() == 200
    assert Client.objects.values("municipality").distinct().count() == 8
    for model in (Placement, Trajectory, Outflow, Consent, JournalEntry, CaseDiscussion):
        assert model.objects.count() > 0, model
    assert IntakeAnswer.objects.count() >= 4 * 200
    groups = set(Outflow.objects.values_list("reason__group", flat=True))
    assert groups == {OutflowGroup.DURABLE, OutflowGroup.SEMI_DURABLE, OutflowGroup.NONE}
    assert Placement.objects.filter(end_reason=PlacementEndReason.MOVED).exists()
    statuses = set(Client.objects.values_list("status", flat=True))
    assert {ClientStatus.OUTFLOW, ClientStatus.IN_TRAJECTORY, ClientStatus.REFUSED} <= statuses
    assert AuditEvent.objects.filter(action="read").count() >= 3 * 200


def test_the_audit_chain_verifies_and_runs_in_time_order(dataset):
    result = audit_chain_verify()
    assert result.ok, result.reason
    times = list(AuditEvent.objects.order_by("sequence").values_list("occurred_at", flat=True))
    assert times == sorted(times)
    head = AuditChainHead.objects.get()
    assert head.sequence == AuditEvent.objects.count()


def test_placements_keep_the_services_invariants(dataset):
    assert not Placement.objects.filter(start__lt=F("location__start")).exists()
    assert not Placement.objects.filter(end__lte=F("start")).exists()  # at least one night
    open_per_client = Placement.objects.filter(end__isnull=True).values("client")
    assert not open_per_client.annotate(n=Count("id")).filter(n__gt=1).exists()
    # Consecutive stays of a client touch and never overlap.
    for client in Client.objects.annotate(n=Count("placements")).filter(n__gt=1):
        stays = list(client.placements.order_by("start"))
        for before, after in itertools.pairwise(stays):
            assert before.end == after.start
            assert before.end_reason in {PlacementEndReason.MOVED, PlacementEndReason.TRANSFERRED}
    for transfer in Transfer.objects.select_related("client"):
        assert transfer.client.placements.filter(start=transfer.transferred_on).exists()


def test_the_outflow_closes_the_stay_and_the_trajectory(dataset):
    left = Client.objects.filter(status=ClientStatus.OUTFLOW)
    assert left.exists()
    assert not Placement.objects.filter(client__in=left, end__isnull=True).exists()
    assert not Trajectory.objects.filter(client__in=left, end__isnull=True).exists()
    assert not Action.objects.filter(client__in=left, status=ActionStatus.OPEN).exists()
    for outflow in Outflow.objects.select_related("client"):
        assert outflow.client.status_since == outflow.left_on
        last = outflow.client.placements.order_by("-start").first()
        if last is not None:
            assert (last.end, last.end_reason) == (outflow.left_on, PlacementEndReason.OUTFLOW)


def test_status_history_follows_the_workflow_and_pseudonyms_are_set(dataset):
    for client in Client.objects.prefetch_related("status_changes"):
        assert client.pseudonym == national_pseudonym(client.v_number, client.uuid)
        changes = list(client.status_changes.all())
        status = ClientStatus.INTAKE
        for change in changes:
            assert change.from_status == status
            assert change.to_status in ALLOWED_TRANSITIONS[status]
            status = change.to_status
        assert client.status == status
        if changes:
            assert client.status_since == changes[-1].changed_on
    assert StatusChange.objects.exists()


def test_database_constraints_hold(dataset):
    client = Placement.objects.filter(end__isnull=True).first().client
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(client=client, location_id=client.placements.first().location_id,
                                 start=client.placements.first().start)  # fmt: skip
    assert (
        not Client.objects.exclude(v_number="")
        .values("v_number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .exists()
    )
    assert not Consent.objects.filter(~Q(withdrawn_on=None), withdrawn_on__lt=F("given_on"))


def test_refuses_a_register_that_holds_clients(dataset):
    with pytest.raises(CommandError, match="already holds clients"):
        generate(10)


def test_builds_on_the_demo_network_when_it_is_there(db):
    call_command("seed_demo", "--allow-without-debug", "--without-clients", "--quiet-accounts",
                 stdout=StringIO())  # fmt: skip
    generate(40)
    assert Client.objects.count() == 40
    assert audit_chain_verify().ok
    assert not Placement.objects.filter(start__lt=F("location__start")).exists()
    assert Client.objects.filter(municipality__cbs_code="GM0363").exists()


def test_refuses_without_debug_unless_told(db):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate_dataset", "--clients=5", "--no-progress")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for row in Client.objects.order_by("uuid").values_list(
        "uuid", "family_name", "v_number", "status", "status_since", "municipality__cbs_code"
    ):
        digest.update(repr(row).encode())
    for row in Placement.objects.order_by("uuid").values_list("uuid", "start", "end"):
        digest.update(repr(row).encode())
    digest.update(AuditChainHead.objects.get().hash.encode())
    return digest.hexdigest()


def test_the_same_seed_gives_the_same_rows(db):
    fingerprints = []
    for _run in range(2):
        with transaction.atomic():
            generate_dataset(clients=60, years=10, seed=7)
            fingerprints.append(_fingerprint())
            transaction.set_rollback(True)
    assert fingerprints[0] == fingerprints[1]
    with transaction.atomic():
        generate_dataset(clients=60, years=10, seed=8)
        assert _fingerprint() != fingerprints[0]
        transaction.set_rollback(True)


def _indexes(table: str) -> dict:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


LOADED_TABLES = ("audit_auditevent", "cases_journalentry", "cases_statuschange")


def test_the_indexes_set_aside_for_the_load_come_back_as_they_were(db):
    before = {table: _indexes(table) for table in LOADED_TABLES}
    assert any(not index["unique"] for index in before["audit_auditevent"].values())
    generate(20)
    assert {table: _indexes(table) for table in LOADED_TABLES} == before


def test_a_failed_run_writes_nothing_and_keeps_the_indexes(db):
    before = {table: _indexes(table) for table in LOADED_TABLES}

    class Interrupted(Exception):
        pass

    def interrupt(_clients: int) -> None:
        raise Interrupted  # after the first client, while the indexes are set aside

    with pytest.raises(Interrupted):
        generate_dataset(clients=5, years=10, seed=1, progress=interrupt)
    assert {table: _indexes(table) for table in LOADED_TABLES} == before
    assert not Client.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
def test_on_postgresql_the_load_is_vacuumed_when_no_transaction_is_open():
    """Outside a transaction (as from the command line) the load ends with VACUUM ANALYZE:
    the visibility map lets counts read an index alone."""

    def vacuumed() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'cases_client'"
            )
            return cursor.fetchone()[0]

    before = vacuumed()
    generate(5)
    assert vacuumed() == before + 1
