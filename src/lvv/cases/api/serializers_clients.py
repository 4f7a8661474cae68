"""API shapes of clients and their files; input and output kept apart.

Which fields of a client an actor receives is decided here, once, from the sections
`cases.access.client_sections_for` allows (`SECTION_FIELDS`): a chain partner's answer has no
contact details, BSN, vulnerabilities or household, for lists and details alike. References
go by public keys: a municipality by CBS code, an organisation or client by uuid.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

from lvv.accounts.api.serializers import MunicipalityReferenceSerializer
from lvv.accounts.models import Organisation
from lvv.audit.models import AuditEvent
from lvv.network.models import Municipality

from ..access import Section
from ..models import (
    AdmissionCriterion,
    Answer,
    Client,
    ClientStatus,
    Consent,
    ConsentPurpose,
    DatePrecision,
    ExclusionGround,
    HouseholdRelation,
    Intake,
    IntakeDecision,
    JournalEntry,
    LegalBasis,
    Sex,
    Transfer,
    Vulnerability,
)
from ..models.clients import CLIENT_DETAIL_FIELDS
from .conflicts import SUBMISSION_KEY_HELP, VERSION_HELP

# The fields of a client that belong to each section of the file. `uuid` and `version` (for
# optimistic locking) are always given.
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    Section.IDENTITY: (
        "family_name",
        "given_names",
        "date_of_birth",
        "date_of_birth_precision",
        "sex",
        "nationality",
        "languages",
        "v_number",
        "municipality",
        "partner",
    ),
    Section.STATUS: ("status", "status_since", "step_due_on", "is_overdue", "next_statuses"),
    Section.PLACEMENTS: ("current_location",),
    Section.CONTACT: ("phone", "email"),
    Section.BSN: ("bsn",),
    Section.VULNERABILITIES: ("vulnerabilities",),
    Section.HOUSEHOLD: ("household",),
}


def fields_for_sections(sections) -> set[str]:
    allowed = {"uuid", "version"}
    for section in sections:
        allowed.update(SECTION_FIELDS.get(section, ()))
    return allowed


class UuidRelatedField(serializers.SlugRelatedField):
    """An object referenced by uuid; a malformed uuid is an input error, not a crash."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="uuid", **kwargs)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except DjangoValidationError:
            self.fail("invalid")


def _cbs_code_field(**kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="cbs_code", queryset=Municipality.objects.all(), **kwargs
    )


# --- references ------------------------------------------------------------------------------


class PartnerReferenceSerializer(serializers.ModelSerializer):
    """An organisation named in a file: the keeping partner, a consent's recipient."""

    class Meta:
        model = Organisation
        fields = ["uuid", "name"]
        read_only_fields = fields


class RelativeSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Client
        fields = ["uuid", "full_name"]
        read_only_fields = fields


# --- clients: output -------------------------------------------------------------------------


class HouseholdMemberSerializer(serializers.Serializer):
    link = serializers.UUIDField(source="link.uuid", read_only=True)
    relative = RelativeSerializer(source="other", read_only=True)
    relation = serializers.ChoiceField(
        source="link.relation", choices=HouseholdRelation.choices, read_only=True
    )
    this_client_is = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "True: this client is the `relation` of the relative; false: the relative is the "
            "`relation` of this client."
        ),
    )


