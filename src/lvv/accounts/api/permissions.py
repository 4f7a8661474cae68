"""Which API actions a role may take: declared once per view, checked here."""

from rest_framework.permissions import BasePermission


class HasMembership(BasePermission):
    """Authenticated and acting in an active membership (or a superuser)."""

    message = "You need an active role in an organisation to use the API."

    def has_permission(self, request, view) -> bool:
        actor = getattr(request, "actor", None)
        if actor is None or actor.user is None:
            return False
        return actor.is_superuser or actor.membership is not None


class HasCapability(BasePermission):
    """The view declares `capabilities = {action: Capability | set of them | None}`.

    Unlisted actions are refused; a set means any one of those capabilities will do.

    `None` means "any member may". Superusers pass (they administer the system).
    """

    message = "Your role does not allow this action."

    def has_permission(self, request, view) -> bool:
        actor = getattr(request, "actor", None)
        if actor is None or actor.user is None:
            return False
        method = request.method.lower()
        if not hasattr(view, method):
            # No handler for this method at all: let DRF answer 405 rather than a misleading 403.
            return True
        action = getattr(view, "action", None) or method
        declared = getattr(view, "capabilities", {})
        if action not in declared:
            return False
        needed = declared[action]
        if actor.is_superuser:
            return True
        if actor.membership is None:
            return False
        if needed is None:
            return True
        if isinstance(needed, frozenset | set | tuple):
            # Several roles may take the action; the service narrows each to its own scope.
            return any(actor.can(capability) for capability in needed)
        return actor.can(needed)
