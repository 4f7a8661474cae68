"""Identifiers of the immigration chain and of the Dutch population register."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_V_NUMBER = re.compile(r"^\d{10}$")
_BSN = re.compile(r"^\d{9}$")


def normalise_v_number(value: str) -> str:
    """Digits only: people write V-nummers with spaces, dots or dashes (12.345.678.90)."""
    return re.sub(r"[\s.\-]", "", value or "")


def validate_v_number(value: str) -> None:
    """A V-nummer is ten digits. No check-digit rule is published, so only the form is checked."""
    if value and not _V_NUMBER.match(value):
        raise ValidationError(
            _("A V-number has 10 digits, e.g. 1234567890."), code="invalid_v_number"
        )


def bsn_is_valid(value: str) -> bool:
    """The 11-proef: weights 9..2 on the first eight digits and -1 on the last; sum % 11 == 0."""
    if not _BSN.match(value or ""):
        return False
    digits = [int(d) for d in value]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0 and value != "000000000"


def validate_bsn(value: str) -> None:
    if value and not bsn_is_valid(value):
        raise ValidationError(
            _("This is not a valid BSN: it must have 9 digits and pass the 11-test."),
            code="invalid_bsn",
        )
