"""Writes on users, organisations, memberships: validated first, audited in the same step."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from lvv.accounts import services
from lvv.accounts.actors import Actor
from lvv.accounts.models import Membership, Organisation, User
from lvv.accounts.roles import OrganisationKind, Role
from lvv.accounts.tests.factories import OrganisationFactory, UserFactory, actor_for, member
from lvv.audit.models import AuditAction, AuditEvent, AuditOutcome
from lvv.network.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

LONG_PASSWORD = "quiet-river-lantern-47"


@pytest.fixture
def admin_actor():
    return actor_for(member(Role.FUNCTIONAL_ADMIN))


def event_text(event: AuditEvent) -> str:
    """Everything an audit event holds, as one string, to look for leaked values."""
    return " ".join(str(getattr(event, field.name)) for field in AuditEvent._meta.fields)


def only_new_event(before: int) -> AuditEvent:
    assert AuditEvent.objects.count() == before + 1
    return AuditEvent.objects.order_by("-sequence").first()


# --- organisations ---------------------------------------------------------------------------


def test_organisation_create_saves_and_audits_field_names_only(admin_actor):
    before = AuditEvent.objects.count()
    organisation = services.organisation_create(
        actor=admin_actor, name="  Stichting Vluchtheuvel  ", kind=OrganisationKind.PARTNER_NGO
    )
    organisation.refresh_from_db()
    assert organisation.name == "Stichting Vluchtheuvel"

    event = only_new_event(before)
    assert event.action == AuditAction.CREATE
    assert event.outcome == AuditOutcome.SUCCESS
    assert event.object_type == "accounts.organisation"
    assert event.object_id == str(organisation.uuid)
    assert event.actor_id == admin_actor.user.uuid
    assert event.role == Role.FUNCTIONAL_ADMIN
    assert event.changed_fields == ["kind", "municipality", "name", "short_name"]
    assert "Vluchtheuvel" not in event_text(event)


def test_organisation_create_refuses_a_duplicate_name_in_other_letter_case(admin_actor):
    OrganisationFactory(name="Stichting Vluchtheuvel")
    organisations, events = Organisation.objects.count(), AuditEvent.objects.count()

    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            actor=admin_actor, name="STICHTING vluchtheuvel", kind=OrganisationKind.PARTNER_NGO
        )

    assert set(error.value.message_dict) == {"name"}
    assert Organisation.objects.count() == organisations
    assert AuditEvent.objects.count() == events


def test_organisation_create_refuses_a_municipality_without_its_municipality(admin_actor):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            actor=admin_actor, name="Gemeente Ergens", kind=OrganisationKind.MUNICIPALITY
        )
    assert set(error.value.message_dict) == {"municipality"}
    assert not Organisation.objects.filter(name="Gemeente Ergens").exists()
    assert AuditEvent.objects.count() == events


def test_organisation_create_for_a_municipality_links_it(admin_actor):
    utrecht = MunicipalityFactory(cbs_code="GM0344", name="Utrecht")
    organisation = services.organisation_create(
        actor=admin_actor,
        name="Gemeente Utrecht",
        kind=OrganisationKind.MUNICIPALITY,
        municipality=utrecht,
    )
    assert Organisation.objects.get(uuid=organisation.uuid).municipality == utrecht


def test_organisation_create_refuses_an_unknown_kind(admin_actor):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.organisation_create(actor=admin_actor, name="Iets", kind="church")
    assert "kind" in error.value.message_dict
    assert not Organisation.objects.filter(name="Iets").exists()
    assert AuditEvent.objects.count() == events


# --- users -----------------------------------------------------------------------------------


def test_user_create_refuses_a_password_under_twelve_characters(admin_actor):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.user_create(actor=admin_actor, username="kort", password="Kort-pw-11c")
    assert set(error.value.message_dict) == {"password"}
    assert not User.objects.filter(username="kort").exists()
    assert AuditEvent.objects.count() == events


def test_user_create_refuses_a_common_password(admin_actor):
    with pytest.raises(ValidationError) as error:
        services.user_create(actor=admin_actor, username="gewoon", password="password1234")
    assert set(error.value.message_dict) == {"password"}
    assert not User.objects.filter(username="gewoon").exists()


def test_user_create_refuses_a_taken_username(admin_actor):
    UserFactory(username="jdevries")
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.user_create(actor=admin_actor, username="jdevries", password=LONG_PASSWORD)
    assert "username" in error.value.message_dict
    assert User.objects.filter(username="jdevries").count() == 1
    assert AuditEvent.objects.count() == events


def test_user_create_hashes_with_argon2_under_the_base_settings_and_audits_names_only(
    admin_actor,
):
    base = importlib.import_module("lvv.conf.base")
    before = AuditEvent.objects.count()
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        user = services.user_create(
            actor=admin_actor,
            username="mbakker",
            password=LONG_PASSWORD,
            email="m.bakker@example.org",
            first_name="Mila",
            last_name="Bakker",
        )
        user.refresh_from_db()
        assert user.password.startswith("argon2$argon2id$")
        assert user.check_password(LONG_PASSWORD)

    event = only_new_event(before)
    assert event.action == AuditAction.CREATE
    assert event.object_id == str(user.uuid)
    assert event.changed_fields == ["email", "first_name", "last_name", "password", "username"]
    text = event_text(event)
    for value in (LONG_PASSWORD, "mbakker", "m.bakker@example.org", "Mila", "Bakker"):
        assert value not in text


# --- memberships -----------------------------------------------------------------------------


def test_membership_grant_refuses_a_caseworker_at_a_ministry(admin_actor):
    user = UserFactory()
    ministry = OrganisationFactory(kind=OrganisationKind.MINISTRY)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.membership_grant(
            actor=admin_actor, user=user, organisation=ministry, role=Role.CASEWORKER
        )
    assert set(error.value.message_dict) == {"role"}
    assert not Membership.objects.filter(user=user).exists()
    assert AuditEvent.objects.count() == events


def test_membership_grant_saves_and_audits(admin_actor):
    user = UserFactory()
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER_NGO)
    before = AuditEvent.objects.count()
    membership = services.membership_grant(
        actor=admin_actor, user=user, organisation=partner, role=Role.CASEWORKER
    )
    assert list(user.active_memberships()) == [membership]
    event = only_new_event(before)
    assert event.object_type == "accounts.membership"
    assert event.object_id == str(membership.uuid)
    assert event.changed_fields == ["organisation", "role", "user"]


def test_membership_grant_refuses_the_same_role_twice(admin_actor):
    existing = member(Role.CASEWORKER)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.membership_grant(
            actor=admin_actor,
            user=existing.user,
            organisation=existing.organisation,
            role=Role.CASEWORKER,
        )
    assert Membership.objects.filter(user=existing.user).count() == 1
    assert AuditEvent.objects.count() == events


# --- second factor ---------------------------------------------------------------------------


def test_backup_codes_issue_replaces_the_codes_and_audits_without_them(admin_actor):
    from django_otp.plugins.otp_static.models import StaticToken

    user = UserFactory()
    services.backup_codes_issue(actor=admin_actor, user=user, codes=["old11111"])
    before = AuditEvent.objects.count()
    codes = services.backup_codes_issue(actor=admin_actor, user=user, count=4)

    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert stored == set(codes)
    assert len(codes) == 4
    event = only_new_event(before)
    assert event.action == AuditAction.SECOND_FACTOR
    assert event.changed_fields == ["backup_codes"]
    assert not any(code in event_text(event) for code in codes)


def test_totp_device_confirm_needs_a_valid_code():
    from django_otp.oath import totp

    membership = member(Role.CASEWORKER)
    actor = actor_for(membership)
    device = services.totp_device_start(user=membership.user)
    events = AuditEvent.objects.count()

    assert services.totp_device_confirm(actor=actor, device=device, token="000000x") is False
    device.refresh_from_db()
    assert device.confirmed is False
    assert AuditEvent.objects.count() == events

    device.throttle_reset()  # the wrong code above throttles the device for a moment
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    assert services.totp_device_confirm(actor=actor, device=device, token=code) is True
    device.refresh_from_db()
    assert device.confirmed is True
    event = only_new_event(events)
    assert event.action == AuditAction.SECOND_FACTOR
    assert event.changed_fields == ["totp_device"]


def test_totp_device_start_keeps_one_unconfirmed_device():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = UserFactory()
    services.totp_device_start(user=user)
    second = services.totp_device_start(user=user)
    assert list(TOTPDevice.objects.filter(user=user)) == [second]


# --- role choice -----------------------------------------------------------------------------


class _Request:
    def __init__(self, user):
        self.user = user
        self.session = {}


def test_membership_choose_refuses_someone_elses_membership():
    mine, theirs = member(Role.CASEWORKER), member(Role.CASEWORKER)
    request = _Request(mine.user)
    with pytest.raises(ValidationError) as error:
        services.membership_choose(request=request, membership=theirs)
    assert "membership" in error.value.message_dict
    assert request.session == {}


def test_membership_choose_refuses_an_inactive_organisation():
    membership = member(Role.CASEWORKER)
    membership.organisation.is_active = False
    membership.organisation.save()
    request = _Request(membership.user)
    with pytest.raises(ValidationError):
        services.membership_choose(request=request, membership=membership)
    assert request.session == {}


def test_system_actor_writes_are_audited_without_a_user():
    before = AuditEvent.objects.count()
    organisation = services.organisation_create(
        actor=Actor.system(), name="IOM Nederland", kind=OrganisationKind.IOM
    )
    event = only_new_event(before)
    assert event.actor_id is None
    assert event.origin == "command"
    assert event.object_id == str(organisation.uuid)
