"""The floor: 50 constant rows through the same stack as the client list — middleware, token
or session authentication, the actor, the capability check, pagination, serialisation and
rendering — without touching client data. What any list costs at least."""

from __future__ import annotations

import uuid
from datetime import date

from rest_framework import serializers

from lvv.accounts.api.base import LvvGenericViewSet
from lvv.accounts.roles import Capability

ROWS = [
    {
        "uuid": uuid.UUID(int=n + 1),
        "family_name": f"Familienaam {n}",
        "given_names": f"Voornaam {n}",
        "date_of_birth": date(1980, 1 + n % 12, 1 + n % 28),
        "nationality": "ER",
        "v_number": f"{1_000_000_000 + n}",
        "status": "in_trajectory",
        "status_since": date(2025, 6, 1),
        "municipality": "Amsterdam",
        "partner": "HVO-Querido",
        "location": "LVV Amsterdam West",
    }
    for n in range(50)
]


class FloorRowSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    family_name = serializers.CharField()
    given_names = serializers.CharField()
    date_of_birth = serializers.DateField()
    nationality = serializers.CharField()
    v_number = serializers.CharField()
    status = serializers.CharField()
    status_since = serializers.DateField()
    municipality = serializers.CharField()
    partner = serializers.CharField()
    location = serializers.CharField()


class FloorViewSet(LvvGenericViewSet):
    capabilities = {"list": frozenset({Capability.VIEW_CLIENT_FILES})}
    serializer_class = FloorRowSerializer

    def get_queryset(self):
        return ROWS

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(ROWS)
        return self.get_paginated_response(FloorRowSerializer(page, many=True).data)
