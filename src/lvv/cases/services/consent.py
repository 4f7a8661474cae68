"""Consent (toestemming) per purpose and recipient, given and withdrawn, with its legal basis.

What a chain partner sees follows from the consents in force *today* (cases.access reads
them on every query), so a withdrawal dated today takes effect on the next request: nothing is
cached and nothing has to be revoked elsewhere.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.accounts.models import Organisation
from lvv.accounts.roles import CHAIN_PARTNER_KINDS
from lvv.audit.models import AuditAction

from ..models import Client, Consent, ConsentPurpose, LegalBasis
from .clients import audit_client_write, lock_client_for_write, require_not_in_future, today


@transaction.atomic
def consent_give(
    *,
    actor: Actor,
    client: Client,
    purpose: str,
    legal_basis: str,
    given_on: date | None = None,
    recipient: Organisation | None = None,
    document_reference: str = "",
) -> Consent:
    """Record a consent (or the public-task basis) for a purpose and, for sharing, a recipient.

    Guarantees: sharing names an active chain partner (IND, DT&V, AVIM, IOM) as recipient;
    monitoring has no recipient; the legal basis is one of the recorded bases; the date is not
    in the future; no second consent for the same purpose and recipient is in force at the
    same time (error at `purpose`). In force from `given_on` on: a chain partner sees the
    client from that day. Audited with the client as subject.
    """
    client = lock_client_for_write(actor=actor, client=client)
    errors: dict[str, str] = {}
    if purpose not in ConsentPurpose.values:
        errors["purpose"] = _("Choose a purpose.")
    if legal_basis not in LegalBasis.values:
        errors["legal_basis"] = _("Choose the legal basis.")
    if purpose == ConsentPurpose.SHARE_WITH_CHAIN_PARTNER:
        if recipient is None:
            errors["recipient"] = _("Choose the chain partner the data may be shared with.")
        elif recipient.kind not in CHAIN_PARTNER_KINDS or not recipient.is_active:
            errors["recipient"] = _("Data can only be shared with IND, DT&V, AVIM or IOM.")
    elif purpose == ConsentPurpose.PSEUDONYMISED_MONITORING and recipient is not None:
        errors["recipient"] = _("Monitoring has no recipient; leave it empty.")
    given_on = given_on or today()
    if given_on > today():
        errors["given_on"] = _("This date lies in the future.")
    if errors:
        raise ValidationError(errors)
    overlapping = Consent.objects.filter(
        client=client, purpose=purpose, recipient=recipient
    ).filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=given_on))
    if overlapping.exists():
        raise ValidationError(
            {"purpose": _("A consent for this purpose and recipient is already in force.")}
        )
    consent = Consent(
        client=client,
        purpose=purpose,
        recipient=recipient,
        legal_basis=legal_basis,
        given_on=given_on,
        document_reference=(document_reference or "").strip(),
    )
    consent.full_clean()
    consent.save()
    fields = ["purpose", "legal_basis", "given_on"]
    if recipient is not None:
        fields.append("recipient")
    if consent.document_reference:
        fields.append("document_reference")
    audit_client_write(
        actor=actor, action=AuditAction.CREATE, obj=consent, client=client, fields=fields
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: Actor, consent: Consent, withdrawn_on: date | None = None
) -> Consent:
    """Withdraw a consent from `withdrawn_on` (default today) on.

    Guarantees: not before it was given and not in the future (errors at `withdrawn_on`); a
    consent is withdrawn once (error at `withdrawn_on`). Dated today or earlier, it is out of
    force at once: the chain partner's next request no longer finds the client. Audited with
    the client as subject.
    """
    client = lock_client_for_write(actor=actor, client=consent.client)
    consent = Consent.objects.select_for_update().get(pk=consent.pk, client=client)
    withdrawn_on = withdrawn_on or today()
    if consent.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": _("This consent has already been withdrawn.")})
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("A consent cannot be withdrawn before it was given.")}
        )
    require_not_in_future(withdrawn_on, "withdrawn_on")
    consent.withdrawn_on = withdrawn_on
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    audit_client_write(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=consent,
        client=client,
        fields=["withdrawn_on"],
    )
    return consent
