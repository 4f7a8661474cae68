"""Template filters shared by every app's pages."""

from django import template

register = template.Library()


@register.filter
def person(user, empty: str = "—") -> str:
    """A user's full name, else their username; `empty` (a dash) when there is no user, as for
    steps done by the command line or an import."""
    if user is None:
        return empty
    return user.get_full_name() or user.get_username()
