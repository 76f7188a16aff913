"""Finnish identifiers every context normalises the same way: business IDs and phones."""

from __future__ import annotations

import phonenumbers
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import ytunnus

from domain.shared.errors import ValidationFailed


def normalise_business_id(value: str) -> str:
    """Validate a Finnish business ID (Y-tunnus) by its checksum; return it as 1234567-8."""
    try:
        return str(ytunnus.format(ytunnus.validate(value)))
    except StdnumError as exc:
        raise ValidationFailed.field(
            "business_id",
            "The business ID is not valid: it must be 7 digits, a hyphen and a check digit "
            "(e.g. 0112038-9), and the check digit must match.",
            "business_id",
        ) from exc


def normalise_phone(value: str, field_name: str = "phone") -> str:
    """Parse a phone number (Finnish numbers may be written locally) into E.164."""
    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException as exc:
        raise ValidationFailed.field(
            field_name, "Enter a phone number, e.g. +358 40 123 4567.", "phone"
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationFailed.field(field_name, "The phone number is not valid.", "phone")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
