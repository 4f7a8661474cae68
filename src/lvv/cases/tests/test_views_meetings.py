"""The case-meeting pages: list (filtered, htmx), new meeting, detail, clients and decisions."""

import datetime

import pytest
from django.urls import reverse

from lvv.audit.models import AuditAction, AuditEvent
from lvv.cases.models import Action, CaseMeeting, ClientStatus, MeetingDecision

from .trajectory_factories import CaseDiscussionFactory, CaseMeetingFactory
from .trajectory_fixtures import *  # noqa: F403  (fixtures: world, snapshot, reference_data)

D = datetime.date


@pytest.fixture
def meeting(world):
    meeting = CaseMeetingFactory(
        municipality=world.utrecht,
        held_on=D(2024, 2, 1),
        attendees=[world.utrecht_org, world.ngo, world.dtv],
    )
    shared = world.client(status=ClientStatus.IN_TRAJECTORY, family_name="Gedeeld")
    world.share(shared)
    CaseDiscussionFactory(meeting=meeting, client=shared)
    CaseDiscussionFactory(
        meeting=meeting,
        client=world.client(status=ClientStatus.IN_TRAJECTORY, family_name="Nietgedeeld"),
    )
    return meeting


@pytest.mark.parametrize(
    ("who", "list_status", "detail_status"),
    [
        ("caseworker", 200, 200),
        ("coordinator", 200, 200),
        ("chain_partner", 200, 200),
        ("ind_partner", 200, 404),
        ("amsterdam_coordinator", 200, 404),
        ("programme_manager", 403, 403),
        ("analyst", 403, 403),
        ("functional_admin", 403, 403),
    ],
)
def test_who_may_see_the_meeting_pages(
    world, meeting, page_client, who, list_status, detail_status
):
    browser = page_client(getattr(world, who))
    assert browser.get(reverse("cases:meeting-list")).status_code == list_status
    detail = reverse("cases:meeting-detail", kwargs={"uuid": meeting.uuid})
    assert browser.get(detail).status_code == detail_status


def test_a_chain_partner_sees_only_clients_who_consented(world, meeting, page_client):
    page = page_client(world.chain_partner).get(
        reverse("cases:meeting-detail", kwargs={"uuid": meeting.uuid})
    )
    html = page.content.decode()
    assert "Gedeeld" in html
    assert "Nietgedeeld" not in html
    assert "meeting-discussion-add" not in html and "/clienten/toevoegen" not in html
    assert AuditEvent.objects.filter(action=AuditAction.READ, object_id=str(meeting.uuid)).exists()


def test_the_list_shows_visible_meetings_and_filters_with_htmx(world, meeting, page_client):
    CaseMeetingFactory(municipality=world.amsterdam, attendees=[world.amsterdam_org])
    CaseMeetingFactory(municipality=world.utrecht, held_on=D(2023, 5, 1), attendees=[world.ngo])
    browser = page_client(world.coordinator)
    page = browser.get(reverse("cases:meeting-list"))
    assert list(page.context["object_list"]) == list(
        CaseMeeting.objects.filter(municipality=world.utrecht).order_by("-held_on")
    )
    partial = browser.get(
        reverse("cases:meeting-list") + "?held_from=2024-01-01", HTTP_HX_REQUEST="true"
    )
    assert list(partial.context["object_list"]) == [meeting]
    assert "<html" not in partial.content.decode()
    assert "HX-Request" in partial["Vary"]


def test_recording_a_meeting_on_the_page(world, page_client):
    browser = page_client(world.coordinator)
    assert browser.get(reverse("cases:meeting-create")).status_code == 200
    response = browser.post(
        reverse("cases:meeting-create"),
        {"municipality": "GM0344", "held_on": "2024-02-01", "attendees": [str(world.dtv.uuid)]},
    )
    assert response.status_code == 302
    meeting = CaseMeeting.objects.get()
    assert response["Location"] == reverse("cases:meeting-detail", kwargs={"uuid": meeting.uuid})
    assert set(meeting.attendees.all()) == {world.dtv, world.utrecht_org}


def test_a_meeting_form_with_bad_input_writes_nothing(world, page_client, snapshot):
    browser = page_client(world.coordinator)
    before = snapshot()
    response = browser.post(reverse("cases:meeting-create"), {"municipality": "GM0363"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"municipality", "held_on"}
    before.assert_unchanged()


def test_a_chain_partner_cannot_record_meetings(world, page_client):
    assert page_client(world.chain_partner).get(reverse("cases:meeting-create")).status_code == 403


def test_adding_a_client_and_a_decision_with_actions(world, meeting, page_client):
    client = world.client(status=ClientStatus.IN_TRAJECTORY, family_name="Nieuw")
    browser = page_client(world.caseworker)
    add_url = reverse("cases:meeting-discussion-add", kwargs={"uuid": meeting.uuid})
    page = browser.get(add_url)
    assert "Nieuw" in page.content.decode()
    assert browser.post(add_url, {"client": str(client.uuid)}).status_code == 302
    discussion = meeting.discussions.get(client=client)
    decision_url = reverse(
        "cases:meeting-decision-create",
        kwargs={"uuid": meeting.uuid, "discussion_uuid": discussion.uuid},
    )
    assert browser.get(decision_url).status_code == 200
    response = browser.post(
        decision_url,
        {
            "text": "Terugkeergesprek plannen",
            "escalate": "on",
            "actions-TOTAL_FORMS": "3",
            "actions-INITIAL_FORMS": "0",
            "actions-0-description": "Gesprek",
            "actions-0-owner": str(world.ngo.uuid),
            "actions-0-due_on": "2024-03-01",
        },
    )
    assert response.status_code == 302
    decision = MeetingDecision.objects.get(discussion=discussion)
    assert [a.description for a in Action.objects.filter(decision=decision)] == ["Gesprek"]
    assert client.escalations.get().raised_on == D(2024, 2, 1)


def test_a_bad_action_row_shows_its_error_and_nothing_is_written(
    world, meeting, page_client, snapshot
):
    discussion = meeting.discussions.first()
    url = reverse(
        "cases:meeting-decision-create",
        kwargs={"uuid": meeting.uuid, "discussion_uuid": discussion.uuid},
    )
    browser = page_client(world.coordinator)
    before = snapshot()
    response = browser.post(
        url,
        {
            "text": "Besluit",
            "actions-TOTAL_FORMS": "3",
            "actions-INITIAL_FORMS": "0",
            "actions-1-description": "Te laat bedacht",
            "actions-1-owner": str(world.ngo.uuid),
            "actions-1-due_on": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[1].errors["due_on"]
    before.assert_unchanged()


def test_a_client_outside_ones_scope_cannot_be_added(world, meeting, page_client, snapshot):
    stranger = world.client(partner=world.other_ngo)
    browser = page_client(world.caseworker)
    before = snapshot()
    response = browser.post(
        reverse("cases:meeting-discussion-add", kwargs={"uuid": meeting.uuid}),
        {"client": str(stranger.uuid)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["client"]
    before.assert_unchanged()
