"""Writes to partner contracts: a municipality's own coordinators record its contracts with
partner NGOs (programme managers read them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.accounts.models import Organisation
from lvv.audit.models import AuditAction
from lvv.network.models import Location, Municipality

from ..models import Agreement, NoticeUnit, PartnerContract
from ._common import apply_changes, audit, require_municipal_writer, validate

CONTRACT_FIELDS = (
    "municipality",
    "partner",
    "agreement",
    "reference",
    "start",
    "end",
    "amount",
    "notice_period",
    "notice_unit",
    "notes",
)


def _check_locations(contract: PartnerContract, locations: list[Location]) -> None:
    """A contract covers locations its partner runs (else an error on `locations`)."""
    foreign = [loc.name for loc in locations if loc.operator_id != contract.partner_id]
    if foreign:
        raise ValidationError(
            {
                "locations": _("%(partner)s does not run: %(names)s.")
                % {"partner": contract.partner.name, "names": ", ".join(sorted(foreign))}
            }
        )


@transaction.atomic
def partner_contract_create(
    *,
    actor: Actor,
    municipality: Municipality,
    partner: Organisation,
    start: date,
    end: date,
    amount: Decimal,
    agreement: Agreement | None = None,
    reference: str = "",
    locations: Iterable[Location] = (),
    notice_period: int = 3,
    notice_unit: str = NoticeUnit.MONTHS,
    notes: str = "",
) -> PartnerContract:
    """Record a contract between a municipality and a partner NGO.

    Guarantees: the partner is an NGO (on `partner`); the contract ends after it starts (on
    `end`); the amount is not negative (on `amount`); the funding agreement belongs to the same
    municipality (on `agreement`); the locations are run by the partner (on `locations`). A
    municipality's own coordinators only.
    """
    require_municipal_writer(actor, municipality)
    contract = PartnerContract(
        municipality=municipality,
        partner=partner,
        agreement=agreement,
        reference=reference.strip(),
        start=start,
        end=end,
        amount=amount,
        notice_period=notice_period,
        notice_unit=notice_unit,
        notes=notes.strip(),
    )
    validate(contract)
    locations = list(locations)
    _check_locations(contract, locations)
    contract.save()
    contract.locations.set(locations)
    audit(actor, AuditAction.CREATE, contract, (*CONTRACT_FIELDS, "locations"))
    return contract


@transaction.atomic
def partner_contract_update(
    *, actor: Actor, contract: PartnerContract, data: Mapping[str, Any]
) -> PartnerContract:
    """Change a partner contract (including its locations), with the same guarantees; a
    coordinator cannot move it to another municipality."""
    data = dict(data)
    moved_to = [data["municipality"]] if "municipality" in data else []
    require_municipal_writer(actor, contract.municipality, *moved_to)
    contract = PartnerContract.objects.select_for_update().get(pk=contract.pk)
    new_locations = data.pop("locations", None)
    changed = apply_changes(contract, data, CONTRACT_FIELDS)
    if changed:
        validate(contract)
    current = list(contract.locations.all())
    locations = current if new_locations is None else list(new_locations)
    if changed or new_locations is not None:
        _check_locations(contract, locations)
    if changed:
        contract.save()
    if {loc.pk for loc in locations} != {loc.pk for loc in current}:
        contract.locations.set(locations)
        changed.append("locations")
    if changed:
        audit(actor, AuditAction.UPDATE, contract, changed)
    return contract
