"""The base every API view builds on: the actor is set once, after authentication."""

from rest_framework import viewsets

from ..actors import Channel, actor_for_request
from .permissions import HasCapability, HasMembership


class ActorMixin:
    """Sets `request.actor` right after DRF has authenticated the caller."""

    def perform_authentication(self, request):
        super().perform_authentication(request)
        request.actor = actor_for_request(request, channel=Channel.API)
        request._request.actor = request.actor

    @property
    def actor(self):
        return self.request.actor


class LvvGenericViewSet(ActorMixin, viewsets.GenericViewSet):
    """Lookup by uuid, permission by declared capability per action."""

    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-f-]{36}"
    permission_classes = [HasMembership, HasCapability]
    capabilities: dict = {}
