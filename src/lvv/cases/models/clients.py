"""The client and the file kept about them: identity, household, vulnerabilities, journal."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from lvv.core.models import PublicModel

from ..validators import validate_bsn, validate_v_number
from .workflow import ClientStatus


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other or unknown")


class DatePrecision(models.TextChoices):
    """How much of a date of birth is known; unknown parts are stored as 1."""

    DAY = "day", _("Exact date")
    MONTH = "month", _("Month and year")
    YEAR = "year", _("Year only")
    UNKNOWN = "unknown", _("Unknown")


class Vulnerability(models.TextChoices):
    MEDICAL = "medical", _("Medical")
    PSYCHOLOGICAL = "psychological", _("Psychological")
    MINOR_CHILDREN = "minor_children", _("Minor children")
    PREGNANCY = "pregnancy", _("Pregnancy")
    TRAFFICKING = "trafficking", _("Victim of human trafficking")
    LGBTIQ = "lgbtiq", _("LGBTIQ+")
    ELDERLY = "elderly", _("Elderly")
    DISABILITY = "disability", _("Disability")


# A client's own details, as a file keeper enters them (municipality and partner change by
# transfer, status by a transition). The update service accepts these; the data-subject access
# export lists them.
CLIENT_DETAIL_FIELDS = (
    "family_name",
    "given_names",
    "date_of_birth",
    "date_of_birth_precision",
    "sex",
    "nationality",
    "languages",
    "v_number",
    "bsn",
    "phone",
    "email",
    "vulnerabilities",
)


class ClientQuerySet(models.QuerySet):
    def visible_to(self, actor) -> ClientQuerySet:
        """The one gate: which clients an actor may see. Defined in cases.access."""
        from ..access import clients_scope

        return clients_scope(self, actor)

    def active(self) -> ClientQuerySet:
        return self.filter(merged_into__isnull=True)


class Client(PublicModel):
    """A foreign national in the LVV of a municipality, guided by a partner organisation."""

    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="clients",
        help_text=_("The municipality whose LVV is responsible for the client."),
    )
    partner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        related_name="clients",
        help_text=_("The partner organisation that keeps the file and guides the client."),
    )
    family_name = models.CharField(_("family name"), max_length=150)
    given_names = models.CharField(_("given names"), max_length=150, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    date_of_birth_precision = models.CharField(
        _("date of birth known"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.OTHER)
    nationality = CountryField(_("nationality"), blank=True)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("ISO 639 codes of the languages the client speaks, e.g. ar, ti, fr."),
    )
    v_number = models.CharField(
        _("V-number"),
        max_length=10,
        blank=True,
        validators=[validate_v_number],
        help_text=_("The number in the immigration chain: 10 digits."),
    )
    bsn = models.CharField(
        _("BSN"),
        max_length=9,
        blank=True,
        validators=[validate_bsn],
        help_text=_("Citizen service number, if the client has one (9 digits)."),
    )
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    vulnerabilities = models.JSONField(_("vulnerabilities"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=ClientStatus.choices, default=ClientStatus.INTAKE
    )
    status_since = models.DateField(_("status since"))
    pseudonym = models.CharField(
        _("national pseudonym"),
        max_length=64,
        editable=False,
        db_index=True,
        help_text=_("Keyed hash of the V-number: counts a person once nationally."),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by every change of the file's details: optimistic locking."),
    )
    anonymised_on = models.DateField(
        _("anonymised on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The day the retention period ended and personal data were removed."),
    )

    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["family_name", "given_names"]
        constraints = [
            models.UniqueConstraint(
                fields=["v_number"],
                condition=~Q(v_number="") & Q(merged_into__isnull=True),
                name="client_v_number_unique",
                violation_error_message=_("Another client already has this V-number."),
            ),
            models.UniqueConstraint(
                fields=["bsn"],
                condition=~Q(bsn="") & Q(merged_into__isnull=True),
                name="client_bsn_unique",
                violation_error_message=_("Another client already has this BSN."),
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["partner", "status"]),
            models.Index(fields=["family_name", "date_of_birth"]),
            # The client list filtered by status and ordered by name, 50 a page
            # (`selectors.clients.clients_listed_by` + `?status=`, API and page): read in
            # index order and stop after the page, instead of sorting every client of that
            # status, and count from the index. EXPLAIN ANALYZE on PostgreSQL, 10,000 clients:
            # caseworker page 15.4 -> 2.0 ms, count 20.7 -> 1.8 ms; superuser page 9.9 -> 1.2 ms.
            models.Index(
                fields=["status", "family_name", "given_names"],
                condition=Q(merged_into__isnull=True),
                name="client_status_name_idx",
            ),
            # The client list's municipality filter for a caseworker: the municipalities of
            # their organisation's clients, from the index alone
            # (`selectors.clients.municipalities_of_visible_clients`). PostgreSQL, 100,000
            # clients, a partner with 24,600 of them: 25.6 -> 10 ms (EXPLAIN ANALYZE).
            models.Index(
                fields=["partner", "municipality"],
                condition=Q(merged_into__isnull=True),
                name="client_partner_muni_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def derive_pseudonym(self) -> None:
        """Set the national pseudonym from the V-number: derived, never entered. Called by
        every save; bulk writers (`bulk_create` skips `save`) call it themselves."""
        from ..pseudonyms import national_pseudonym

        if self.anonymised_on is None:
            # An anonymised file has no V-number left; its pseudonym must keep counting it.
            self.pseudonym = national_pseudonym(self.v_number, self.uuid)

    def save(self, *args, **kwargs):
        self.derive_pseudonym()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "v_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "pseudonym"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        if self.anonymised_on is not None:
            return str(_("Anonymised file"))
        return f"{self.given_names} {self.family_name}".strip()


class HouseholdRelation(models.TextChoices):
    PARTNER = "partner", _("Partner")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Brother or sister")
    OTHER = "other", _("Other family")


class HouseholdLink(PublicModel):
    """`client` is the `relation` of `relative` (e.g. client is the parent of relative)."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="household"
    )
    relative = models.ForeignKey(
        Client, verbose_name=_("relative"), on_delete=models.CASCADE, related_name="+"
    )
    relation = models.CharField(_("relation"), max_length=20, choices=HouseholdRelation.choices)

    class Meta:
        verbose_name = _("household link")
        verbose_name_plural = _("household links")
        constraints = [
            models.UniqueConstraint(fields=["client", "relative"], name="household_link_unique"),
            models.CheckConstraint(
                condition=~Q(client=models.F("relative")), name="household_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} – {self.get_relation_display()} – {self.relative}"


class JournalEntry(PublicModel):
    """A dated, authored note in the file. Never changed or deleted; corrected by a new entry."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="journal"
    )
    occurred_on = models.DateField(_("date"))
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        "accounts.User", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    author_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation of the author"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
    )

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-occurred_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.occurred_on}: {self.text[:40]}"
