"""A file whose steps were recorded by the command line or an import (no person as the actor)
still opens: the history shows a dash where a name would be."""

from datetime import timedelta

from django.utils import timezone

from lvv.accounts.actors import Actor
from lvv.cases.models import AdmissionCriterion, Answer, IntakeDecision, StatusChange
from lvv.cases.services import intake


def test_the_file_of_a_client_handled_by_the_command_line_opens(world, page_client):
    client = world.client_a
    criteria = AdmissionCriterion.objects.filter(municipality__isnull=True, is_active=True)
    day = timezone.localdate() - timedelta(days=1)
    client.status_since = day
    client.save()
    intake.intake_create(
        actor=Actor.system(),
        client=client,
        answers=[{"criterion": c, "answer": Answer.YES} for c in criteria],
        intake_on=day,
        decision=IntakeDecision.ADMITTED,
        decision_reason="Voldoet aan alle criteria.",
        decided_on=day,
    )
    assert StatusChange.objects.filter(client=client, changed_by__isnull=True).exists()
    response = page_client(world.coordinator_a).get(f"/clienten/{client.uuid}")
    assert response.status_code == 200
    assert 'data-testid="status-history"' in response.content.decode()
