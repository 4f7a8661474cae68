"""The network models' invariants: row checks in `clean()` (named fields), constraints in the
database as the last line of defence."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lvv.accounts.roles import OrganisationKind
from lvv.accounts.tests.factories import OrganisationFactory
from lvv.core.periods import Period
from lvv.network.models import Location, LocationCapacity, Municipality
from lvv.network.tests.factories import LocationCapacityFactory, LocationFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize("code", ["GM0363", "GM0000", "GM1999"])
def test_valid_cbs_codes_pass(code):
    Municipality(cbs_code=code, name="X").full_clean()


@pytest.mark.parametrize("code", ["gm0363", "GM363", "GM03630", "0363", "G0363"])
def test_invalid_cbs_codes_are_refused(code):
    assert "cbs_code" in errors_of(Municipality(cbs_code=code, name="X"))


def test_location_period_and_last_day(location):
    location.end = D(2023, 1, 1)
    assert location.period == Period(D(2019, 1, 1), D(2023, 1, 1))
    assert location.last_day == D(2022, 12, 31)


def test_open_location_has_no_last_day(location):
    assert location.last_day is None
    assert location.period.end is None


def test_capacity_total_and_str(capacity):
    assert capacity.total_places == 25
    assert "25" in str(capacity)
    assert capacity.last_day == D(2019, 12, 31)


def test_location_clean_names_the_operator_that_is_no_partner(location):
    location.operator = OrganisationFactory(kind=OrganisationKind.DTV)
    assert "operator" in errors_of(location)


def test_location_clean_names_end_before_start(location):
    location.end = location.start
    errors = errors_of(location)
    # Said once, at the field: the check constraint on `end` is skipped once `end` has an error.
    assert set(errors) == {"end"}


def test_capacity_clean_catches_overlap_for_the_admin_too(capacity):
    clash = LocationCapacity(location=capacity.location, start=D(2019, 6, 1), end=None)
    assert "start" in errors_of(clash)


def test_capacity_clean_keeps_the_period_inside_the_location(location):
    location.end = D(2020, 1, 1)
    location.save()
    early = LocationCapacity(location=location, start=D(2018, 1, 1), end=D(2019, 6, 1))
    assert "start" in errors_of(early)
    late = LocationCapacity(location=location, start=D(2019, 6, 1), end=None)
    assert "end" in errors_of(late)


def test_location_clean_refuses_closing_before_capacity_ends(capacity):
    location = capacity.location
    location.end = D(2019, 6, 1)
    assert "end" in errors_of(location)


def test_database_refuses_a_location_that_closes_before_it_opens(location):
    with pytest.raises(IntegrityError), transaction.atomic():
        Location.objects.filter(pk=location.pk).update(end=D(2018, 1, 1))


def test_database_refuses_a_capacity_that_ends_before_it_starts(capacity):
    with pytest.raises(IntegrityError), transaction.atomic():
        LocationCapacity.objects.filter(pk=capacity.pk).update(end=D(2018, 1, 1))


def test_database_refuses_two_periods_with_the_same_start(capacity):
    with pytest.raises(IntegrityError), transaction.atomic():
        LocationCapacity.objects.create(location=capacity.location, start=capacity.start)


def test_database_refuses_negative_places(capacity):
    with pytest.raises(IntegrityError), transaction.atomic():
        LocationCapacity.objects.filter(pk=capacity.pk).update(state_funded_places=-1)


def test_database_refuses_duplicate_cbs_codes(amsterdam):
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(cbs_code="GM0363", name="Tweede")


def test_location_names_are_unique_per_municipality_in_the_database(location):
    with pytest.raises(IntegrityError), transaction.atomic():
        LocationFactory(name=location.name, municipality=location.municipality)


def test_factories_build_valid_rows():
    capacity = LocationCapacityFactory()
    capacity.location.full_clean()
    capacity.full_clean()
