"""The audit pages: auditors list, open and verify; others are refused; reading is recorded."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lvv.accounts.actors import Actor
from lvv.accounts.roles import Role
from lvv.accounts.tests.factories import member
from lvv.audit.models import AuditAction, AuditEvent, AuditOutcome
from lvv.audit.selectors import AUDIT_EVENT_OBJECT_TYPE
from lvv.audit.services import audit_record

pytestmark = pytest.mark.django_db

LIST = reverse("audit:event-list")
VERIFY = reverse("audit:verify")


def detail(sequence) -> str:
    return reverse("audit:event-detail", args=[sequence])


@pytest.fixture
def auditor(page_client):
    membership = member(Role.AUDITOR)
    return page_client(membership), membership


def rows(response) -> list[int]:
    """Sequence numbers of the table rows, in page order."""
    html = response.content.decode()
    return [int(part.split('"', 1)[0]) for part in html.split('data-sequence="')[1:]]


# --- Who may ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [role for role in Role if role != Role.AUDITOR])
def test_every_other_role_is_refused_every_page(role, page_client, record_events):
    record_events(1)
    client = page_client(member(role))

    assert client.get(LIST).status_code == 403
    assert client.get(detail(1)).status_code == 403
    assert client.post(VERIFY).status_code == 403
    assert not AuditEvent.objects.filter(object_type=AUDIT_EVENT_OBJECT_TYPE).exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_superuser_sees_the_trail(page_client):
    membership = member(Role.FUNCTIONAL_ADMIN)
    membership.user.is_superuser = True
    membership.user.save()

    assert page_client(membership).get(LIST).status_code == 200


# --- List ---------------------------------------------------------------------------------


def test_auditor_sees_the_list_newest_first_and_the_listing_is_recorded(auditor, record_events):
    client, membership = auditor
    record_events(3)

    response = client.get(LIST)

    assert response.status_code == 200
    sequences = rows(response)
    assert sequences == sorted(sequences, reverse=True)
    listing = AuditEvent.objects.get(action=AuditAction.LIST)
    assert listing.object_type == AUDIT_EVENT_OBJECT_TYPE
    assert listing.actor_username == membership.user.username
    assert listing.outcome == AuditOutcome.SUCCESS
    assert listing.origin.startswith("web")
    assert sequences[0] == listing.sequence  # the reading is part of what is read
    html = response.content.decode()
    assert "<caption" in html
    assert 'scope="col"' in html
    assert 'hx-get="' in html


def test_list_pages_by_fifty(auditor, record_events):
    client, _membership = auditor
    oldest = record_events(60)[0]

    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    assert len(rows(first)) == 50
    # The login, the 60 events and the two listings themselves: 63, so 13 on page two.
    assert len(rows(second)) == 13
    assert oldest.sequence in rows(second)


def test_filters_narrow_the_table(auditor):
    client, _membership = auditor
    caseworker = member(Role.CASEWORKER, user__username="bram")
    bram = Actor(user=caseworker.user, membership=caseworker)
    wanted = audit_record(actor=bram, action=AuditAction.READ, object_type="cases.client")
    audit_record(actor=bram, action=AuditAction.UPDATE, object_type="cases.client")
    audit_record(actor=Actor.system(), action=AuditAction.READ, object_type="cases.client")

    response = client.get(LIST, {"actor_username": "bram", "action": "read"})

    assert rows(response) == [wanted.sequence]


def test_date_filters_take_the_last_day_inclusive(auditor, record_events):
    client, _membership = auditor
    events = record_events(2)
    today = timezone.localdate(events[0].occurred_at).isoformat()

    same_day = client.get(LIST, {"date_from": today, "date_to": today})
    before = client.get(LIST, {"date_to": "2000-01-01"})

    assert {event.sequence for event in events} <= set(rows(same_day))
    assert rows(before) == []


def test_a_last_day_before_the_first_shows_the_error_and_no_rows(auditor, record_events):
    client, _membership = auditor
    record_events(2)

    response = client.get(LIST, {"date_from": "2022-01-02", "date_to": "2022-01-01"})

    assert response.status_code == 200
    assert rows(response) == []
    assert response.context["filter_form"].errors["date_to"]


def test_htmx_gets_only_the_results(auditor, record_events):
    client, _membership = auditor
    events = record_events(2)

    response = client.get(LIST, {"action": "update"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "<html" not in html
    assert "<table" in html
    assert set(rows(response)) == {event.sequence for event in events}
    assert "HX-Request" in response["Vary"]


# --- Detail -------------------------------------------------------------------------------


def test_auditor_sees_every_field_and_the_hash_link(auditor, record_events):
    client, _membership = auditor
    first, second = record_events(2, changed_fields=["start", "capacity"])

    response = client.get(detail(second.sequence))

    assert response.status_code == 200
    html = response.content.decode()
    for value in (second.hash, second.previous_hash, first.hash, second.object_id, second.origin):
        assert value in html
    assert "capacity" in html and "start" in html
    assert f'href="{detail(first.sequence)}"' in html
    assert response.context["integrity"].content_intact
    assert response.context["integrity"].linked_to_previous
    read = AuditEvent.objects.get(action=AuditAction.READ)
    assert read.object_type == AUDIT_EVENT_OBJECT_TYPE
    assert read.object_id == str(second.sequence)


def test_detail_of_an_unknown_event_is_404(auditor):
    client, _membership = auditor
    assert client.get(detail(12345)).status_code == 404


# --- Verify -------------------------------------------------------------------------------


def test_verify_button_reports_an_intact_chain(auditor, record_events):
    client, _membership = auditor
    record_events(3)

    response = client.post(VERIFY)

    assert response.status_code == 200
    assert response.context["result"].ok
    assert 'data-ok="true"' in response.content.decode()


def test_verify_reports_the_broken_event(auditor, record_events, tamper):
    client, _membership = auditor
    record_events(3)
    tamper("UPDATE audit_auditevent SET actor_username = %s WHERE sequence = %s", ["x", 2])

    response = client.post(VERIFY, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.context["result"].broken_at == 2
    assert 'data-ok="false"' in html
    assert f'href="{detail(2)}"' in html
    assert "<html" not in html


def test_verify_is_post_only(auditor):
    client, _membership = auditor
    assert client.get(VERIFY).status_code == 405
