"""API shapes of the network register; input and output kept apart.

References to other objects go by their public key: a municipality by CBS code (as
`/organisations` does), an organisation by uuid. Periods are `start` and `end`, `end` exclusive.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lvv.accounts.models import Organisation

from ..models import Location, LocationCapacity, LocationKind, Municipality, Region

END_HELP = _("Exclusive: the first day no longer included. Empty (null): open-ended.")


class UuidRelatedField(serializers.SlugRelatedField):
    """An object referenced by uuid; a malformed uuid is an input error, not a crash."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="uuid", **kwargs)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except DjangoValidationError:
            self.fail("invalid")


def _cbs_code_field(**kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="cbs_code", queryset=Municipality.objects.all(), **kwargs
    )


# --- output ----------------------------------------------------------------------------------


class MunicipalityOutputSerializer(serializers.ModelSerializer):
    """A municipality, also as it appears inside regions and locations."""

    class Meta:
        model = Municipality
        fields = ["uuid", "cbs_code", "name"]
        read_only_fields = fields


class OperatorReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["uuid", "name"]
        read_only_fields = fields


class RegionOutputSerializer(serializers.ModelSerializer):
    central_municipality = MunicipalityOutputSerializer(read_only=True)
    municipalities = MunicipalityOutputSerializer(
        many=True,
        read_only=True,
        help_text=_("The municipalities served, the central municipality included."),
    )

    class Meta:
        model = Region
        fields = ["uuid", "name", "central_municipality", "municipalities"]
        read_only_fields = fields


class PlacesOnDaySerializer(serializers.Serializer):
    """Places on one day, read from the annotations of `selectors.capacity_totals_on`."""

    state_funded_places = serializers.IntegerField(source="state_funded_places_on", read_only=True)
    municipality_funded_places = serializers.IntegerField(
        source="municipality_funded_places_on", read_only=True
    )
    total_places = serializers.IntegerField(source="total_places_on", read_only=True)


class LocationOutputSerializer(serializers.ModelSerializer):
    operator = OperatorReferenceSerializer(read_only=True)
    municipality = MunicipalityOutputSerializer(read_only=True)
    end = serializers.DateField(read_only=True, allow_null=True, help_text=END_HELP)
    current_capacity = PlacesOnDaySerializer(
        source="*",
        read_only=True,
        help_text=_("Places today (0 when no capacity period covers today)."),
    )

    class Meta:
        model = Location
        fields = [
            "uuid",
            "name",
            "kind",
            "operator",
            "municipality",
            "street",
            "house_number",
            "postcode",
            "city",
            "start",
            "end",
            "current_capacity",
        ]
        read_only_fields = fields


class LocationCapacityOutputSerializer(serializers.ModelSerializer):
    location = serializers.UUIDField(source="location.uuid", read_only=True)
    end = serializers.DateField(read_only=True, allow_null=True, help_text=END_HELP)
    total_places = serializers.IntegerField(read_only=True)

    class Meta:
        model = LocationCapacity
        fields = [
            "uuid",
            "location",
            "start",
            "end",
            "state_funded_places",
            "municipality_funded_places",
            "total_places",
        ]
        read_only_fields = fields


# --- input -----------------------------------------------------------------------------------
# Only the shape is checked here; the services check the rules, so the API, the pages and the
# admin refuse the same things with the same field names.


class MunicipalityInputSerializer(serializers.Serializer):
    cbs_code = serializers.CharField(
        max_length=10, help_text=_("CBS municipality code: 'GM' and four digits, e.g. GM0363.")
    )
    name = serializers.CharField(max_length=100)


class RegionInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    central_municipality = _cbs_code_field(
        help_text=_("CBS code of the municipality that runs the LVV for the region.")
    )
    municipalities = serializers.ListField(
        child=_cbs_code_field(),
        required=False,
        default=list,
        help_text=_(
            "CBS codes of the municipalities served; the central municipality is always added."
        ),
    )


class LocationInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    operator = UuidRelatedField(
        queryset=Organisation.objects.all(),
        help_text=_("Uuid of the partner organisation (NGO) that runs the location."),
    )
    municipality = _cbs_code_field(help_text=_("CBS code of the municipality, e.g. GM0363."))
    kind = serializers.ChoiceField(choices=LocationKind.choices)
    street = serializers.CharField(max_length=200, required=False, allow_blank=True)
    house_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=7, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    start = serializers.DateField(help_text=_("The first day the location is open."))
    end = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("Exclusive: the first day the location is closed. Empty (null): open."),
    )


class LocationCapacityInputSerializer(serializers.Serializer):
    start = serializers.DateField(help_text=_("The first day these places are available."))
    end = serializers.DateField(required=False, allow_null=True, help_text=END_HELP)
    state_funded_places = serializers.IntegerField(required=False, default=0)
    municipality_funded_places = serializers.IntegerField(required=False, default=0)
