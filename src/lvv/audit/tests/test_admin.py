"""The trail in the admin: visible to superusers, never addable, changeable or deletable."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from lvv.accounts.roles import Role
from lvv.accounts.tests.factories import member
from lvv.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(page_client):
    membership = member(Role.FUNCTIONAL_ADMIN)
    membership.user.is_superuser = True
    membership.user.is_staff = True
    membership.user.save()
    return page_client(membership), membership.user


def test_nobody_may_add_change_or_delete_not_even_a_superuser(superuser_client):
    _client, superuser = superuser_client
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/admin/")
    request.user = superuser

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.has_view_permission(request)


def test_superuser_views_read_only_and_the_viewing_is_recorded(superuser_client, record_events):
    client, superuser = superuser_client
    event = record_events(2)[1]

    changelist = client.get(reverse("admin:audit_auditevent_changelist"))
    change = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))

    assert changelist.status_code == 200
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    mine = AuditEvent.objects.filter(actor_username=superuser.username)
    assert mine.filter(action=AuditAction.LIST).exists()
    assert mine.filter(action=AuditAction.READ, object_id=str(event.sequence)).exists()


def test_add_change_and_delete_are_refused(superuser_client, record_events):
    client, _superuser = superuser_client
    event = record_events(1)[0]

    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    response = client.post(
        reverse("admin:audit_auditevent_change", args=[event.pk]), {"action": "delete"}
    )
    assert response.status_code == 403
    delete = client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"})
    assert delete.status_code == 403
    event.refresh_from_db()
    assert event.action == AuditAction.UPDATE
    assert AuditEvent.objects.filter(pk=event.pk).exists()
