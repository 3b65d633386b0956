"""What a stored fact may say about where it was read (its sources) and when it happened
(its date). One place for both.

The validators are attached to the model fields (ccm.core.models.Sourced and the dated
fields of the domain apps), so model forms — the editing pages, the API's forms, the
admin — refuse bad values with a message on the field; services that write with
`objects.create` run the same validators through `field_errors`. The rules themselves are
pure functions of the value (and of the date, passed in: `source_errors`,
`fact_date_errors`); only the validators ask what today is, at the moment of validation.

**Sources.** A fact's `source_url` holds one or more sources separated by ' | '. Each is
either a web address (http:// or https://, which pages show as a link), a DOI
(``doi:10.…``), or a citation without a scheme: a document symbol (CCM/MSP/2025/4), a note
verbale, “declared by the State on DATE”, a page of this site (/reports/12/). Anything else
that begins with a scheme — ``javascript:``, ``data:``, ``vbscript:``, ``file:``… — is
refused, and pages link only what `link_target` accepts, so a value stored before this
check (or written around it) is printed as text, never followed.

**Dates.** Facts that happened — a signature, a deposit, a notification, a submission, a
quantity recorded, a completion — cannot lie after today. Dates that may lie ahead — a
withdrawal's effective date, a meeting, a requested or granted deadline — may lie at most
`MAX_YEARS_AHEAD` years ahead. No fact of the Convention predates its adoption on 30 May
2008, except meetings of the Oslo process that led to it (from February 2007) and
memberships of regional groups, which are older than the Convention.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SEPARATOR = " | "
WEB_SCHEMES = ("http", "https")
CITATION_SCHEMES = ("doi",)
# WHATWG URL standard: a browser removes tabs and newlines anywhere in an address and
# leading/trailing C0 controls and spaces before it reads the scheme ("java\tscript:").
_REMOVED = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_SITE_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]*")
_web_address = URLValidator(schemes=list(WEB_SCHEMES))

# The Convention was adopted in Dublin on 30 May 2008; the Oslo process that led to it
# began at the Oslo Conference of 22–23 February 2007.
ADOPTED = date(2008, 5, 30)
OSLO_CONFERENCE = date(2007, 2, 22)
EARLIEST = {
    "adoption": (ADOPTED, gettext_lazy("the adoption of the Convention")),
    "oslo": (OSLO_CONFERENCE, gettext_lazy("the Oslo Conference that began the Oslo process")),
}
# The furthest a true date of this record can lie ahead is a deadline: an Article 4
# deadline is up to 10 years after entry into force (Art. 4(1)) and each extension adds up
# to 5 years (Art. 4(5)); 20 years covers a State joining today and two extensions
# requested early, and still catches a mistyped year (2205, 9999).
MAX_YEARS_AHEAD = 20


# ---------------------------------------------------------------- sources


def source_entries(value: str | None) -> list[str]:
    """The sources of a `source_url` value, in order."""
    return [e.strip() for e in (value or "").split(SEPARATOR) if e.strip()]


def _scheme(entry: str) -> str | None:
    """The scheme a browser would read from `entry` (lower case), or None."""
    cleaned = _REMOVED.sub("", entry).strip(_C0_AND_SPACE)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def _shown(entry: str) -> str:
    return entry if len(entry) <= 80 else entry[:79] + "…"


def source_errors(value: str | None) -> list[str]:
    """Why a `source_url` value cannot be stored (an empty list: it can)."""
    errors = []
    for entry in source_entries(value):
        scheme = _scheme(entry)
        if scheme is None or scheme in CITATION_SCHEMES:
            continue
        if scheme in WEB_SCHEMES:
            try:
                _web_address(entry)
            except ValidationError:
                errors.append(
                    _("“%(source)s” is not a valid web address.") % {"source": _shown(entry)}
                )
            continue
        errors.append(
            _(
                "“%(source)s” is not accepted as a source: it begins with “%(scheme)s:”. A "
                "source is a web address (http:// or https://), a DOI (doi:…) or a citation "
                "such as a document symbol (CCM/MSP/2025/4) or “declared by the State on "
                "DATE”."
            )
            % {"source": _shown(entry), "scheme": scheme}
        )
    return errors


def validate_sources(value) -> None:
    """The validator of `Sourced.source_url`."""
    errors = source_errors(value)
    if errors:
        raise ValidationError(errors, code="source")


def link_target(entry: str | None) -> str:
    """Where a page may link a source: the entry itself when it is an http(s) address, the
    path when it begins with a page of this site (``/reports/12/ (Article 7 …)``), else ""
    (the page prints the entry as text). Never a ``javascript:`` or other address."""
    entry = (entry or "").strip()
    if not entry or entry != _REMOVED.sub("", entry):
        return ""
    if _scheme(entry) in WEB_SCHEMES:
        try:
            _web_address(entry)
        except ValidationError:
            return ""
        return entry
    first = entry.split()[0]
    return first if _SITE_PATH.fullmatch(first) else ""


# ---------------------------------------------------------------- dates


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def fact_date_errors(
    value: date | None, *, today: date, since: str | None = "adoption", ahead: bool = False
) -> list[str]:
    """Why `value` is no plausible date for a fact (an empty list: it is).

    `since` names the earliest plausible date (a key of EARLIEST, or None for none);
    `ahead` says whether the date may lie in the future (at most MAX_YEARS_AHEAD years)."""
    if value is None:
        return []
    if since is not None:
        earliest, what = EARLIEST[since]
        if value < earliest:
            return [
                _("%(date)s is before %(event)s (%(earliest)s).")
                % {
                    "date": value.isoformat(),
                    "event": what,
                    "earliest": date_format(earliest, "DATE_FORMAT"),
                }
            ]
    if not ahead and value > today:
        return [
            _("%(date)s is in the future: this fact cannot be dated after today (%(today)s).")
            % {"date": value.isoformat(), "today": today.isoformat()}
        ]
    latest = years_after(today, MAX_YEARS_AHEAD)
    if value > latest:
        return [
            _("%(date)s is more than %(years)d years ahead: check the year.")
            % {"date": value.isoformat(), "years": MAX_YEARS_AHEAD}
        ]
    return []


@deconstructible
class FactDate:
    """The validator of a dated fact: `FactDate()` for what has happened (not after today,
    not before the Convention's adoption), `FactDate(ahead=True)` for dates that may lie
    ahead; `since` names another earliest date, or None."""

    def __init__(self, *, since: str | None = "adoption", ahead: bool = False):
        if since is not None and since not in EARLIEST:
            raise ValueError(f"unknown earliest date {since!r}")
        self.since, self.ahead = since, ahead

    def __call__(self, value) -> None:
        if not isinstance(value, date):
            return
        errors = fact_date_errors(
            value, today=timezone.localdate(), since=self.since, ahead=self.ahead
        )
        if errors:
            raise ValidationError(errors, code="implausible_date")

    def __eq__(self, other) -> bool:
        return isinstance(other, FactDate) and (self.since, self.ahead) == (
            other.since,
            other.ahead,
        )

    def __hash__(self) -> int:
        return hash((self.since, self.ahead))


PAST = FactDate()  # what has happened: a signature, a deposit, a submission, a quantity…
AHEAD = FactDate(ahead=True)  # what may lie ahead: a deadline, a withdrawal's effective date
MEETING_DATE = FactDate(since="oslo", ahead=True)  # meetings of the Oslo process included
GROUP_PERIOD = FactDate(since=None, ahead=True)  # groups older than the Convention


# ---------------------------------------------------------------- services


def field_errors(model, values: dict) -> list[tuple[str, str]]:
    """What the validators of `model`'s fields say against `values` (field name → value),
    for services that write without a model form: [(field, message)]."""
    errors = []
    for name, value in values.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not getattr(field, "concrete", False) or value in field.empty_values:
            continue
        try:
            field.run_validators(value)
        except ValidationError as exc:
            errors.extend((name, message) for message in exc.messages)
    return errors
