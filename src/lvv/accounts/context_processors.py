from .selectors import user_requires_second_factor


def actor(request):
    """Templates see `actor` (membership, role, organisation) and whether to show the menu."""
    current = getattr(request, "actor", None)
    user = getattr(request, "user", None)
    show_menu = bool(
        user is not None
        and user.is_authenticated
        and (user.is_verified() or not user_requires_second_factor(user))
    )
    return {"actor": current, "show_menu": show_menu}
