"""Which programme API actions write, and who may: declared per view, checked here.

`HasCapability` already let only roles with VIEW_PROGRAMME in. Views list their writing
actions in `manager_actions` (agreements, decisions, funding, plan: programme managers) and
`municipal_actions` (contracts, spending: a municipality's coordinators); the services check
the municipality of the row itself.
"""

from rest_framework.permissions import BasePermission

from ..selectors import actor_may_manage_programme, actor_may_write_municipal


class ProgrammeWritePermission(BasePermission):
    message = "Your role does not allow this action."

    def has_permission(self, request, view) -> bool:
        actor = getattr(request, "actor", None)
        action = getattr(view, "action", None)
        if actor is None or action is None:
            return True  # no such action: DRF answers 405 (or HasMembership has refused)
        if action in getattr(view, "manager_actions", ()):
            return actor_may_manage_programme(actor)
        if action in getattr(view, "municipal_actions", ()):
            return actor_may_write_municipal(actor)
        return True
