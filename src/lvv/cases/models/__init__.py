"""The client register. Split by subject; import from `lvv.cases.models`."""

from .clients import (
    Client,
    DatePrecision,
    HouseholdLink,
    HouseholdRelation,
    JournalEntry,
    Sex,
    Vulnerability,
)
from .consent import Consent, ConsentPurpose, LegalBasis
from .intake import Answer, Intake, IntakeAnswer, IntakeDecision, IntakeExclusion
from .meetings import CaseDiscussion, CaseMeeting, MeetingDecision
from .outflow import Outflow, Transfer
from .placements import Placement, PlacementEndReason
from .reference import (
    DEFAULT_CASE_SETTINGS,
    AdmissionCriterion,
    CaseSettings,
    ExclusionGround,
    OutflowGroup,
    OutflowReason,
)
from .trajectory import (
    NEXT_ESCALATION_LEVEL,
    Action,
    ActionStatus,
    Escalation,
    EscalationLevel,
    EscalationStatus,
    GuidanceScenario,
    Procedure,
    ProcedureKind,
    ScenarioKind,
    Trajectory,
)
from .workflow import (
    ADMITTED_STATUSES,
    ALLOWED_TRANSITIONS,
    STEP_DEADLINES,
    ClientStatus,
    StatusChange,
)

__all__ = [
    "ADMITTED_STATUSES",
    "ALLOWED_TRANSITIONS",
    "DEFAULT_CASE_SETTINGS",
    "NEXT_ESCALATION_LEVEL",
    "STEP_DEADLINES",
    "Action",
    "ActionStatus",
    "AdmissionCriterion",
    "Answer",
    "CaseDiscussion",
    "CaseMeeting",
    "CaseSettings",
    "Client",
    "ClientStatus",
    "Consent",
    "ConsentPurpose",
    "DatePrecision",
    "Escalation",
    "EscalationLevel",
    "EscalationStatus",
    "ExclusionGround",
    "GuidanceScenario",
    "HouseholdLink",
    "HouseholdRelation",
    "Intake",
    "IntakeAnswer",
    "IntakeDecision",
    "IntakeExclusion",
    "JournalEntry",
    "LegalBasis",
    "MeetingDecision",
    "Outflow",
    "OutflowGroup",
    "OutflowReason",
    "Placement",
    "PlacementEndReason",
    "Procedure",
    "ProcedureKind",
    "ScenarioKind",
    "Sex",
    "StatusChange",
    "Trajectory",
    "Transfer",
    "Vulnerability",
]
