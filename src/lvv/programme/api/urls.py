from rest_framework.routers import SimpleRouter

from .computed import (
    AgreementExtensionViewSet,
    AllocationViewSet,
    DeadlineWarningViewSet,
    FundingOverviewViewSet,
)
from .views import (
    AgreementViewSet,
    DecisionViewSet,
    FundingRuleViewSet,
    PartnerContractViewSet,
    PlannedLvvViewSet,
    ProgrammeRegisterViewSet,
    SpendingViewSet,
)

router = SimpleRouter(trailing_slash=False)
router.register("decisions", DecisionViewSet, basename="decision")
router.register("programmes", ProgrammeRegisterViewSet, basename="programme")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("agreement-extensions", AgreementExtensionViewSet, basename="agreement-extension")
router.register("funding-rules", FundingRuleViewSet, basename="funding-rule")
router.register("allocations", AllocationViewSet, basename="allocation")
router.register("funding-overview", FundingOverviewViewSet, basename="funding-overview")
router.register("spending-records", SpendingViewSet, basename="spending-record")
router.register("partner-contracts", PartnerContractViewSet, basename="partner-contract")
router.register("deadline-warnings", DeadlineWarningViewSet, basename="deadline-warning")
router.register("planned-lvvs", PlannedLvvViewSet, basename="planned-lvv")

urlpatterns = router.urls
