"""The client register over the API: clients, their journal, consents and intakes, status
transitions, transfers, merges, duplicate candidates, the access log and the work list; one
module per resource, registered on the shared router by `register`.

Which role may call which action is declared in `capabilities`; which clients and which
fields is decided by the gate (cases.access) through the selectors, so a client outside the
caller's scope is a 404 everywhere and a chain partner never receives more than its sections.
Reads of a file are recorded by the selectors (`client_file_for`), writes by the services.
"""

from __future__ import annotations

from .client import ClientViewSet
from .consents import ConsentViewSet
from .intakes import IntakeViewSet
from .journal import JournalViewSet
from .work_list import WorkListViewSet

CLIENT = r"clients/(?P<client_uuid>[0-9a-f-]{36})"


def register(router) -> None:
    """Register this package's viewsets on the shared router."""
    router.register("clients", ClientViewSet, basename="client")
    router.register(f"{CLIENT}/journal", JournalViewSet, basename="client-journal")
    router.register(f"{CLIENT}/consents", ConsentViewSet, basename="client-consent")
    router.register(f"{CLIENT}/intakes", IntakeViewSet, basename="client-intake")
    router.register("work-list", WorkListViewSet, basename="work-list")


extra_urlpatterns: list = []
