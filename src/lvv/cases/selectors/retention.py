"""Which client files have passed their retention period (AVG: kept no longer than needed).

A file is due when the client left the LVV (status `outflow`, not back in since), the last
outflow lies at least `RETENTION_YEARS_AFTER_OUTFLOW` whole years back, nothing is open any
more (no open placement or trajectory), and it was not anonymised already. Records merged
into another file follow that file. Operators only (the command line): no page lists them.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, QuerySet

from ..models import Client, ClientStatus, Placement, Trajectory


def retention_cutoff(on: date, years: int | None = None) -> date:
    """The last day of leaving whose file is due on `on`: `years` whole years back (29
    February falls back to 28 February in a year without it)."""
    years = settings.RETENTION_YEARS_AFTER_OUTFLOW if years is None else years
    if years < 1:
        raise ValueError("The retention period is at least one year.")
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def clients_due_for_retention(*, on: date, years: int | None = None) -> QuerySet[Client]:
    """Active (not merged-away) files due for anonymisation on `on`, oldest outflow first,
    annotated with `last_left_on`."""
    cutoff = retention_cutoff(on, years)
    open_placement = Placement.objects.filter(client=OuterRef("pk"), end__isnull=True)
    open_trajectory = Trajectory.objects.filter(client=OuterRef("pk"), end__isnull=True)
    return (
        Client.objects.filter(
            merged_into__isnull=True,
            anonymised_on__isnull=True,
            status=ClientStatus.OUTFLOW,
        )
        .annotate(last_left_on=Max("outflows__left_on"))
        .filter(last_left_on__lte=cutoff)
        .exclude(Exists(open_placement))
        .exclude(Exists(open_trajectory))
        .order_by("last_left_on", "pk")
    )
