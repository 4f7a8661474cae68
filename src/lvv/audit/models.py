"""The audit trail: append-only events, each carrying the hash of the one before.

An event says who (actor, organisation, role) did what (action) to which object (type and
uuid), with what outcome, through which request and channel, when (UTC), and which fields
changed: names only, never values, so the trail itself holds no personal data of clients.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvv.accounts.roles import Role


class AuditAction(models.TextChoices):
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    READ = "read", _("Read")
    LIST = "list", _("List")
    EXPORT = "export", _("Export")
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logout")
    LOCKED_OUT = "locked_out", _("Locked out")
    SECOND_FACTOR = "second_factor", _("Second factor")
    TOKEN_ISSUED = "token_issued", _("API token issued")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")
    DENIED = "denied", _("Denied")


class AuditEvent(models.Model):
    """One link of the chain. Never updated, never deleted (enforced by database triggers)."""

    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    occurred_at = models.DateTimeField(_("time (UTC)"), db_index=True, editable=False)
    actor_id = models.UUIDField(_("actor"), null=True, blank=True, editable=False)
    actor_username = models.CharField(_("actor username"), max_length=150, blank=True)
    organisation_id = models.UUIDField(_("organisation"), null=True, blank=True)
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=30, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    subject_id = models.UUIDField(
        _("data subject"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The client the data is about, whatever object the event names."),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=AuditOutcome.choices)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    origin = models.CharField(_("origin"), max_length=80, blank=True)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    previous_hash = models.CharField(_("hash of the previous event"), max_length=64)
    # Not unique and not indexed: the hash covers `sequence`, which is unique, and nothing looks
    # an event up by its hash (verification walks the sequence). Every index here is upkeep on
    # each audited read and write; a random 64-character key was the costliest (#7).
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["sequence"]
        # Each index with the query that needs it (plain indexes: exact matches only, so no
        # PostgreSQL `_like` twins as `db_index=True` on a CharField would add):
        # - actor, time: an actor's events (the trail filtered by who acted);
        # - object id: an object's events (the trail filtered by object, "who touched this");
        # - object type: the trail filtered by kind of object;
        # `subject_id` (a client's access log) and `occurred_at` (periods) index themselves.
        indexes = [
            models.Index(fields=["actor_id", "occurred_at"]),
            models.Index(fields=["object_id"], name="audit_event_object_id_idx"),
            models.Index(fields=["object_type"], name="audit_event_object_type_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type} {self.object_id}"

    @property
    def role_label(self) -> str:
        """The role's name for people; the stored code if the role no longer exists."""
        try:
            return str(Role(self.role).label)
        except ValueError:
            return self.role


class AuditChainHead(models.Model):
    """A single row holding the chain's last link; locking it serialises appends."""

    singleton = models.BooleanField(primary_key=True, default=True)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head at #{self.sequence}"
