"""`lvv send_deadline_digest`: one e-mail per person with the warnings their role may see."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from lvv.accounts.roles import Role
from lvv.accounts.tests.factories import member
from lvv.programme.tests.conftest import coordinator_of
from lvv.programme.tests.factories import PartnerContractFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def run(*args) -> str:
    out = StringIO()
    call_command("send_deadline_digest", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def amsterdam_contract(pilots, amsterdam):
    return PartnerContractFactory(
        agreement=pilots["Amsterdam"],
        municipality=amsterdam,
        start=D(2021, 7, 1),
        end=D(2022, 7, 1),
    )


def test_each_person_gets_the_warnings_of_their_scope(
    manager, coordinator, groningen_contract, amsterdam_contract, amsterdam
):
    amsterdam_coordinator = coordinator_of(amsterdam)
    member(Role.CASEWORKER)  # no programme: no mail
    member(Role.ANALYST)

    run("--as-of", "2022-03-01")

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {
        manager.user.email,
        coordinator.user.email,
        amsterdam_coordinator.user.email,
    }
    national = by_recipient[manager.user.email]
    assert "2" in national.subject
    assert "Groningen" in national.body and "Amsterdam" in national.body
    assert "1 april 2022" in national.body
    groningen = by_recipient[coordinator.user.email].body
    assert "Groningen" in groningen and "Amsterdam" not in groningen
    assert "Amsterdam" in by_recipient[amsterdam_coordinator.user.email].body


def test_no_warnings_no_mail(manager, coordinator, groningen_contract):
    run("--as-of", "2022-07-01")  # the contract has ended
    assert mail.outbox == []


def test_people_without_an_address_or_inactive_get_nothing(manager, groningen_contract):
    manager.user.email = ""
    manager.user.save()
    inactive = member(Role.PROGRAMME_MANAGER)
    inactive.is_active = False
    inactive.save()
    run("--as-of", "2022-03-01")
    assert mail.outbox == []


def test_a_person_with_two_memberships_gets_one_mail(manager, groningen_contract):
    from lvv.accounts.models import Membership
    from lvv.accounts.roles import OrganisationKind
    from lvv.accounts.tests.factories import OrganisationFactory

    Membership.objects.create(
        user=manager.user,
        organisation=OrganisationFactory(kind=OrganisationKind.MUNICIPALITIES_ASSOCIATION),
        role=Role.PROGRAMME_MANAGER,
    )
    run("--as-of", "2022-03-01")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.count("INLIA") == 1


def test_a_dry_run_sends_nothing(manager, groningen_contract):
    output = run("--as-of", "2022-03-01", "--dry-run")
    assert manager.user.email in output
    assert mail.outbox == []


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError):
        run("--as-of", "1 maart")
