"""Intake: every criterion of the municipality answered, exclusions, and the decision."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lvv.audit.models import AuditEvent
from lvv.cases.models import (
    AdmissionCriterion,
    Answer,
    ClientStatus,
    ExclusionGround,
    IntakeDecision,
    StatusChange,
)
from lvv.cases.services.intake import intake_create, intake_decide

from .factories import ClientFactory

pytestmark = pytest.mark.django_db


def _criteria(municipality):
    from lvv.cases.selectors.clients import criteria_for

    return list(criteria_for(municipality))


def _answers(municipality, answer=Answer.YES, **overrides):
    return [
        {"criterion": criterion, "answer": overrides.get(criterion.code, answer), "note": ""}
        for criterion in _criteria(municipality)
    ]


def _intake(world, client=None, **kwargs):
    client = client or world.client_a
    data = {"answers": _answers(client.municipality), **kwargs}
    return intake_create(actor=world.actor("caseworker_a"), client=client, **data)


def test_an_intake_answers_the_national_and_the_municipalitys_own_criteria(world):
    own = AdmissionCriterion.objects.create(
        municipality=world.utrecht, code="registered_in_utrecht", label="Ingeschreven?", order=9
    )
    AdmissionCriterion.objects.create(
        municipality=world.amsterdam, code="amsterdam_only", label="Amsterdam?", order=9
    )
    AdmissionCriterion.objects.create(code="retired", label="Oud", is_active=False)
    intake = _intake(world)
    codes = set(intake.answers.values_list("criterion__code", flat=True))
    assert own.code in codes
    assert "amsterdam_only" not in codes and "retired" not in codes
    assert codes >= {
        "procedure_exhausted",
        "no_state_reception",
        "not_departed",
        "willing_to_cooperate",
    }
    assert intake.decision == IntakeDecision.PENDING
    assert AuditEvent.objects.filter(
        object_id=str(intake.uuid), subject_id=world.client_a.uuid
    ).exists()


def test_a_missing_answer_is_refused(world, assert_refused):
    answers = _answers(world.utrecht)[1:]
    messages = assert_refused(
        lambda: intake_create(
            actor=world.actor("caseworker_a"), client=world.client_a, answers=answers
        ),
        "answers",
    )
    assert any("niet beantwoord" in message for message in messages)


def test_a_criterion_of_another_municipality_is_refused(world, assert_refused):
    foreign = AdmissionCriterion.objects.create(municipality=world.amsterdam, code="a", label="A")
    answers = [*_answers(world.utrecht), {"criterion": foreign, "answer": Answer.YES}]
    assert_refused(
        lambda: intake_create(
            actor=world.actor("caseworker_a"), client=world.client_a, answers=answers
        ),
        "answers",
    )


def test_an_answer_outside_yes_no_unknown_is_refused(world, assert_refused):
    answers = _answers(world.utrecht, answer="maybe")
    assert_refused(
        lambda: intake_create(
            actor=world.actor("caseworker_a"), client=world.client_a, answers=answers
        ),
        "answers",
    )


def test_exclusion_grounds_of_the_municipality_are_recorded(world):
    ground = ExclusionGround.objects.get(code="criminal_record", municipality=None)
    intake = _intake(world, exclusions=[{"ground": ground, "note": "Veroordeling 2019"}])
    assert list(intake.exclusions.values_list("ground__code", "note")) == [
        ("criminal_record", "Veroordeling 2019")
    ]


def test_an_exclusion_ground_of_another_municipality_is_refused(world, assert_refused):
    foreign = ExclusionGround.objects.create(municipality=world.amsterdam, code="x", label="X")
    assert_refused(lambda: _intake(world, exclusions=[{"ground": foreign}]), "exclusions")


def test_admission_requests_the_dossier(world):
    intake = _intake(world)
    intake_decide(
        actor=world.actor("caseworker_a"),
        intake=intake,
        decision=IntakeDecision.ADMITTED,
        reason="Voldoet aan alle criteria.",
    )
    intake.refresh_from_db()
    world.client_a.refresh_from_db()
    assert intake.decision == IntakeDecision.ADMITTED
    assert intake.decided_by == world.caseworker_a.user
    assert intake.decided_on == timezone.localdate()
    assert world.client_a.status == ClientStatus.DOSSIER_REQUESTED
    change = StatusChange.objects.get(client=world.client_a)
    assert (change.from_status, change.to_status) == (
        ClientStatus.INTAKE,
        ClientStatus.DOSSIER_REQUESTED,
    )


def test_a_decision_given_with_the_intake(world):
    _intake(world, decision=IntakeDecision.REFUSED, decision_reason="Niet uitgeprocedeerd.")
    world.client_a.refresh_from_db()
    assert world.client_a.status == ClientStatus.REFUSED


def test_a_referral_keeps_the_intake_open_for_the_driehoeksoverleg(world):
    ground = ExclusionGround.objects.get(code="criminal_record", municipality=None)
    intake = _intake(world, exclusions=[{"ground": ground}])
    actor = world.actor("coordinator_a")
    intake_decide(
        actor=actor, intake=intake, decision=IntakeDecision.REFERRED, reason="Antecedenten"
    )
    world.client_a.refresh_from_db()
    assert world.client_a.status == ClientStatus.INTAKE
    # The driehoeksoverleg may admit despite the ground.
    intake_decide(
        actor=actor, intake=intake, decision=IntakeDecision.ADMITTED, reason="DHO: toelaten"
    )
    world.client_a.refresh_from_db()
    assert world.client_a.status == ClientStatus.DOSSIER_REQUESTED


@pytest.mark.parametrize(
    ("answer_no", "with_ground"), [(True, False), (False, True)], ids=["criterion-no", "ground"]
)
def test_direct_admission_is_refused_when_criteria_fail(
    world, assert_refused, answer_no, with_ground
):
    overrides = {"willing_to_cooperate": Answer.NO} if answer_no else {}
    exclusions = (
        [{"ground": ExclusionGround.objects.get(code="entry_ban", municipality=None)}]
        if with_ground
        else []
    )
    intake = intake_create(
        actor=world.actor("caseworker_a"),
        client=world.client_a,
        answers=_answers(world.utrecht, **overrides),
        exclusions=exclusions,
    )
    assert_refused(
        lambda: intake_decide(
            actor=world.actor("caseworker_a"),
            intake=intake,
            decision=IntakeDecision.ADMITTED,
            reason="toch",
        ),
        "decision",
    )


@pytest.mark.parametrize(
    ("decision", "reason", "decided_on", "field"),
    [
        (IntakeDecision.ADMITTED, "", None, "decision_reason"),
        (IntakeDecision.REFUSED, "   ", None, "decision_reason"),
        ("maybe", "reden", None, "decision"),
        (IntakeDecision.PENDING, "reden", None, "decision"),
        (IntakeDecision.ADMITTED, "reden", datetime.date(2999, 1, 1), "decided_on"),
        (IntakeDecision.ADMITTED, "reden", datetime.date(2000, 1, 1), "decided_on"),
    ],
)
def test_bad_decisions_are_refused(world, assert_refused, decision, reason, decided_on, field):
    intake = _intake(world)
    assert_refused(
        lambda: intake_decide(
            actor=world.actor("caseworker_a"),
            intake=intake,
            decision=decision,
            reason=reason,
            decided_on=decided_on,
        ),
        field,
    )


def test_a_decided_intake_is_not_decided_again(world, assert_refused):
    intake = _intake(world, decision=IntakeDecision.REFUSED, decision_reason="nee")
    assert_refused(
        lambda: intake_decide(
            actor=world.actor("caseworker_a"),
            intake=intake,
            decision=IntakeDecision.ADMITTED,
            reason="toch wel",
        ),
        "decision",
    )


def test_one_undecided_intake_at_a_time(world, assert_refused):
    _intake(world)
    assert_refused(lambda: _intake(world), "intake_on")


def test_a_new_intake_after_a_refusal_returns_the_client_to_intake(world):
    _intake(world, decision=IntakeDecision.REFUSED, decision_reason="nee")
    _intake(world)
    world.client_a.refresh_from_db()
    assert world.client_a.status == ClientStatus.INTAKE
    assert list(
        StatusChange.objects.filter(client=world.client_a).values_list("to_status", flat=True)
    ) == [ClientStatus.REFUSED, ClientStatus.INTAKE]


def test_an_admitted_client_gets_no_new_intake(world, assert_refused):
    client = ClientFactory(
        municipality=world.utrecht, partner=world.ngo_a, status=ClientStatus.IN_TRAJECTORY
    )
    assert_refused(lambda: _intake(world, client=client), "intake_on")


@pytest.mark.parametrize("role", ["chain_dtv", "caseworker_b", "programme_manager"])
def test_intakes_are_recorded_only_by_keepers_of_the_file(world, snapshot, role):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        intake_create(
            actor=world.actor(role), client=world.client_a, answers=_answers(world.utrecht)
        )
    before.assert_unchanged()