class ClientOutputSerializer(serializers.ModelSerializer):
    """A client, with only the fields of the sections the caller may see (see SECTION_FIELDS).

    Pass `sections` in the context; fields outside them are left out of the answer entirely.
    """

    nationality = serializers.CharField(
        source="nationality.code", read_only=True, help_text=_("ISO 3166 alpha-2 code.")
    )
    municipality = MunicipalityReferenceSerializer(read_only=True)
    partner = PartnerReferenceSerializer(read_only=True)
    date_of_birth = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=_("Unknown parts are 1 (see date_of_birth_precision)."),
    )
    step_due_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=_("When the current step should be done (null: no deadline)."),
    )
    # Text, not `format: email`: most clients have no address, and "" is no e-mail address.
    email = serializers.CharField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    current_location = serializers.SerializerMethodField()
    next_statuses = serializers.SerializerMethodField()
    household = serializers.SerializerMethodField()

    class Meta:
        model = Client
        fields = [
            "uuid",
            "version",
            *CLIENT_DETAIL_FIELDS,
            "municipality",
            "partner",
            "status",
            "status_since",
            "step_due_on",
            "is_overdue",
            "current_location",
            "next_statuses",
            "household",
        ]
        read_only_fields = fields

    def get_fields(self):
        fields = super().get_fields()
        sections = self.context.get("sections")
        if sections is None:
            return fields
        allowed = fields_for_sections(sections)
        if not self.context.get("detail"):
            allowed -= {"household", "next_statuses"}
        return {name: field for name, field in fields.items() if name in allowed}

    def get_current_location(self, client) -> dict | None:
        if not getattr(client, "current_location_uuid", None):
            return None
        return {"uuid": client.current_location_uuid, "name": client.current_location_name}

    def get_next_statuses(self, client) -> list[str]:
        from ..services.workflow import allowed_next_statuses

        return allowed_next_statuses(client)

    def get_household(self, client) -> list[dict]:
        rows = self.context.get("household") or []
        return HouseholdMemberSerializer(rows, many=True).data


class ClientOutputSchema(OpenApiSerializerExtension):
    """In the OpenAPI document only `uuid` and `version` are required: every other field is left
    out when the caller's role may not see its section (and household, next statuses in lists)."""

    target_class = ClientOutputSerializer

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["required"] = ["uuid", "version"]
        return schema


# --- clients: input --------------------------------------------------------------------------


class _ClientFieldsSerializer(serializers.Serializer):
    given_names = serializers.CharField(max_length=150, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("Give what is known; set date_of_birth_precision to month or year."),
    )
    date_of_birth_precision = serializers.ChoiceField(
        choices=DatePrecision.choices,
        required=False,
        help_text=_("Default: day when a date is given, unknown when not."),
    )
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    nationality = serializers.CharField(
        max_length=2, required=False, allow_blank=True, help_text=_("ISO 3166 alpha-2, e.g. ER.")
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=10),
        required=False,
        help_text=_('ISO 639 codes, e.g. ["ti", "ar"].'),
    )
    v_number = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text=_("10 digits; spaces, dots and dashes are ignored."),
    )
    bsn = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text=_("9 digits, 11-proef.")
    )
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    vulnerabilities = serializers.ListField(
        child=serializers.ChoiceField(choices=Vulnerability.choices), required=False
    )


class ClientCreateInputSerializer(_ClientFieldsSerializer):
    family_name = serializers.CharField(max_length=150)
    municipality = _cbs_code_field(
        required=False,
        help_text=_(
            "CBS code. Coordinators: their own (default); caseworkers: where their "
            "organisation runs a location."
        ),
    )
    partner = UuidRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Uuid of the partner NGO that keeps the file. Caseworkers: their own."),
    )
    on = serializers.DateField(
        required=False, help_text=_("Registration date (status intake since); default today.")
    )


class ClientUpdateInputSerializer(_ClientFieldsSerializer):
    """A PATCH sends only the fields it changes, but always the `version` it read."""

    family_name = serializers.CharField(max_length=150, required=False)
    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)

    # Never partial: every field but `version` is optional already. drf-spectacular marks a
    # PATCH body partial (all optional); this keeps `version` required in the schema too.
    @property
    def partial(self) -> bool:
        return False

    @partial.setter
    def partial(self, value) -> None:
        pass


class DuplicateQuerySerializer(serializers.Serializer):
    v_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    family_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    nationality = serializers.CharField(max_length=2, required=False, allow_blank=True)


