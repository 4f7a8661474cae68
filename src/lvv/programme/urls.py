from django.urls import path

from . import views

app_name = "programme"

AGREEMENT = "convenanten/<uuid:uuid>"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("convenanten", views.AgreementListView.as_view(), name="agreement-list"),
    path("convenanten/nieuw", views.AgreementCreateView.as_view(), name="agreement-create"),
    path("convenanten/verlengen", views.BulkExtensionView.as_view(), name="bulk-extension"),
    path(AGREEMENT, views.AgreementDetailView.as_view(), name="agreement-detail"),
    path(f"{AGREEMENT}/wijzigen", views.AgreementUpdateView.as_view(), name="agreement-update"),
    path(f"{AGREEMENT}/status", views.AgreementStatusView.as_view(), name="agreement-status"),
    path(f"{AGREEMENT}/verlengen", views.AgreementExtendView.as_view(), name="agreement-extend"),
    path(
        f"{AGREEMENT}/beeindigen",
        views.AgreementTerminateView.as_view(),
        name="agreement-terminate",
    ),
    path(f"{AGREEMENT}/afbouw", views.WindDownView.as_view(), name="wind-down"),
    path(
        "convenanten/<uuid:agreement_uuid>/financiering/nieuw",
        views.FundingRuleCreateView.as_view(),
        name="funding-rule-create",
    ),
    path(
        "convenanten/<uuid:agreement_uuid>/financiering/<uuid:uuid>/wijzigen",
        views.FundingRuleUpdateView.as_view(),
        name="funding-rule-update",
    ),
    path("besluiten", views.DecisionListView.as_view(), name="decision-list"),
    path("besluiten/nieuw", views.DecisionCreateView.as_view(), name="decision-create"),
    path("besluiten/<uuid:uuid>", views.DecisionDetailView.as_view(), name="decision-detail"),
    path(
        "besluiten/<uuid:uuid>/wijzigen",
        views.DecisionUpdateView.as_view(),
        name="decision-update",
    ),
    path("financiering", views.FundingView.as_view(), name="funding"),
    path("financiering/uitgaven/nieuw", views.SpendingCreateView.as_view(), name="spending-create"),
    path(
        "financiering/uitgaven/<uuid:uuid>/wijzigen",
        views.SpendingUpdateView.as_view(),
        name="spending-update",
    ),
    path("contracten", views.ContractListView.as_view(), name="contract-list"),
    path("contracten/nieuw", views.ContractCreateView.as_view(), name="contract-create"),
    path("contracten/<uuid:uuid>", views.ContractDetailView.as_view(), name="contract-detail"),
    path(
        "contracten/<uuid:uuid>/wijzigen",
        views.ContractUpdateView.as_view(),
        name="contract-update",
    ),
    path("signalen", views.WarningsView.as_view(), name="warnings"),
    path("netwerkplan", views.PlanView.as_view(), name="plan"),
    path("netwerkplan/nieuw", views.PlannedLvvCreateView.as_view(), name="plan-create"),
    path(
        "netwerkplan/<uuid:uuid>/wijzigen",
        views.PlannedLvvUpdateView.as_view(),
        name="plan-update",
    ),
    path("netwerkplan/<uuid:uuid>/jaar", views.PlannedYearView.as_view(), name="plan-year"),
    path("tijdlijn", views.ProgrammeTimelineView.as_view(), name="timeline"),
    path(
        "gemeenten/<uuid:uuid>/tijdlijn",
        views.MunicipalityTimelineView.as_view(),
        name="municipality-timeline",
    ),
]
