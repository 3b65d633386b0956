"""Refusals as services raise them: the rules and checks return (field, message) pairs, and a
service refuses the whole change with one ValidationError holding a message per field."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def refuse(errors: Iterable[tuple[str, str]]) -> None:
    """Raise a ValidationError with the messages grouped by field (an empty field name is a
    message about the whole record); do nothing when there is no error."""
    collected: dict[str, list[str]] = {}
    for field_name, message in errors:
        collected.setdefault(field_name or NON_FIELD_ERRORS, []).append(message)
    if collected:
        raise ValidationError(collected)
