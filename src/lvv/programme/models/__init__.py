"""Programme governance: decisions, agreements and amendments, funding, contracts, the plan."""

from .agreements import (
    AGREEMENT_TRANSITIONS,
    Agreement,
    AgreementAmendment,
    AgreementParty,
    AgreementStatus,
    AmendmentKind,
    default_parties,
)
from .contracts import NoticeUnit, PartnerContract
from .decisions import Decision, DecisionKind, Programme
from .funding import FUNDING_FIELDS, FundingKind, FundingRule, SpendingRecord
from .plan import PlannedLvv, PlannedLvvStatus, PlannedLvvYear

__all__ = [
    "AGREEMENT_TRANSITIONS",
    "FUNDING_FIELDS",
    "Agreement",
    "AgreementAmendment",
    "AgreementParty",
    "AgreementStatus",
    "AmendmentKind",
    "Decision",
    "DecisionKind",
    "FundingKind",
    "FundingRule",
    "NoticeUnit",
    "PartnerContract",
    "PlannedLvv",
    "PlannedLvvStatus",
    "PlannedLvvYear",
    "Programme",
    "SpendingRecord",
    "default_parties",
]
