import datetime

import factory

from lvv.accounts.roles import OrganisationKind
from lvv.network.models import Location, LocationCapacity, LocationKind, Municipality, Region


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["cbs_code"]

    # Codes from GM9999 downward stay clear of the real ones the tests use (GM0014–GM0861);
    # get_or_create makes a wrap-around after 9000 municipalities harmless.
    cbs_code = factory.Sequence(lambda n: f"GM{9999 - n % 9000:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Regio {n}")
    central_municipality = factory.SubFactory(MunicipalityFactory)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Locatie {n}")
    operator = factory.SubFactory(
        "lvv.accounts.tests.factories.OrganisationFactory", kind=OrganisationKind.PARTNER_NGO
    )
    municipality = factory.SubFactory(MunicipalityFactory)
    kind = LocationKind.TWENTY_FOUR_HOUR
    street = "Voorbeeldstraat"
    house_number = "1"
    postcode = "1011 AB"
    city = "Amsterdam"
    start = datetime.date(2019, 1, 1)
    end = None


class LocationCapacityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocationCapacity

    location = factory.SubFactory(LocationFactory)
    start = datetime.date(2019, 1, 1)
    end = None
    state_funded_places = 20
    municipality_funded_places = 5
