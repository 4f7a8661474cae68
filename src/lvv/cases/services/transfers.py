"""Transfer of a client to another municipality's LVV and partner: the file follows, the
history stays.

Access follows from the client's municipality, partner and open placement (cases.access), so
moving those three moves the file: the old organisation loses sight of it on the next request,
the new one gains it. Nothing is copied; journal, intakes, consents, placements and status
history stay attached to the same client.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.accounts.models import Organisation
from lvv.accounts.roles import OrganisationKind
from lvv.audit.models import AuditAction
from lvv.network.models import Municipality

from ..models import Client, Placement, PlacementEndReason, Transfer
from .clients import audit_client_write, lock_client_for_write, today
from .versions import claim_version


@transaction.atomic
def client_transfer(
    *,
    actor: Actor,
    client: Client,
    to_municipality: Municipality,
    to_partner: Organisation,
    transferred_on: date | None = None,
    reason: str = "",
) -> Transfer:
    """Transfer a client to `to_municipality`'s LVV, kept by `to_partner`, on `transferred_on`.

    Guarantees: the actor keeps the file now (caseworker of its partner, coordinator of its
    municipality); the receiving partner is an active NGO (`to_partner`); something changes
    (`to_municipality`); the date is not in the future and not before the open placement
    began (`transferred_on`). The open placement ends on the transfer date (reason
    "transferred"), so the old location's organisation no longer sees the client. One
    Transfer row and audit events for the transfer, the client and the ended placement, all
    with the client as subject.
    """
    client = lock_client_for_write(actor=actor, client=client)
    transferred_on = transferred_on or today()
    errors: dict[str, str] = {}
    if to_partner is None:
        errors["to_partner"] = _("Choose the partner organisation that will keep the file.")
    elif to_partner.kind != OrganisationKind.PARTNER_NGO or not to_partner.is_active:
        errors["to_partner"] = _("The file is kept by an active partner organisation (NGO).")
    if to_municipality is None:
        errors["to_municipality"] = _("Choose the municipality.")
    elif (
        to_partner is not None
        and to_municipality.pk == client.municipality_id
        and to_partner.pk == client.partner_id
    ):
        errors["to_municipality"] = _(
            "The client is already in this municipality's LVV with this partner."
        )
    if transferred_on > today():
        errors["transferred_on"] = _("This date lies in the future.")
    open_placement = (
        Placement.objects.select_for_update().filter(client=client, end__isnull=True).first()
    )
    if open_placement is not None and transferred_on <= open_placement.start:
        errors["transferred_on"] = _(
            "The current placement began on %(day)s; a transfer must come after it."
        ) % {"day": open_placement.start.isoformat()}
    if errors:
        raise ValidationError(errors)
    transfer = Transfer(
        client=client,
        from_municipality=client.municipality,
        to_municipality=to_municipality,
        from_partner=client.partner,
        to_partner=to_partner,
        transferred_on=transferred_on,
        reason=(reason or "").strip(),
    )
    transfer.full_clean()
    transfer.save()
    audit_client_write(
        actor=actor,
        action=AuditAction.CREATE,
        obj=transfer,
        client=client,
        fields=[
            "from_municipality",
            "to_municipality",
            "from_partner",
            "to_partner",
            "transferred_on",
        ],
    )
    if open_placement is not None:
        claim_version(open_placement, None)
        open_placement.end = transferred_on
        open_placement.end_reason = PlacementEndReason.TRANSFERRED
        open_placement.save(update_fields=["end", "end_reason", "updated_at"])
        audit_client_write(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=open_placement,
            client=client,
            fields=["end", "end_reason"],
        )
    changed = []
    if client.municipality_id != to_municipality.pk:
        client.municipality = to_municipality
        changed.append("municipality")
    if client.partner_id != to_partner.pk:
        client.partner = to_partner
        changed.append("partner")
    client.save(update_fields=[*changed, "updated_at"])
    audit_client_write(
        actor=actor, action=AuditAction.UPDATE, obj=client, client=client, fields=changed
    )
    return transfer
