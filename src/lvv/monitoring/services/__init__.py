"""Writes of the monitor: the quarterly sign-off (figures themselves are never written)."""

from .signoff import quarter_reopen, quarter_sign_off

__all__ = ["quarter_reopen", "quarter_sign_off"]
