"""Writes of the client itself: registration, identity and contact details, household links.

Every service here (and in the other modules of this package) follows the same order: may this
actor write client files at all (PermissionDenied), is this client in their care (re-checked
through the one gate, `Client.objects.visible_to`, with the row locked), are the values right
(ValidationError naming the field), then save and audit with `subject=client`, all in one
transaction. A refused write leaves nothing behind: no row, no audit event.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv.accounts.actors import Actor
from lvv.accounts.models import Organisation
from lvv.accounts.roles import OrganisationKind
from lvv.audit.models import AuditAction
from lvv.audit.services import audit_record
from lvv.network.models import Municipality

from ..access import is_coordinator, is_operator, may_write_client_files
from ..models import (
    Client,
    ClientStatus,
    DatePrecision,
    HouseholdLink,
    HouseholdRelation,
    Vulnerability,
)
from ..models.clients import CLIENT_DETAIL_FIELDS
from ..selectors.clients import municipalities_for_new_clients
from ..validators import normalise_v_number
from .versions import EditConflict, claim_version, conflict_message

# The fields of a client a file keeper may set directly (see the model module).
CLIENT_FIELDS = CLIENT_DETAIL_FIELDS

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


# --- shared by every write service of the client register -------------------------------------


def lock_client_for_write(*, actor: Actor, client: Client) -> Client:
    """The client, re-read through the gate and locked for this transaction.

    Guarantees: raises PermissionDenied when the actor's role does not keep files (chain
    partners, programme managers, ...) or when the client is not (or no longer) visible to
    the actor, so a write on someone else's client fails even if a caller forgot to look it
    up through a selector. The lock serialises writes on one client (status, transfer, merge).
    An anonymised file is read-only (ValidationError).
    Must be called inside a transaction (every service is `@transaction.atomic`).
    """
    if not may_write_client_files(actor):
        raise PermissionDenied(_("Your role does not allow changing client files."))
    locked = Client.objects.visible_to(actor).select_for_update().filter(pk=client.pk).first()
    if locked is None:
        raise PermissionDenied(_("This client is not in your care."))
    if locked.anonymised_on is not None:
        raise ValidationError(
            {
                "client": _(
                    "This file was anonymised after its retention period; it cannot be "
                    "changed any more."
                )
            }
        )
    return locked


def audit_client_write(
    *,
    actor: Actor,
    action: AuditAction,
    obj: models.Model,
    client: Client,
    fields: Iterable[str] = (),
) -> None:
    """One audit event for a write about `client` (the data subject), field names only."""
    audit_record(actor=actor, action=action, obj=obj, changed_fields=list(fields), subject=client)


def today() -> date:
    """Today in the Netherlands: the default date of every step a person records."""
    return timezone.localdate()


def require_not_in_future(day: date | None, field: str) -> None:
    """A date people record happened already (an error at `field` otherwise)."""
    if day is not None and day > today():
        raise ValidationError({field: _("This date lies in the future.")})


# --- normalising what people type -------------------------------------------------------------


def _clean_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _normalise_date_of_birth(value: date | None, precision: str | None) -> tuple[date | None, str]:
    """Store the known part of a date of birth; the unknown parts become 1 (see DatePrecision)."""
    if precision is None:
        precision = DatePrecision.DAY if value is not None else DatePrecision.UNKNOWN
    if precision not in DatePrecision.values:
        raise ValidationError(
            {"date_of_birth_precision": _("Choose how much of the date is known.")}
        )
    if precision == DatePrecision.UNKNOWN:
        if value is not None:
            raise ValidationError(
                {"date_of_birth_precision": _("A date is given, so it is not unknown.")}
            )
        return None, precision
    if value is None:
        raise ValidationError({"date_of_birth": _("Give the date of birth, or mark it unknown.")})
    if precision == DatePrecision.MONTH:
        value = value.replace(day=1)
    elif precision == DatePrecision.YEAR:
        value = value.replace(month=1, day=1)
    if value > today():
        raise ValidationError({"date_of_birth": _("A date of birth cannot lie in the future.")})
    return value, precision


def _normalise_languages(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = re.split(r"[\s,;]+", value)
    codes: list[str] = []
    for item in value:
        code = str(item).strip().lower()
        if not code:
            continue
        if not _LANGUAGE_CODE.match(code):
            raise ValidationError(
                {
                    "languages": _(
                        "'%(code)s' is not a language code; use ISO 639 codes such as ar, ti, fr."
                    )
                    % {"code": code}
                }
            )
        if code not in codes:
            codes.append(code)
    return codes


def _normalise_vulnerabilities(value: Any) -> list[str]:
    chosen = {str(item) for item in (value or [])}
    unknown = chosen - set(Vulnerability.values)
    if unknown:
        raise ValidationError(
            {
                "vulnerabilities": _("Unknown vulnerability: %(names)s.")
                % {"names": ", ".join(sorted(unknown))}
            }
        )
    # In the order of the list, so the same flags always read the same way.
    return [item for item in Vulnerability.values if item in chosen]


def normalise_client_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The values a person or system sent, in the form the register keeps them."""
    unknown = set(data) - set(CLIENT_FIELDS)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed here.") for name in sorted(unknown)}
        )
    clean = {name: _clean_text(value) for name, value in data.items()}
    if "v_number" in clean:
        clean["v_number"] = normalise_v_number(clean["v_number"] or "")
    if "bsn" in clean:
        clean["bsn"] = re.sub(r"\s", "", clean["bsn"] or "")
    if "nationality" in clean:
        clean["nationality"] = (str(clean["nationality"] or "")).upper()
    for name in ("given_names", "phone", "email"):
        if name in clean and clean[name] is None:
            clean[name] = ""
    if "languages" in clean:
        clean["languages"] = _normalise_languages(clean["languages"])
    if "vulnerabilities" in clean:
        clean["vulnerabilities"] = _normalise_vulnerabilities(clean["vulnerabilities"])
    return clean


