"""The client register over the API: clients, their journal, consents and intakes, status
transitions, transfers, merges, duplicate candidates, the access log and the work list.

Which role may call which action is declared in `capabilities`; which clients and which
fields is decided by the gate (cases.access) through the selectors, so a client outside the
caller's scope is a 404 everywhere and a chain partner never receives more than its sections.
Reads of a file are recorded by the selectors (`client_file_for`), writes by the services.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from lvv.accounts.api.base import LvvGenericViewSet
from lvv.accounts.roles import Capability

from ..access import client_sections_for
from ..models import Client, Consent, Intake, JournalEntry
from ..selectors import access_log as access_log_selectors
from ..selectors import clients as selectors
from ..selectors.worklists import work_list_for
from ..services import clients as client_services
from ..services import consent as consent_services
from ..services import intake as intake_services
from ..services import journal as journal_services
from ..services import merge as merge_services
from ..services import transfers as transfer_services
from ..services import workflow as workflow_services
from .conflicts import CONFLICT_RESPONSE, ConflictAs409Mixin
from .filters_clients import ClientFilter
from .serializers_clients import (
    AccessLogEventSerializer,
    ClientCreateInputSerializer,
    ClientOutputSerializer,
    ClientUpdateInputSerializer,
    ConsentInputSerializer,
    ConsentOutputSerializer,
    ConsentWithdrawInputSerializer,
    DuplicateCandidatesOutputSerializer,
    DuplicateQuerySerializer,
    IntakeDecideInputSerializer,
    IntakeInputSerializer,
    IntakeOutputSerializer,
    JournalCorrectionInputSerializer,
    JournalEntryInputSerializer,
    JournalEntryOutputSerializer,
    MergeInputSerializer,
    TransferInputSerializer,
    TransferOutputSerializer,
    TransitionInputSerializer,
)

KEEP = Capability.VIEW_CLIENT_FILES
READ = frozenset({Capability.VIEW_CLIENT_FILES, Capability.VIEW_SHARED_CLIENT_DATA})

UUID_PATH = OpenApiParameter("uuid", OpenApiTypes.UUID, OpenApiParameter.PATH)
CLIENT_UUID_PATH = OpenApiParameter(
    "client_uuid", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Uuid of the client."
)


def _input(serializer_class, request, **context):
    serializer = serializer_class(data=request.data, context=context)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class _ClientScoped(LvvGenericViewSet):
    """Views under /clients/{client_uuid}/...: the client is found through the gate."""

    def get_client(self) -> Client:
        if not hasattr(self, "_client"):
            try:
                self._client = selectors.client_get_visible(
                    actor=self.actor, uuid=self.kwargs["client_uuid"]
                )
            except Client.DoesNotExist as missing:
                raise Http404 from missing
        return self._client

    def read_client(self) -> Client:
        """For a GET that shows part of the file: the reading is recorded."""
        try:
            self._client = selectors.client_file_for(
                actor=self.actor, uuid=self.kwargs["client_uuid"]
            )
        except Client.DoesNotExist as missing:
            raise Http404 from missing
        return self._client


@extend_schema_view(
    list=extend_schema(
        summary="List clients",
        description=(
            "Only the clients the caller may see (caseworker: their organisation's and those "
            "placed at its locations; coordinator: their municipality's; chain partner: those "
            "who consented to sharing with it). Chain partners get identity, status and "
            "current location only. Every listing is recorded in the audit trail."
        ),
    ),
    retrieve=extend_schema(
        summary="One client's file",
        description="404 for a client outside your scope. Every reading is recorded.",
        parameters=[UUID_PATH],
    ),
    create=extend_schema(
        summary="Register a client",
        description=(
            "Call `GET /clients/duplicate-candidates` first and show the candidates. "
            "The client starts in status `intake`."
        ),
        request=ClientCreateInputSerializer,
        responses={status.HTTP_201_CREATED: ClientOutputSerializer},
    ),
    partial_update=extend_schema(
        summary="Change identity, contact details or vulnerabilities",
        description=(
            "Send the `version` you read (optimistic locking): if someone changed the file "
            "since, the answer is 409 Conflict and nothing changes. A saved change raises "
            "the version."
        ),
        parameters=[UUID_PATH],
        request=ClientUpdateInputSerializer,
        responses={status.HTTP_200_OK: ClientOutputSerializer, **CONFLICT_RESPONSE},
    ),
)
class ClientViewSet(ConflictAs409Mixin, LvvGenericViewSet):
    capabilities = {
        "list": READ,
        "retrieve": READ,
        "create": KEEP,
        "partial_update": KEEP,
        "transition": KEEP,
        "transfer": KEEP,
        "merge": KEEP,
        "duplicate_candidates": KEEP,
        "access_log": frozenset({Capability.VIEW_CLIENT_FILES, Capability.VIEW_AUDIT}),
    }
    serializer_class = ClientOutputSerializer
    filterset_class = ClientFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Client.objects.none()
        return selectors.with_list_columns(selectors.clients_visible_to(self.actor))

    def _context(self, **extra) -> dict:
        return {"sections": client_sections_for(self.actor), **extra}

    def _detail(self, client: Client, *, code=status.HTTP_200_OK) -> Response:
        household = []
        sections = client_sections_for(self.actor)
        if "household" in sections:
            household = selectors.household_of(actor=self.actor, client=client)
        data = ClientOutputSerializer(
            client, context=self._context(detail=True, household=household)
        ).data
        headers = {}
        if code == status.HTTP_201_CREATED:
            headers["Location"] = reverse("api:client-detail", kwargs={"uuid": client.uuid})
        return Response(data, status=code, headers=headers)

    def _reread(self, client: Client) -> Client:
        return self.get_queryset().get(pk=client.pk)

    def _visible(self) -> Client:
        try:
            return selectors.client_get_visible(actor=self.actor, uuid=self.kwargs["uuid"])
        except Client.DoesNotExist as missing:
            raise Http404 from missing

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(selectors.clients_listed_by(actor=self.actor))
        page = self.paginate_queryset(queryset)
        data = ClientOutputSerializer(page, many=True, context=self._context()).data
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        try:
            client = selectors.client_file_for(actor=self.actor, uuid=kwargs["uuid"])
        except Client.DoesNotExist as missing:
            raise Http404 from missing
        return self._detail(client)

    def create(self, request, *args, **kwargs):
        data = _input(ClientCreateInputSerializer, request)
        client = client_services.client_create(actor=self.actor, **data)
        return self._detail(self._reread(client), code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        client = self._visible()
        data = _input(ClientUpdateInputSerializer, request)
        version = data.pop("version")
        client = client_services.client_update(
            actor=self.actor, client=client, data=data, expected_version=version
        )
        return self._detail(self._reread(client))

    @extend_schema(
        summary="Change the status",
        description=(
            "Only transitions the workflow allows from the current status; an error at "
            "`to_status` names the allowed ones. Steps with their own endpoint (intake "
            "decision, outflow) are refused here."
        ),
        parameters=[UUID_PATH],
        request=TransitionInputSerializer,
        responses=ClientOutputSerializer,
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, uuid=None):
        client = self._visible()
        data = _input(TransitionInputSerializer, request)
        client = workflow_services.client_transition_by_hand(
            actor=self.actor, client=client, **data
        )
        return self._detail(self._reread(client))

    @extend_schema(
        summary="Transfer to another municipality and partner",
        description=(
            "The file follows; history stays. The open placement ends on the transfer date. "
            "Afterwards the sending organisation may no longer see the client."
        ),
        parameters=[UUID_PATH],
        request=TransferInputSerializer,
        responses={status.HTTP_201_CREATED: TransferOutputSerializer},
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request, uuid=None):
        client = self._visible()
        data = _input(TransferInputSerializer, request)
        transfer = transfer_services.client_transfer(actor=self.actor, client=client, **data)
        return Response(TransferOutputSerializer(transfer).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Merge a duplicate record into this one (coordinators)",
        description=(
            "Every related row moves to this client; the duplicate is kept, marked merged, and "
            "disappears from lists. Same municipality only."
        ),
        parameters=[UUID_PATH],
        request=MergeInputSerializer,
        responses=ClientOutputSerializer,
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, uuid=None):
        survivor = self._visible()
        data = _input(MergeInputSerializer, request)
        duplicate = selectors.clients_visible_to(self.actor).filter(uuid=data["duplicate"]).first()
        survivor = merge_services.client_merge(
            actor=self.actor,
            survivor=survivor,
            duplicate=duplicate,
            reason=data.get("reason", ""),
        )
        return self._detail(self._reread(survivor))

    @extend_schema(
        summary="Possible duplicates of a person about to be registered",
        description=(
            "On the V-number; and on family name + date of birth + nationality where one of "
            "the two has no V-number. Only clients you may see; a V-number registered outside "
            "your scope is flagged without details. No parameters: no candidates."
        ),
        parameters=[DuplicateQuerySerializer],
        responses=DuplicateCandidatesOutputSerializer,
    )
    @action(detail=False, methods=["get"], url_path="duplicate-candidates")
    def duplicate_candidates(self, request):
        query = DuplicateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = selectors.duplicate_candidates(actor=self.actor, **query.validated_data)
        return Response(DuplicateCandidatesOutputSerializer(result, context=self._context()).data)

    @extend_schema(
        summary="Who accessed this client's file",
        description=(
            "Audit events with the client as data subject, newest first. Coordinators for "
            "clients in their municipality; auditors (privacy officers) for any uuid, without "
            "the file itself. The reading is recorded."
        ),
        parameters=[UUID_PATH],
        responses=AccessLogEventSerializer(many=True),
    )
    @action(detail=True, methods=["get"], url_path="access-log")
    def access_log(self, request, uuid=None):
        try:
            events = access_log_selectors.client_access_log_for(actor=self.actor, client_uuid=uuid)
        except Client.DoesNotExist as missing:
            raise Http404 from missing
        page = self.paginate_queryset(events)
        return self.get_paginated_response(AccessLogEventSerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="The client's journal, newest first", parameters=[CLIENT_UUID_PATH]),
    create=extend_schema(
        summary="Add a journal entry",
        parameters=[CLIENT_UUID_PATH],
        request=JournalEntryInputSerializer,
        responses={status.HTTP_201_CREATED: JournalEntryOutputSerializer},
    ),
)
class JournalViewSet(_ClientScoped):
    """Entries are never changed or deleted; `correct` adds a new entry pointing to the old."""

    capabilities = {"list": KEEP, "create": KEEP, "correct": KEEP}
    serializer_class = JournalEntryOutputSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return JournalEntry.objects.none()
        return selectors.journal_of(self.get_client())

    def list(self, request, *args, **kwargs):
        client = self.read_client()
        page = self.paginate_queryset(selectors.journal_of(client))
        return self.get_paginated_response(JournalEntryOutputSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        client = self.get_client()  # scope first: a foreign client is a 404, whatever the body
        data = _input(JournalEntryInputSerializer, request)
        entry = journal_services.journal_entry_add(actor=self.actor, client=client, **data)
        entry = self.get_queryset().get(pk=entry.pk)
        return Response(JournalEntryOutputSerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Correct a journal entry",
        description="Adds a correction pointing to the entry; the entry itself stays unchanged.",
        parameters=[CLIENT_UUID_PATH, UUID_PATH],
        request=JournalCorrectionInputSerializer,
        responses={status.HTTP_201_CREATED: JournalEntryOutputSerializer},
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, client_uuid=None, uuid=None):
        entry = get_object_or_404(self.get_queryset(), uuid=uuid)
        data = _input(JournalCorrectionInputSerializer, request)
        correction = journal_services.journal_entry_correct(actor=self.actor, entry=entry, **data)
        correction = self.get_queryset().get(pk=correction.pk)
        return Response(
            JournalEntryOutputSerializer(correction).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    list=extend_schema(summary="The client's consents", parameters=[CLIENT_UUID_PATH]),
    create=extend_schema(
        summary="Record a consent",
        description=(
            "Sharing with a chain partner names the recipient; the partner sees the client from "
            "`given_on` on. One consent per purpose and recipient in force at a time."
        ),
        parameters=[CLIENT_UUID_PATH],
        request=ConsentInputSerializer,
        responses={status.HTTP_201_CREATED: ConsentOutputSerializer},
    ),
)
class ConsentViewSet(_ClientScoped):
    capabilities = {"list": KEEP, "create": KEEP, "withdraw": KEEP}
    serializer_class = ConsentOutputSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Consent.objects.none()
        return selectors.consents_of(self.get_client())

    def list(self, request, *args, **kwargs):
        client = self.read_client()
        page = self.paginate_queryset(selectors.consents_of(client))
        return self.get_paginated_response(ConsentOutputSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        client = self.get_client()  # scope first: a foreign client is a 404, whatever the body
        data = _input(ConsentInputSerializer, request)
        consent = consent_services.consent_give(actor=self.actor, client=client, **data)
        consent = self.get_queryset().get(pk=consent.pk)
        return Response(ConsentOutputSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Withdraw a consent",
        description="Out of force from `withdrawn_on` (default today): at once for the partner.",
        parameters=[CLIENT_UUID_PATH, UUID_PATH],
        request=ConsentWithdrawInputSerializer,
        responses=ConsentOutputSerializer,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, client_uuid=None, uuid=None):
        consent = get_object_or_404(self.get_queryset(), uuid=uuid)
        data = _input(ConsentWithdrawInputSerializer, request)
        consent = consent_services.consent_withdraw(actor=self.actor, consent=consent, **data)
        return Response(ConsentOutputSerializer(self.get_queryset().get(pk=consent.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="The client's intakes", parameters=[CLIENT_UUID_PATH]),
    create=extend_schema(
        summary="Record an intake",
        description=(
            "One answer for every active admission criterion of the client's municipality "
            "(national ones and its own), the exclusion grounds found, and optionally the "
            "decision at once. With a `submission_key`, a repeated request creates no second "
            "intake and answers with the first."
        ),
        parameters=[CLIENT_UUID_PATH],
        request=IntakeInputSerializer,
        responses={status.HTTP_201_CREATED: IntakeOutputSerializer},
    ),
)
class IntakeViewSet(_ClientScoped):
    capabilities = {"list": KEEP, "create": KEEP, "decide": KEEP}
    serializer_class = IntakeOutputSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Intake.objects.none()
        return selectors.intakes_of(self.get_client())

    def list(self, request, *args, **kwargs):
        client = self.read_client()
        page = self.paginate_queryset(selectors.intakes_of(client))
        return self.get_paginated_response(IntakeOutputSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        client = self.get_client()
        data = _input(IntakeInputSerializer, request, municipality=client.municipality)
        intake = intake_services.intake_create(actor=self.actor, client=client, **data)
        intake = self.get_queryset().get(pk=intake.pk)
        return Response(IntakeOutputSerializer(intake).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Decide an intake",
        description=(
            "Admitted moves the client to `dossier_requested`, refused to `refused`; referred "
            "(driehoeksoverleg) keeps the intake open for a later decision. A reason is required."
        ),
        parameters=[CLIENT_UUID_PATH, UUID_PATH],
        request=IntakeDecideInputSerializer,
        responses=IntakeOutputSerializer,
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, client_uuid=None, uuid=None):
        intake = get_object_or_404(self.get_queryset(), uuid=uuid)
        data = _input(IntakeDecideInputSerializer, request)
        intake = intake_services.intake_decide(
            actor=self.actor,
            intake=intake,
            decision=data["decision"],
            reason=data["decision_reason"],
            decided_on=data.get("decided_on"),
        )
        return Response(IntakeOutputSerializer(self.get_queryset().get(pk=intake.pk)).data)


@extend_schema_view(
    list=extend_schema(
        summary="Overdue steps of the clients you keep",
        description=(
            "Clients whose current step is past its deadline (status since + the days of the "
            "municipality's case settings, or the defaults), most overdue first."
        ),
    )
)
class WorkListViewSet(LvvGenericViewSet):
    capabilities = {"list": KEEP}
    serializer_class = ClientOutputSerializer
    filter_backends: list = []

    def get_queryset(self):
        return Client.objects.none()

    def list(self, request, *args, **kwargs):
        work_list = work_list_for(actor=self.actor)
        page = self.paginate_queryset(work_list.clients)
        context = {"sections": client_sections_for(self.actor)}
        return self.get_paginated_response(
            ClientOutputSerializer(page, many=True, context=context).data
        )


CLIENT = r"clients/(?P<client_uuid>[0-9a-f-]{36})"


def register(router) -> None:
    """Register this module's viewsets on the shared router."""
    router.register("clients", ClientViewSet, basename="client")
    router.register(f"{CLIENT}/journal", JournalViewSet, basename="client-journal")
    router.register(f"{CLIENT}/consents", ConsentViewSet, basename="client-consent")
    router.register(f"{CLIENT}/intakes", IntakeViewSet, basename="client-intake")
    router.register("work-list", WorkListViewSet, basename="work-list")


extra_urlpatterns: list = []
