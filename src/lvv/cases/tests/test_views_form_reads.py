"""Opening a form about a client shows who the client is: it is recorded as a read."""

from lvv.audit.models import AuditEvent


def test_opening_a_form_about_a_client_is_recorded_as_a_read_of_the_file(world, page_client):
    before = AuditEvent.objects.filter(subject_id=world.client_a.uuid, action="read").count()
    response = page_client(world.caseworker_a).get(f"/clienten/{world.client_a.uuid}/acties/nieuw")
    assert response.status_code == 200
    reads = AuditEvent.objects.filter(subject_id=world.client_a.uuid, action="read")
    assert reads.count() == before + 1
    assert reads.order_by("-sequence").first().actor_username == world.caseworker_a.user.username


def test_a_form_about_a_client_outside_ones_scope_is_not_found_and_not_recorded(world, page_client):
    before = AuditEvent.objects.filter(subject_id=world.client_b.uuid).count()
    response = page_client(world.caseworker_a).get(f"/clienten/{world.client_b.uuid}/acties/nieuw")
    assert response.status_code == 404
    assert AuditEvent.objects.filter(subject_id=world.client_b.uuid).count() == before
