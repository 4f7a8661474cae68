"""A synthetic national dataset for benchmarks: `lvv generate_dataset`.

Ten years of a nationwide LVV network (eight regions: the five pilots and three more) with
clients, intakes, consent, stays and moves, transfers, scenarios, case meetings, actions,
journal entries, outflow in all three groups and the audit trail (writes and reads).

Written in bulk, not through the services (they take milliseconds per row), but every
invariant the services guarantee holds by construction: at most one open placement and
trajectory per client, placements inside their location's open period and at least one night
long, the outflow closing the placement and trajectory and cancelling open actions, status
changes following `ALLOWED_TRANSITIONS`, the national pseudonym set, and audit events
hash-chained through `audit.services.audit_bulk_append` in time order.

Deterministic: one `random.Random(seed)` and fixed dates (the history ends on `END`), so the
same seed on an empty register gives the same rows, uuids and audit hashes. Capacity is sized
from the population and not checked per day (services allow placing above capacity with a
reason; the dataset does not model that reason).

The modules, in the order the generator's layers build on each other: `tables` (bulk writer),
`events` (the audit trail), `writer` (uuids, moments, rows), `network` (places, people,
meetings), `trajectories` (an admitted client's stay), `clients` (each client's story);
`indexes` sets plain indexes aside during the load.
"""

from __future__ import annotations

from django.db import connection, transaction

from lvv.audit.models import AuditEvent
from lvv.cases import models as cm

from .clients import Generator
from .constants import END
from .indexes import plain_indexes_set_aside
from .writer import DatasetResult

__all__ = ["END", "DatasetResult", "generate_dataset"]

# The tables with most rows per client; the others are too small for their indexes to matter.
_LOADED_WITHOUT_PLAIN_INDEXES = (AuditEvent, cm.JournalEntry, cm.StatusChange, cm.IntakeAnswer)


def generate_dataset(*, clients: int, years: int, seed: int, progress=None) -> DatasetResult:
    """Write the dataset in one transaction; see the module docstring for what it holds.

    The caller checks the register is empty. Ids are assigned here (and the PostgreSQL
    sequences moved past them afterwards), so rows refer to each other without round trips.
    The plain indexes of the largest tables are rebuilt at the end of the transaction (see
    `plain_indexes_set_aside`); if it fails, nothing is written and the indexes stay.
    """
    from django.apps import apps

    from lvv.cases.reference_data import load_reference_data

    with transaction.atomic():
        load_reference_data(apps)
        generator = Generator(clients=clients, years=years, seed=seed, progress=progress)
        with plain_indexes_set_aside(_LOADED_WITHOUT_PLAIN_INDEXES):
            generator.network()
            generator.meetings()
            generator.clients()
        generator.reset_sequences()
    # Fresh statistics, or the planners guess: SQLite without them picks the index on
    # `merged_into` (nearly all NULL) for the client list and scans every client. On
    # PostgreSQL also VACUUM, as after any bulk load: it fills the visibility map (a count can
    # then read an index alone) and sets the hint bits (else the first readers write every
    # page). Not possible inside a caller's transaction (tests): there ANALYZE alone.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    return generator.result()
