"""The one gate for pages: a view declares the capability it needs; this mixin enforces it."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied


class CapabilityRequiredMixin(LoginRequiredMixin):
    """Class-based pages declare `required_capability` (None: any member may)."""

    required_capability = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        actor = request.actor
        if not actor.is_superuser:
            if actor.membership is None:
                raise PermissionDenied
            if self.required_capability is not None and not actor.can(self.required_capability):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def actor(self):
        return self.request.actor
