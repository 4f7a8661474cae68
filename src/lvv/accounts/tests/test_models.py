"""Invariants of organisations, memberships and roles, checked by the models themselves."""

import importlib

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lvv.accounts.models import Membership, Organisation
from lvv.accounts.roles import ROLE_POLICIES, Capability, OrganisationKind, Role
from lvv.accounts.tests.factories import (
    DEFAULT_KIND_FOR_ROLE,
    OrganisationFactory,
    UserFactory,
)
from lvv.network.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_a_caseworker_at_a_ministry_is_refused_naming_role():
    membership = Membership(
        user=UserFactory(),
        organisation=OrganisationFactory(kind=OrganisationKind.MINISTRY),
        role=Role.CASEWORKER,
    )
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert set(error.value.message_dict) == {"role"}


@pytest.mark.parametrize("role", list(Role))
def test_every_role_fits_the_kind_of_organisation_it_is_found_at(role):
    organisation = OrganisationFactory(kind=DEFAULT_KIND_FOR_ROLE[role])
    Membership(user=UserFactory(), organisation=organisation, role=role).full_clean()


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        (Role.MUNICIPAL_COORDINATOR, OrganisationKind.PARTNER_NGO),
        (Role.CHAIN_PARTNER, OrganisationKind.MUNICIPALITY),
        (Role.PROGRAMME_MANAGER, OrganisationKind.PARTNER_NGO),
        (Role.ANALYST, OrganisationKind.IND),
    ],
)
def test_roles_are_refused_at_the_wrong_kind_of_organisation(role, kind):
    membership = Membership(
        user=UserFactory(), organisation=OrganisationFactory(kind=kind), role=role
    )
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "role" in error.value.message_dict


def test_a_municipality_organisation_must_name_its_municipality():
    organisation = Organisation(name="Gemeente Zonder", kind=OrganisationKind.MUNICIPALITY)
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert set(error.value.message_dict) == {"municipality"}

    organisation.municipality = MunicipalityFactory()
    organisation.full_clean()


def test_organisation_names_are_unique_in_any_letter_case_in_the_database():
    OrganisationFactory(name="Stichting Noodopvang")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="STICHTING NOODOPVANG", kind=OrganisationKind.PARTNER_NGO)
    assert Organisation.objects.filter(name__iexact="stichting noodopvang").count() == 1


def test_roles_that_see_personal_data_need_a_second_factor_and_the_others_do_not():
    needs = {role for role, policy in ROLE_POLICIES.items() if policy.requires_second_factor}
    assert needs == {
        Role.CASEWORKER,
        Role.MUNICIPAL_COORDINATOR,
        Role.CHAIN_PARTNER,
        Role.AUDITOR,
        Role.FUNCTIONAL_ADMIN,
    }
    assert set(ROLE_POLICIES) == set(Role)


def test_programme_managers_and_analysts_have_no_capability_on_personal_data():
    personal = {Capability.VIEW_CLIENT_FILES, Capability.VIEW_SHARED_CLIENT_DATA}
    for role in (Role.PROGRAMME_MANAGER, Role.ANALYST):
        assert not ROLE_POLICIES[role].capabilities & personal


def test_membership_can_follows_the_role_policy():
    membership = Membership(role=Role.CASEWORKER)
    assert membership.can(Capability.VIEW_CLIENT_FILES)
    assert not membership.can(Capability.MANAGE_USERS)


def test_user_active_memberships_leave_out_inactive_ones_and_inactive_organisations():
    user = UserFactory()
    active = Membership.objects.create(
        user=user, organisation=OrganisationFactory(), role=Role.CASEWORKER
    )
    Membership.objects.create(
        user=user, organisation=OrganisationFactory(), role=Role.CASEWORKER, is_active=False
    )
    Membership.objects.create(
        user=user, organisation=OrganisationFactory(is_active=False), role=Role.CASEWORKER
    )
    assert list(user.active_memberships()) == [active]


def test_base_settings_hash_passwords_with_argon2():
    base = importlib.import_module("lvv.conf.base")
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    # argon2-cffi is installed, so the first hasher really works (not just named).
    hasher = Argon2PasswordHasher()
    encoded = make_password("a long enough password", hasher=hasher)
    assert encoded.startswith("argon2$argon2id$")
    assert hasher.verify("a long enough password", encoded)
    assert not hasher.verify("another password", encoded)