def identifier_conflicts(clients: Sequence[Client]) -> list[dict[str, str]]:
    """For each of `clients`, the identifiers already taken, as errors by field.

    V-number and BSN are unique among active records: a value is taken when an active client
    other than this one has it, or when an earlier client of `clients` (rows of one file)
    does. One query per 500 values of each identifier. The database constraint is the
    backstop; these errors name the field.
    """
    own = [client.pk for client in clients if client.pk is not None]
    taken: dict[str, set[str]] = {}
    for name in ("v_number", "bsn"):
        values = sorted({getattr(client, name) for client in clients} - {""})
        found: set[str] = set()
        for start in range(0, len(values), 500):
            # `<> ''` as in the unique constraints' condition, so their partial indexes serve
            # the lookup (SQLite cannot infer it from IN: a scan of every client per chunk).
            others = (
                Client.objects.active()
                .exclude(**{name: ""})
                .filter(**{f"{name}__in": values[start : start + 500]})
            )
            if own:
                others = others.exclude(pk__in=own)
            found.update(others.order_by().values_list(name, flat=True))
        taken[name] = found
    messages = {
        "v_number": _("Another client already has this V-number."),
        "bsn": _("Another client already has this BSN."),
    }
    conflicts = []
    for client in clients:
        errors = {}
        for name, values in taken.items():
            value = getattr(client, name)
            if value and value in values:
                errors[name] = messages[name]
            elif value:
                values.add(value)  # a later client with the same value conflicts with this one
        conflicts.append(errors)
    return conflicts


def _check_identifiers_unique(client: Client) -> None:
    errors = identifier_conflicts([client])[0]
    if errors:
        raise ValidationError(errors)


