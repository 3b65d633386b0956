from datetime import date
from decimal import Decimal

def date_format(value: date, format: str | None = None, use_l10n: bool | None = None) -> str: ...
def number_format(
    value: int | float | Decimal | str,
    decimal_pos: int | None = None,
    use_l10n: bool | None = None,
    force_grouping: bool = False,
) -> str: ...
