from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

cbs_code_validator = RegexValidator(
    regex=r"^GM\d{4}$",
    message=_("A CBS municipality code is 'GM' followed by four digits, e.g. GM0363."),
    code="invalid_cbs_code",
)

postcode_validator = RegexValidator(
    regex=r"^[1-9]\d{3} ?[A-Z]{2}$",
    message=_("A Dutch postcode is four digits and two capital letters, e.g. 1011 AB."),
    code="invalid_postcode",
)
