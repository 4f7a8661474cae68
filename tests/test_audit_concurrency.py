"""Several processes append to the audit trail at once; the chain must stay one unbroken line.

On PostgreSQL (production, several app processes) an append moves the chain head only if no
other append moved it first, and links again if one did (ADR 7): inside a writer's
transaction, and on its own as a read of a client file appends (no transaction). Threads here
each use their own database connection, as processes would.
"""

import contextlib
import threading

import pytest
from django.db import connection, connections, transaction

from lvv.accounts.actors import Actor
from lvv.audit.models import AuditAction, AuditEvent
from lvv.audit.selectors import audit_chain_verify
from lvv.audit.services import audit_record

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 4
EVENTS_EACH = 25


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need a server database; SQLite allows one writer by design",
)
@pytest.mark.parametrize("in_transaction", [True, False], ids=["in-a-transaction", "on-its-own"])
def test_concurrent_appends_keep_one_unbroken_chain(in_transaction):
    errors = []
    barrier = threading.Barrier(WRITERS)

    def write(worker: int) -> None:
        try:
            barrier.wait()
            for index in range(EVENTS_EACH):
                with transaction.atomic() if in_transaction else contextlib.nullcontext():
                    audit_record(
                        actor=Actor.system(),
                        action=AuditAction.READ,
                        object_type="test.concurrency",
                        object_id=f"{worker}-{index}",
                    )
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    events = AuditEvent.objects.filter(object_type="test.concurrency")
    assert events.count() == WRITERS * EVENTS_EACH
    result = audit_chain_verify()
    assert result.ok, result.reason
    assert result.checked == AuditEvent.objects.count()
