"""Writes of the programme: one function per use case, each in one transaction, validating
before saving, refusing what the actor may not do (PermissionDenied), and recording an audit
event in the same transaction. Errors name the field that was wrong."""

from .agreements import (
    agreement_change_status,
    agreement_create,
    agreement_extend,
    agreement_terminate,
    agreement_update,
    agreements_extend,
    check_transition,
)
from .contracts import partner_contract_create, partner_contract_update
from .decisions import decision_create, decision_update, programme_create, programme_update
from .funding import (
    funding_rule_create,
    funding_rule_delete,
    funding_rule_update,
    spending_record_create,
    spending_record_update,
)
from .plan import planned_lvv_create, planned_lvv_update, planned_lvv_year_set

__all__ = [
    "agreement_change_status",
    "agreement_create",
    "agreement_extend",
    "agreement_terminate",
    "agreement_update",
    "agreements_extend",
    "check_transition",
    "decision_create",
    "decision_update",
    "funding_rule_create",
    "funding_rule_delete",
    "funding_rule_update",
    "partner_contract_create",
    "partner_contract_update",
    "planned_lvv_create",
    "planned_lvv_update",
    "planned_lvv_year_set",
    "programme_create",
    "programme_update",
    "spending_record_create",
    "spending_record_update",
]
