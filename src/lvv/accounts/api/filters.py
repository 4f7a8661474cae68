import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import Organisation
from ..roles import OrganisationKind


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices)
    municipality = django_filters.CharFilter(
        field_name="municipality__cbs_code",
        help_text=_("CBS code of the municipality (e.g. GM0363)."),
    )

    class Meta:
        model = Organisation
        fields = ["kind", "municipality"]
