"""Work lists: overdue steps from STEP_DEADLINES and the municipality's case settings."""

import datetime

import pytest
from django.utils import timezone

from lvv.audit.models import AuditAction, AuditEvent
from lvv.cases.models import ActionStatus, CaseSettings, Client, ClientStatus
from lvv.cases.selectors.worklists import with_step_deadlines, work_list_for

from .factories import ActionFactory, ClientFactory

pytestmark = pytest.mark.django_db
S = ClientStatus
TODAY = datetime.date(2024, 6, 30)


def _client(world, status, days_ago, municipality=None, partner=None):
    return ClientFactory(
        municipality=municipality or world.utrecht,
        partner=partner or world.ngo_a,
        status=status,
        status_since=TODAY - datetime.timedelta(days=days_ago),
    )


@pytest.mark.parametrize(
    ("status", "days"),
    [(S.INTAKE, 14), (S.DOSSIER_REQUESTED, 28), (S.REST_PERIOD, 14), (S.SCENARIO_AGREED, 14)],
)
def test_the_default_deadlines_apply_without_case_settings(world, status, days):
    client = _client(world, status, days_ago=0)
    row = with_step_deadlines(Client.objects.filter(pk=client.pk), on=TODAY).get()
    assert row.step_due_on == TODAY + datetime.timedelta(days=days)
    assert row.is_overdue is False


def test_the_municipalitys_case_settings_apply(world):
    CaseSettings.objects.create(municipality=world.utrecht, rest_period_days=21)
    here = _client(world, S.REST_PERIOD, days_ago=20)
    there = _client(
        world, S.REST_PERIOD, days_ago=20, municipality=world.amsterdam, partner=world.ngo_b
    )
    rows = {c.pk: c for c in with_step_deadlines(Client.objects.all(), on=TODAY)}
    assert rows[here.pk].step_due_on == TODAY + datetime.timedelta(days=1)
    assert rows[here.pk].is_overdue is False
    assert rows[there.pk].is_overdue is True  # 14 days by default


def test_steps_without_a_deadline_are_never_overdue(world):
    client = _client(world, S.IN_TRAJECTORY, days_ago=999)
    row = with_step_deadlines(Client.objects.filter(pk=client.pk), on=TODAY).get()
    assert (row.step_due_on, row.is_overdue) == (None, False)


def test_the_work_list_of_a_caseworker_holds_their_overdue_clients_most_overdue_first(world):
    late = _client(world, S.DOSSIER_REQUESTED, days_ago=40)
    later = _client(world, S.INTAKE, days_ago=30)
    _client(world, S.INTAKE, days_ago=3)  # not yet due
    _client(world, S.INTAKE, days_ago=60, municipality=world.amsterdam, partner=world.ngo_b)
    work_list = work_list_for(actor=world.actor("caseworker_a"), on=TODAY)
    assert list(work_list.clients) == [later, late]  # due 14 June, then 18 June
    assert AuditEvent.objects.latest("sequence").action == AuditAction.LIST


def test_the_coordinators_work_list_spans_the_municipality(world):
    from lvv.accounts.roles import OrganisationKind
    from lvv.accounts.tests.factories import OrganisationFactory

    other_ngo = OrganisationFactory(kind=OrganisationKind.PARTNER_NGO)
    mine = _client(world, S.REST_PERIOD, days_ago=30, partner=other_ngo)
    _client(world, S.REST_PERIOD, days_ago=30, municipality=world.amsterdam, partner=world.ngo_b)
    assert list(work_list_for(actor=world.actor("coordinator_a"), on=TODAY).clients) == [mine]
    assert mine not in work_list_for(actor=world.actor("caseworker_a"), on=TODAY).clients


def test_open_actions_past_due_are_on_the_work_list(world):
    overdue = ActionFactory(client=world.client_a, due_on=TODAY - datetime.timedelta(days=1))
    ActionFactory(client=world.client_a, due_on=TODAY)
    ActionFactory(client=world.client_a, due_on=datetime.date(2020, 1, 1), status=ActionStatus.DONE)
    ActionFactory(client=world.client_b, due_on=datetime.date(2020, 1, 1))
    assert list(work_list_for(actor=world.actor("caseworker_a"), on=TODAY).actions) == [overdue]


@pytest.mark.parametrize("member", ["chain_dtv", "programme_manager", "auditor"])
def test_roles_that_keep_no_files_have_an_empty_work_list(world, member):
    _client(world, S.INTAKE, days_ago=90)
    work_list = work_list_for(actor=world.actor(member), on=TODAY)
    assert not work_list.clients.exists() and not work_list.actions.exists()


def test_default_day_is_today(world):
    _client(world, S.INTAKE, days_ago=0)
    assert work_list_for(actor=world.actor("caseworker_a")).on == timezone.localdate()
