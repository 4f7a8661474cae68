"""Recompute the stored national pseudonyms, e.g. after the deployment's key was changed."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from ..models import Client
from ..pseudonyms import national_pseudonym

BATCH = 2000


def pseudonyms_recompute(*, progress: Callable[[int], None] | None = None) -> int:
    """Every client's pseudonym from its V-nummer and the current key; returns how many changed.

    One transaction: national figures never mix pseudonyms of two keys. Anonymised files are
    left as they are: their V-nummer is gone, so their pseudonym cannot be recomputed.
    """
    changed = 0
    with transaction.atomic():
        rows = (
            Client.objects.filter(anonymised_on__isnull=True)
            .order_by("pk")
            .values_list("pk", "uuid", "v_number", "pseudonym")
        )
        batch: list[Client] = []
        for pk, client_uuid, v_number, current in rows.iterator(chunk_size=BATCH):
            fresh = national_pseudonym(v_number, client_uuid)
            if fresh != current:
                batch.append(Client(pk=pk, pseudonym=fresh))
            if len(batch) >= BATCH:
                changed += _write(batch)
                batch = []
            if progress:
                progress(1)
        changed += _write(batch)
    return changed


def _write(batch: list[Client]) -> int:
    Client.objects.bulk_update(batch, ["pseudonym"])
    return len(batch)
