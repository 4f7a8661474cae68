"""Pages of the programme (mounted at /programma/). Every page needs VIEW_PROGRAMME; write pages
ask the selectors whether this actor may write this, and the services ask again."""

from .agreements import (
    AgreementCreateView,
    AgreementDetailView,
    AgreementExtendView,
    AgreementListView,
    AgreementStatusView,
    AgreementTerminateView,
    AgreementUpdateView,
    FundingRuleCreateView,
    FundingRuleUpdateView,
    WindDownView,
)
from .contracts import ContractCreateView, ContractDetailView, ContractListView, ContractUpdateView
from .decisions import DecisionCreateView, DecisionDetailView, DecisionListView, DecisionUpdateView
from .extensions import BulkExtensionView
from .funding import FundingView, SpendingCreateView, SpendingUpdateView
from .overview import DashboardView, MunicipalityTimelineView, ProgrammeTimelineView, WarningsView
from .plan import PlannedLvvCreateView, PlannedLvvUpdateView, PlannedYearView, PlanView

__all__ = [
    "AgreementCreateView",
    "AgreementDetailView",
    "AgreementExtendView",
    "AgreementListView",
    "AgreementStatusView",
    "AgreementTerminateView",
    "AgreementUpdateView",
    "BulkExtensionView",
    "ContractCreateView",
    "ContractDetailView",
    "ContractListView",
    "ContractUpdateView",
    "DashboardView",
    "DecisionCreateView",
    "DecisionDetailView",
    "DecisionListView",
    "DecisionUpdateView",
    "FundingRuleCreateView",
    "FundingRuleUpdateView",
    "FundingView",
    "MunicipalityTimelineView",
    "PlanView",
    "PlannedLvvCreateView",
    "PlannedLvvUpdateView",
    "PlannedYearView",
    "ProgrammeTimelineView",
    "SpendingCreateView",
    "SpendingUpdateView",
    "WarningsView",
    "WindDownView",
]