def client_check_fields(client: Client) -> None:
    """Every field check of the model (lengths, choices, validators) on the details a person
    gives (`CLIENT_DETAIL_FIELDS`), without those that need the database: uniqueness, which
    `identifier_conflicts` checks for many clients at once. Raises ValidationError. What the
    services set themselves (municipality, partner, status, stamps) is not re-checked.

    The nationality is checked against the field's own choices, read once: the field's
    validation walks all countries' translated names for every client (most of the time of
    an import, in a profile).
    """
    errors: dict[str, list[str]] = {}
    try:
        client.full_clean(exclude=_NOT_CHECKED, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors = error.message_dict
    code = getattr(client.nationality, "code", client.nationality) or ""
    if code and code not in _country_codes():
        field = Client._meta.get_field("nationality")
        errors.setdefault("nationality", []).append(
            field.error_messages["invalid_choice"] % {"value": code}
        )
    if errors:
        raise ValidationError(errors)


_NOT_CHECKED = [
    field.name
    for field in Client._meta.fields
    if field.name not in CLIENT_DETAIL_FIELDS or field.name == "nationality"
]


@functools.cache
def _country_codes() -> frozenset[str]:
    return frozenset(str(code) for code, _name in Client._meta.get_field("nationality").choices)


def _validate_and_save(client: Client) -> None:
    _check_identifiers_unique(client)
    client.full_clean()
    try:
        with transaction.atomic():
            client.save()
    except IntegrityError as error:
        # Two people registering the same V-number at the same moment: the constraint wins.
        raise ValidationError(
            {"v_number": _("Another client already has this V-number or BSN.")}
        ) from error


# --- who is registered where -------------------------------------------------------------------


def resolve_municipality_and_partner(
    actor: Actor, municipality: Municipality | None, partner: Organisation | None
) -> tuple[Municipality, Organisation]:
    errors: dict[str, str] = {}
    if is_coordinator(actor):
        own = actor.organisation.municipality
        if municipality is None:
            municipality = own
        elif municipality.pk != own.pk:
            errors["municipality"] = _("You can only register clients in your own municipality.")
        if partner is None:
            errors["partner"] = _("Choose the partner organisation that will keep the file.")
    elif not is_operator(actor):
        # A caseworker registers clients for their own organisation, in a municipality where
        # it works.
        own_partner = actor.organisation
        if partner is not None and partner.pk != own_partner.pk:
            errors["partner"] = _("You can only register clients for your own organisation.")
        partner = own_partner
        allowed = municipalities_for_new_clients(actor)
        if municipality is None:
            if allowed.count() == 1:
                municipality = allowed.get()
            else:
                errors["municipality"] = _("Choose the municipality.")
        elif not allowed.filter(pk=municipality.pk).exists():
            errors["municipality"] = _("Your organisation has no location in this municipality.")
    else:
        if municipality is None:
            errors["municipality"] = _("Choose the municipality.")
        if partner is None:
            errors["partner"] = _("Choose the partner organisation that will keep the file.")
    if (
        partner is not None
        and "partner" not in errors
        and (partner.kind != OrganisationKind.PARTNER_NGO or not partner.is_active)
    ):
        errors["partner"] = _("The file is kept by an active partner organisation (NGO).")
    if errors:
        raise ValidationError(errors)
    return municipality, partner


# --- the services -------------------------------------------------------------------------------


@transaction.atomic
def client_create(
    *,
    actor: Actor,
    family_name: str,
    municipality: Municipality | None = None,
    partner: Organisation | None = None,
    on: date | None = None,
    **data: Any,
) -> Client:
    """Register a client, in status intake from `on` (default today).

    Guarantees: caseworkers register for their own organisation in a municipality where it
    runs a location, coordinators in their own municipality for an active partner NGO; the
    V-number (10 digits, normalised) and BSN (11-proef) are checked and unique among active
    records; a partial date of birth is stored with its precision. Errors name the field;
    nothing is written when any check fails. Duplicate candidates are shown by the page and
    the API *before* calling this (see `selectors.clients.duplicate_candidates`).
    """
    if not may_write_client_files(actor):
        raise PermissionDenied(_("Your role does not allow registering clients."))
    municipality, partner = resolve_municipality_and_partner(actor, municipality, partner)
    client, fields = client_prepare(
        municipality=municipality, partner=partner, on=on, family_name=family_name, **data
    )
    _validate_and_save(client)
    audit_client_write(
        actor=actor, action=AuditAction.CREATE, obj=client, client=client, fields=fields
    )
    return client


def client_prepare(
    *,
    municipality: Municipality,
    partner: Organisation,
    on: date | None,
    family_name: str,
    **data: Any,
) -> tuple[Client, list[str]]:
    """A new client in status intake from `on` (default today), unsaved, with the names of
    the fields its registration audits.

    Normalises what was typed and checks the registration date and the date of birth (errors
    name the field); who may register where (`client_create`), the field checks (`full_clean`)
    and the uniqueness of identifiers (`identifier_conflicts`) are for the caller: one client at
    the desk, a whole file at once in an import.
    """
    clean = normalise_client_data({"family_name": family_name, **data})
    precision = clean.pop("date_of_birth_precision", None)
    clean["date_of_birth"], clean["date_of_birth_precision"] = _normalise_date_of_birth(
        clean.get("date_of_birth"), precision
    )
    on = on or today()
    require_not_in_future(on, "on")
    client = Client(
        municipality=municipality,
        partner=partner,
        status=ClientStatus.INTAKE,
        status_since=on,
        **clean,
    )
    fields = ["municipality", "partner", "status", "status_since"]
    fields += [name for name, value in clean.items() if value not in ("", None, [])]
    return client, fields


@transaction.atomic
def client_update(
    *,
    actor: Actor,
    client: Client,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Client:
    """Change identity, contact details, languages or vulnerability flags of a client.

    Guarantees: the same checks as on registration; only fields that really changed are
    saved and audited (names only); a change that changes nothing writes nothing.
    `expected_version` is the version the person saw (pages and the API always pass it): if
    someone else changed the file since, `EditConflict` at `version` and nothing is written;
    a saved change raises the version by one.
    """
    client = lock_client_for_write(actor=actor, client=client)
    if expected_version is not None and client.version != expected_version:
        raise EditConflict(conflict_message(client))
    clean = normalise_client_data(data)
    if "date_of_birth" in clean or "date_of_birth_precision" in clean:
        clean["date_of_birth"], clean["date_of_birth_precision"] = _normalise_date_of_birth(
            clean.get("date_of_birth", client.date_of_birth),
            clean.get("date_of_birth_precision", client.date_of_birth_precision),
        )
    changed = []
    for name, value in clean.items():
        current = getattr(client, name)
        if name == "nationality":
            current = current.code or ""
        if current != value:
            setattr(client, name, value)
            changed.append(name)
    if not changed:
        return client
    claim_version(client, expected_version)
    _validate_and_save(client)
    audit_client_write(
        actor=actor, action=AuditAction.UPDATE, obj=client, client=client, fields=changed
    )
    return client


@transaction.atomic
def household_link_add(
    *, actor: Actor, client: Client, relative: Client, relation: str
) -> HouseholdLink:
    """Record that `client` is the `relation` of `relative` (e.g. the parent of).

    Guarantees: both are clients the actor may see and keep (a relative out of sight is
    reported as not found, at `relative`); not the same person; not linked already in either
    direction. Audited once for each of the two people, since both files change.
    """
    client = lock_client_for_write(actor=actor, client=client)
    if relation not in HouseholdRelation.values:
        raise ValidationError({"relation": _("Choose a relation.")})
    relative = Client.objects.visible_to(actor).filter(pk=getattr(relative, "pk", None)).first()
    if relative is None:
        raise ValidationError({"relative": _("No client found that you may link.")})
    if relative.pk == client.pk:
        raise ValidationError({"relative": _("A client cannot be their own relative.")})
    exists = HouseholdLink.objects.filter(
        Q(client=client, relative=relative) | Q(client=relative, relative=client)
    ).exists()
    if exists:
        raise ValidationError({"relative": _("These two clients are already linked.")})
    link = HouseholdLink(client=client, relative=relative, relation=relation)
    link.full_clean()
    link.save()
    for person in (client, relative):
        audit_client_write(
            actor=actor,
            action=AuditAction.CREATE,
            obj=link,
            client=person,
            fields=["client", "relative", "relation"],
        )
    return link


@transaction.atomic
def household_link_remove(*, actor: Actor, client: Client, link: HouseholdLink) -> None:
    """Remove a household link recorded in error, from the file of `client` (either side).

    Guarantees: the actor keeps `client`'s file and the link involves `client` (else an error
    at `link`); audited for both people, since both files change.
    """
    client = lock_client_for_write(actor=actor, client=client)
    link = (
        HouseholdLink.objects.select_related("client", "relative")
        .filter(Q(client=client) | Q(relative=client), pk=link.pk)
        .first()
    )
    if link is None:
        raise ValidationError({"link": _("This link does not belong to this client.")})
    for person in (link.client, link.relative):
        audit_client_write(actor=actor, action=AuditAction.DELETE, obj=link, client=person)
    link.delete()
