"""Stored state of the monitor: only what people decide (quarter sign-offs). Figures are computed
from the client register every time, never stored."""
