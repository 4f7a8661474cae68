"""The demo data of `make run`: complete, deterministic, idempotent, and never in production."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticToken

from lvv.accounts.models import Membership, Organisation, User
from lvv.accounts.roles import Role
from lvv.audit.models import AuditEvent
from lvv.audit.selectors import audit_chain_verify
from lvv.demo import data
from lvv.demo.management.commands.seed_demo import backup_codes_for
from lvv.network.models import Location, LocationCapacity, Municipality, Region

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--allow-without-debug", "--without-clients", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Municipality,
            Region,
            Organisation,
            Location,
            LocationCapacity,
            User,
            Membership,
        )
    }


def test_the_five_pilots_with_their_real_cbs_codes():
    seed()
    pilots = dict(Municipality.objects.values_list("cbs_code", "name"))
    assert pilots["GM0363"] == "Amsterdam"
    assert pilots["GM0772"] == "Eindhoven"
    assert pilots["GM0014"] == "Groningen"
    assert pilots["GM0599"] == "Rotterdam"
    assert pilots["GM0344"] == "Utrecht"
    assert Region.objects.count() == 5


def test_amsterdam_has_360_places_of_which_the_state_funds_340():
    seed()
    capacities = LocationCapacity.objects.filter(location__municipality__cbs_code="GM0363")
    assert sum(c.total_places for c in capacities) == 360
    assert sum(c.state_funded_places for c in capacities) == 340


def test_every_role_has_a_demo_account_that_can_log_in():
    output = seed()
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    for username, *_rest in data.USERS:
        assert username in output
        assert User.objects.get(username=username).check_password(data.DEMO_PASSWORD)


def test_printed_backup_codes_are_real_second_factors_and_come_back_after_use():
    output = seed()
    user = User.objects.get(username="casemanager.utrecht")
    code = backup_codes_for(user.username)[0]
    assert code in output
    assert match_token(user, code) is not None
    assert not StaticToken.objects.filter(device__user=user, token=code).exists()  # used up
    seed()
    assert match_token(user, code) is not None  # topped up by the next `make run`


def test_a_second_run_changes_nothing_and_says_so():
    seed()
    before = counts()
    events_before = AuditEvent.objects.count()
    output = seed()
    assert counts() == before
    assert "already present" in output
    assert AuditEvent.objects.count() == events_before


def test_demo_data_is_written_through_the_services_with_an_intact_audit_chain():
    seed()
    assert AuditEvent.objects.filter(object_type="network.location", action="create").count() == (
        len(data.LOCATIONS)
    )
    assert audit_chain_verify().ok


def test_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())
    assert User.objects.count() == 0


def test_the_demo_population_has_every_stage_and_outcome_group_and_a_true_trail():
    from lvv.cases.models import Client, ClientStatus, Outflow, Placement

    out = StringIO()
    call_command("seed_demo", "--allow-without-debug", "--scale", "0.25", stdout=out)
    assert "demo clients with their history added" in out.getvalue()
    statuses = set(Client.objects.values_list("status", flat=True))
    assert {ClientStatus.IN_TRAJECTORY, ClientStatus.OUTFLOW} <= statuses
    groups = set(Outflow.objects.values_list("reason__group", flat=True))
    assert groups == {"durable", "semi_durable", "none"}
    # Every client who left has no open placement; every open placement is an admitted client.
    assert not Placement.objects.filter(end__isnull=True, client__status="outflow").exists()
    assert audit_chain_verify().ok
    count = Client.objects.count()
    call_command("seed_demo", "--allow-without-debug", "--scale", "0.25", stdout=StringIO())
    assert Client.objects.count() == count  # idempotent