class DuplicateCandidatesOutputSerializer(serializers.Serializer):
    candidates = serializers.SerializerMethodField()
    v_number_registered_elsewhere = serializers.BooleanField(
        source="v_number_elsewhere",
        help_text=_("The V-number belongs to a client you may not see; registering it fails."),
    )

    def get_candidates(self, result) -> list[dict]:
        return ClientOutputSerializer(result.clients, many=True, context=self.context).data


class TransitionInputSerializer(serializers.Serializer):
    to_status = serializers.CharField(
        max_length=30,
        help_text=_("The status to move to: %(statuses)s.")
        % {"statuses": ", ".join(ClientStatus.values)},
    )
    on = serializers.DateField(required=False, help_text=_("Date of the change; default today."))


class TransferInputSerializer(serializers.Serializer):
    to_municipality = _cbs_code_field(help_text=_("CBS code of the receiving municipality."))
    to_partner = UuidRelatedField(
        queryset=Organisation.objects.all(), help_text=_("Uuid of the receiving partner NGO.")
    )
    transferred_on = serializers.DateField(required=False, help_text=_("Default today."))
    reason = serializers.CharField(required=False, allow_blank=True)


class TransferOutputSerializer(serializers.ModelSerializer):
    client = serializers.UUIDField(source="client.uuid", read_only=True)
    from_municipality = MunicipalityReferenceSerializer(read_only=True)
    to_municipality = MunicipalityReferenceSerializer(read_only=True)
    from_partner = PartnerReferenceSerializer(read_only=True)
    to_partner = PartnerReferenceSerializer(read_only=True)

    class Meta:
        model = Transfer
        fields = [
            "uuid",
            "client",
            "from_municipality",
            "to_municipality",
            "from_partner",
            "to_partner",
            "transferred_on",
            "reason",
        ]
        read_only_fields = fields


class MergeInputSerializer(serializers.Serializer):
    duplicate = serializers.UUIDField(
        help_text=_("Uuid of the record merged into this one; it is kept, marked merged.")
    )
    reason = serializers.CharField(required=False, allow_blank=True)


# --- journal ---------------------------------------------------------------------------------


class JournalEntryOutputSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    author_organisation = serializers.CharField(
        source="author_organisation.name", read_only=True, default=None
    )
    corrects = serializers.UUIDField(source="corrects.uuid", read_only=True, default=None)
    corrected_by = serializers.SerializerMethodField()

    class Meta:
        model = JournalEntry
        fields = [
            "uuid",
            "occurred_on",
            "text",
            "author",
            "author_organisation",
            "corrects",
            "corrected_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_author(self, entry) -> str:
        return entry.author.get_full_name() or entry.author.username

    def get_corrected_by(self, entry) -> str | None:
        correction = getattr(entry, "corrected_by", None)
        return str(correction.uuid) if correction is not None else None


class JournalEntryInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=True)
    occurred_on = serializers.DateField(required=False, help_text=_("Default today."))


class JournalCorrectionInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, help_text=_("The corrected text."))
    occurred_on = serializers.DateField(
        required=False, help_text=_("Default: the date of the entry corrected.")
    )


# --- consent ---------------------------------------------------------------------------------


class ConsentOutputSerializer(serializers.ModelSerializer):
    recipient = PartnerReferenceSerializer(read_only=True, allow_null=True)
    in_force = serializers.BooleanField(source="is_in_force", read_only=True)
    withdrawn_on = serializers.DateField(
        read_only=True, allow_null=True, help_text=_("Out of force from this day on.")
    )

    class Meta:
        model = Consent
        fields = [
            "uuid",
            "purpose",
            "recipient",
            "legal_basis",
            "given_on",
            "withdrawn_on",
            "document_reference",
            "in_force",
        ]
        read_only_fields = fields


class ConsentInputSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    recipient = UuidRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Uuid of the chain partner (sharing only)."),
    )
    legal_basis = serializers.ChoiceField(choices=LegalBasis.choices)
    given_on = serializers.DateField(required=False, help_text=_("Default today."))
    document_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)


class ConsentWithdrawInputSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField(
        required=False, help_text=_("First day out of force; default today (at once).")
    )


# --- intake ----------------------------------------------------------------------------------


class IntakeAnswerOutputSerializer(serializers.Serializer):
    criterion = serializers.CharField(source="criterion.code", read_only=True)
    question = serializers.CharField(source="criterion.label", read_only=True)
    answer = serializers.ChoiceField(choices=Answer.choices, read_only=True)
    note = serializers.CharField(read_only=True)


class IntakeExclusionOutputSerializer(serializers.Serializer):
    ground = serializers.CharField(source="ground.code", read_only=True)
    label = serializers.CharField(source="ground.label", read_only=True)
    note = serializers.CharField(read_only=True)


class IntakeOutputSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.cbs_code", read_only=True)
    answers = IntakeAnswerOutputSerializer(many=True, read_only=True)
    exclusions = IntakeExclusionOutputSerializer(many=True, read_only=True)
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = Intake
        fields = [
            "uuid",
            "intake_on",
            "municipality",
            "answers",
            "exclusions",
            "decision",
            "decision_reason",
            "decided_on",
            "decided_by",
        ]
        read_only_fields = fields

    def get_decided_by(self, intake) -> str | None:
        user = intake.decided_by
        return (user.get_full_name() or user.username) if user is not None else None


class _CodeInMunicipalityField(serializers.CharField):
    """A criterion or ground by code, looked up among those of the client's municipality."""

    model = None

    def to_internal_value(self, data):
        code = super().to_internal_value(data)
        municipality = self.context["municipality"]
        # The municipality's own criterion wins over a national one with the same code.
        found = (
            self.model.objects.filter(
                Q(municipality=municipality) | Q(municipality__isnull=True),
                code=code,
                is_active=True,
            )
            .order_by(F("municipality").asc(nulls_last=True))
            .first()
        )
        if found is None:
            raise serializers.ValidationError(
                _("'%(code)s' is not in use in this municipality.") % {"code": code}
            )
        return found


class CriterionField(_CodeInMunicipalityField):
    model = AdmissionCriterion


class GroundField(_CodeInMunicipalityField):
    model = ExclusionGround


class IntakeAnswerInputSerializer(serializers.Serializer):
    criterion = CriterionField(help_text=_("Code of the admission criterion."))
    answer = serializers.ChoiceField(choices=Answer.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class IntakeExclusionInputSerializer(serializers.Serializer):
    ground = GroundField(help_text=_("Code of the exclusion ground."))
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class IntakeInputSerializer(serializers.Serializer):
    intake_on = serializers.DateField(required=False, help_text=_("Default today."))
    submission_key = serializers.UUIDField(required=False, help_text=SUBMISSION_KEY_HELP)
    answers = IntakeAnswerInputSerializer(
        many=True,
        help_text=_("One answer for every active criterion of the client's municipality."),
    )
    exclusions = IntakeExclusionInputSerializer(many=True, required=False, default=list)
    decision = serializers.ChoiceField(
        choices=IntakeDecision.choices,
        required=False,
        help_text=_("Decide at once (optional): admitted, refused or referred."),
    )
    decision_reason = serializers.CharField(required=False, allow_blank=True, default="")
    decided_on = serializers.DateField(required=False)


class IntakeDecideInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=IntakeDecision.choices, help_text=_("admitted, refused or referred.")
    )
    decision_reason = serializers.CharField(allow_blank=True)
    decided_on = serializers.DateField(required=False, help_text=_("Default today."))


# --- access log and work list ------------------------------------------------------------------


class AccessLogEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_username", read_only=True)
    organisation = serializers.CharField(source="organisation_name", read_only=True)

    class Meta:
        model = AuditEvent
        fields = [
            "sequence",
            "occurred_at",
            "actor",
            "organisation",
            "role",
            "action",
            "object_type",
            "outcome",
            "changed_fields",
        ]
        read_only_fields = fields
