from .selectors import user_requires_second_factor


def actor(request):
    """Templates see `actor` (membership, role, organisation) and whether to show the menu."""
    current = getattr(request, "actor", None)
    user = getattr(request, "user", None)
    # Within the request that logs someone in, `request.user` is the bare user, not yet
    # wrapped by OTPMiddleware: it has no `is_verified` and counts as not verified.
    is_verified = getattr(user, "is_verified", None)
    show_menu = bool(
        user is not None
        and user.is_authenticated
        and ((is_verified is not None and is_verified()) or not user_requires_second_factor(user))
    )
    return {"actor": current, "show_menu": show_menu}
