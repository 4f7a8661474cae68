"""Case meetings (LSO) over the API: the meetings, the clients discussed in one and the
decisions about a client discussed."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from ...models import CaseDiscussion, CaseMeeting, MeetingDecision
from ...selectors import meetings as meeting_selectors
from ...selectors import placements as placement_selectors
from ...services import meetings as meeting_services
from ..filters_trajectory import MeetingFilter
from ..serializers_trajectory.meetings import (
    DecisionInputSerializer,
    DecisionOutputSerializer,
    DiscussionInputSerializer,
    DiscussionOutputSerializer,
    MeetingDetailOutputSerializer,
    MeetingInputSerializer,
    MeetingOutputSerializer,
)
from .base import DISCUSSION_UUID, MEETING_UUID, READ, UUID, WRITE, TrajectoryViewSet


@extend_schema_view(
    list=extend_schema(summary="Case meetings (LSO) you may see"),
    retrieve=extend_schema(
        summary="One case meeting",
        description="Lists only the clients discussed that you may see.",
        parameters=[UUID],
        responses=MeetingDetailOutputSerializer,
    ),
    create=extend_schema(
        summary="Record a case meeting",
        request=MeetingInputSerializer,
        responses={status.HTTP_201_CREATED: MeetingDetailOutputSerializer},
    ),
)
class CaseMeetingViewSet(TrajectoryViewSet):
    capabilities = {"list": READ, "retrieve": READ, "create": WRITE}
    filterset_class = MeetingFilter
    serializer_class = MeetingOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CaseMeeting.objects.none()
        return meeting_selectors.meetings_visible_to(self.actor).prefetch_related("attendees")

    def list(self, request, *args, **kwargs):
        meetings = meeting_selectors.meeting_list(self.actor)
        return self._list(MeetingOutputSerializer, meetings)

    def _detail(self, meeting, *, code=status.HTTP_200_OK, location: str = "") -> Response:
        discussions = meeting_selectors.meeting_read(self.actor, meeting)
        data = MeetingDetailOutputSerializer(meeting, context={"discussions": discussions}).data
        headers = {"Location": location} if location else None
        return Response(data, status=code, headers=headers)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object())

    def create(self, request, *args, **kwargs):
        meeting = meeting_services.meeting_create(
            actor=self.actor, **self._input(MeetingInputSerializer)
        )
        meeting = self.get_queryset().get(pk=meeting.pk)
        location = reverse("api:case-meeting-detail", kwargs={"uuid": meeting.uuid})
        return self._detail(meeting, code=status.HTTP_201_CREATED, location=location)


class _MeetingPartViewSet(TrajectoryViewSet):
    def get_meeting(self) -> CaseMeeting:
        if not hasattr(self, "_meeting"):
            self._meeting = get_object_or_404(
                meeting_selectors.meetings_visible_to(self.actor), uuid=self.kwargs["meeting_uuid"]
            )
        return self._meeting

    def get_discussion(self) -> CaseDiscussion:
        return get_object_or_404(
            meeting_selectors.discussions_visible_to(self.actor, self.get_meeting()),
            uuid=self.kwargs["discussion_uuid"],
        )


@extend_schema_view(
    list=extend_schema(
        summary="Clients discussed in a case meeting (those you may see)",
        parameters=[MEETING_UUID],
        responses=DiscussionOutputSerializer(many=True),
    ),
    create=extend_schema(
        summary="Add a client discussed",
        parameters=[MEETING_UUID],
        request=DiscussionInputSerializer,
        responses={status.HTTP_201_CREATED: DiscussionOutputSerializer},
    ),
)
class MeetingDiscussionViewSet(_MeetingPartViewSet):
    capabilities = {"list": READ, "create": WRITE}
    queryset = CaseDiscussion.objects.none()

    def list(self, request, *args, **kwargs):
        discussions = meeting_selectors.meeting_read(self.actor, self.get_meeting())
        page = self.paginate_queryset(discussions)
        return self.get_paginated_response(DiscussionOutputSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        discussion = meeting_services.meeting_discussion_add(
            actor=self.actor, meeting=self.get_meeting(), **self._input(DiscussionInputSerializer)
        )
        return Response(DiscussionOutputSerializer(discussion).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Decisions about a client discussed",
        parameters=[MEETING_UUID, DISCUSSION_UUID],
        responses=DecisionOutputSerializer(many=True),
    ),
    create=extend_schema(
        summary="Record a decision, its actions and (optionally) an escalation",
        description="All in one transaction: either everything is recorded or nothing.",
        parameters=[MEETING_UUID, DISCUSSION_UUID],
        request=DecisionInputSerializer,
        responses={status.HTTP_201_CREATED: DecisionOutputSerializer},
    ),
)
class DiscussionDecisionViewSet(_MeetingPartViewSet):
    capabilities = {"list": READ, "create": WRITE}
    queryset = MeetingDecision.objects.none()

    def list(self, request, *args, **kwargs):
        discussion = self.get_discussion()
        placement_selectors.audit_section_read(
            self.actor, discussion.client, "cases.meetingdecision"
        )
        page = self.paginate_queryset(list(discussion.decisions.all()))
        return self.get_paginated_response(DecisionOutputSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        decision = meeting_services.meeting_decision_record(
            actor=self.actor,
            discussion=self.get_discussion(),
            **self._input(DecisionInputSerializer),
        )
        return Response(DecisionOutputSerializer(decision).data, status=status.HTTP_201_CREATED)
