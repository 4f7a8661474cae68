"""Pages of the client register: the list, the file, and the forms that keep it; one module
per subject, their URLs here.

Every page declares the capabilities it needs (`required_capabilities`, any one will do);
which clients a page may show is decided by the gate through the selectors, so a client
outside the actor's scope is a 404 whatever the page. A page that shows a file reads it with
`client_file_for`, which records the reading; a form hands its data to one service, which
checks scope and rules again and records the write.
"""

from __future__ import annotations

from django.urls import path

from .changes import HouseholdAddView, HouseholdRemoveView, MergeView, TransferView, TransitionView
from .file import AccessLogView, ClientDetailView, SubjectAccessExportView
from .identity import ClientCreateView, ClientUpdateView, DuplicateCandidatesView
from .lists import ClientListView, WorkListView
from .records import (
    ConsentCreateView,
    ConsentWithdrawView,
    IntakeCreateView,
    IntakeDecideView,
    JournalCorrectView,
    JournalCreateView,
)

urlpatterns = [
    path("", ClientListView.as_view(), name="client-list"),
    path("nieuw", ClientCreateView.as_view(), name="client-create"),
    path("nieuw/dubbelen", DuplicateCandidatesView.as_view(), name="duplicate-candidates"),
    path("werklijst", WorkListView.as_view(), name="work-list"),
    path("<uuid:uuid>", ClientDetailView.as_view(), name="client-detail"),
    path("<uuid:uuid>/wijzigen", ClientUpdateView.as_view(), name="client-update"),
    path("<uuid:uuid>/toegang", AccessLogView.as_view(), name="client-access-log"),
    path("<uuid:uuid>/inzage", SubjectAccessExportView.as_view(), name="client-subject-access"),
    path("<uuid:uuid>/intake", IntakeCreateView.as_view(), name="intake-create"),
    path(
        "<uuid:uuid>/intake/<uuid:intake_uuid>/besluit",
        IntakeDecideView.as_view(),
        name="intake-decide",
    ),
    path("<uuid:uuid>/toestemming", ConsentCreateView.as_view(), name="consent-create"),
    path(
        "<uuid:uuid>/toestemming/<uuid:consent_uuid>/intrekken",
        ConsentWithdrawView.as_view(),
        name="consent-withdraw",
    ),
    path("<uuid:uuid>/journaal", JournalCreateView.as_view(), name="journal-create"),
    path(
        "<uuid:uuid>/journaal/<uuid:entry_uuid>/corrigeren",
        JournalCorrectView.as_view(),
        name="journal-correct",
    ),
    path("<uuid:uuid>/status", TransitionView.as_view(), name="client-transition"),
    path("<uuid:uuid>/overdragen", TransferView.as_view(), name="client-transfer"),
    path("<uuid:uuid>/samenvoegen", MergeView.as_view(), name="client-merge"),
    path("<uuid:uuid>/huishouden", HouseholdAddView.as_view(), name="household-add"),
    path(
        "<uuid:uuid>/huishouden/<uuid:link_uuid>/verwijderen",
        HouseholdRemoveView.as_view(),
        name="household-remove",
    ),
]
