"""Import of the reference files states.csv and ccm_participation.csv.

All or nothing: both files are parsed and validated in full first; any bad row
rejects the import with every error listed by file, line and column, and the
database is not touched. A valid import runs in one transaction and is
idempotent: loading the same files twice leaves the same rows.
"""

from __future__ import annotations

import csv
import gettext
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pycountry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import InstrumentKind
from .models import (
    Group,
    Grouping,
    GroupMembership,
    Instrument,
    Signature,
    State,
    StateName,
    Withdrawal,
)
from .status import ENTRY_INTO_FORCE, OPENED_FOR_SIGNATURE

REGIONS = {  # column value → (group code, position)
    "Africa": ("africa", 1),
    "Americas": ("americas", 2),
    "Asia": ("asia", 3),
    "Europe": ("europe", 4),
    "Middle East": ("middle-east", 5),
    "Pacific": ("pacific", 6),
}
STATES_COLUMNS = ["iso3", "name", "region", "arab_league"]
PARTICIPATION_COLUMNS = [
    "state",
    "iso3",
    "signature_date",
    "consent_type",
    "consent_date",
    "withdrawal_notified",
    "withdrawal_effective",
    "notes",
    "source",
]
CONSENT_AFTER_SIGNATURE = {
    InstrumentKind.RATIFICATION,
    InstrumentKind.ACCEPTANCE,
    InstrumentKind.APPROVAL,
}
OTHER_LANGUAGES = ["ar", "es", "fr", "ru", "zh"]
STATES_SOURCE = "data/states.csv (UN M49 names; CCM regions per ISU practice; see data/README.md)"


@dataclass(frozen=True)
class RowError:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" + (f" [{self.column}]" if self.column else "")
        return f"{where}: {self.message}"


class ReferenceDataInvalid(Exception):
    """The files were rejected; `errors` lists every problem found."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class StateRow:
    iso3: str
    name: str
    region: str
    arab_league: bool


@dataclass
class ParticipationRow:
    iso3: str
    signed_on: date | None
    kind: str
    deposited_on: date | None
    withdrawal_notified: date | None
    withdrawal_effective: date | None
    notes: str
    source: str


@dataclass
class Parsed:
    states: list[StateRow] = field(default_factory=list)
    participation: list[ParticipationRow] = field(default_factory=list)


class _Reader:
    """Collects errors for one file while reading its rows."""

    def __init__(self, path: Path, columns: list[str], errors: list[RowError], today: date):
        self.name = path.name
        self.columns = columns
        self.errors = errors
        self.path = path
        self.today = today

    def error(self, line: int, column: str, message: str) -> None:
        self.errors.append(RowError(self.name, line, column, message))

    def rows(self) -> Iterable[tuple[int, dict[str, str]]]:
        try:
            with self.path.open(newline="", encoding="utf-8") as fh:
                reader = csv.DictReader(fh)
                missing = [c for c in self.columns if c not in (reader.fieldnames or [])]
                if missing:
                    self.error(
                        1, "", _("missing column(s): %(cols)s") % {"cols": ", ".join(missing)}
                    )
                    return
                for row in reader:
                    if None in row:
                        self.error(reader.line_num, "", _("more cells than columns in the header"))
                        continue
                    yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
        except FileNotFoundError:
            self.error(0, "", _("file not found"))
        except UnicodeDecodeError as exc:
            self.error(0, "", _("not UTF-8 text: %(err)s") % {"err": exc})
        except csv.Error as exc:
            self.error(0, "", _("not a CSV file: %(err)s") % {"err": exc})

    def date(self, line: int, row: dict[str, str], column: str) -> date | None:
        value = row[column]
        if not value:
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.error(
                line,
                column,
                _("“%(value)s” is not a date in the form YYYY-MM-DD") % {"value": value},
            )
            return None
        if parsed > self.today:
            self.error(line, column, _("%(value)s is in the future") % {"value": value})
            return None
        return parsed


def parse(states_path: Path, participation_path: Path, *, today: date | None = None) -> Parsed:
    """Read and validate both files; raise ReferenceDataInvalid listing every error.

    `today` (default: the current date in the project's time zone) bounds every date:
    an act dated in the future is a typo.
    """
    today = today or timezone.localdate()
    errors: list[RowError] = []
    parsed = Parsed()
    known_iso3 = {c.alpha_3 for c in pycountry.countries}

    reader = _Reader(states_path, STATES_COLUMNS, errors, today)
    seen: dict[str, int] = {}
    for line, row in reader.rows():
        iso3 = row["iso3"]
        if iso3 not in known_iso3:
            reader.error(
                line, "iso3", _("“%(iso3)s” is not an ISO 3166-1 alpha-3 code") % {"iso3": iso3}
            )
        elif iso3 in seen:
            reader.error(
                line,
                "iso3",
                _("duplicate State %(iso3)s (first on line %(first)s)")
                % {"iso3": iso3, "first": seen[iso3]},
            )
        seen.setdefault(iso3, line)
        if not row["name"]:
            reader.error(line, "name", _("the name is empty"))
        if row["region"] not in REGIONS:
            reader.error(
                line,
                "region",
                _("“%(value)s” is not one of %(allowed)s")
                % {"value": row["region"], "allowed": ", ".join(REGIONS)},
            )
        if row["arab_league"] not in ("yes", "no"):
            reader.error(
                line,
                "arab_league",
                _("“%(value)s” is not yes or no") % {"value": row["arab_league"]},
            )
        parsed.states.append(
            StateRow(iso3, row["name"], row["region"], row["arab_league"] == "yes")
        )

    reader = _Reader(participation_path, PARTICIPATION_COLUMNS, errors, today)
    seen_p: dict[str, int] = {}
    kinds = set(InstrumentKind.values)
    for line, row in reader.rows():
        iso3 = row["iso3"]
        if iso3 not in seen:
            reader.error(
                line, "iso3", _("unknown State “%(iso3)s” (not in states.csv)") % {"iso3": iso3}
            )
        elif iso3 in seen_p:
            reader.error(
                line,
                "iso3",
                _("duplicate State %(iso3)s (first on line %(first)s)")
                % {"iso3": iso3, "first": seen_p[iso3]},
            )
        seen_p.setdefault(iso3, line)
        signed = reader.date(line, row, "signature_date")
        deposited = reader.date(line, row, "consent_date")
        notified = reader.date(line, row, "withdrawal_notified")
        effective = reader.date(line, row, "withdrawal_effective")
        kind = row["consent_type"]
        if kind and kind not in kinds:
            reader.error(
                line,
                "consent_type",
                _("“%(value)s” is not one of %(allowed)s")
                % {"value": kind, "allowed": ", ".join(sorted(kinds))},
            )
        if kind and not row["consent_date"]:
            reader.error(
                line,
                "consent_date",
                _("an instrument of %(kind)s needs its deposit date") % {"kind": kind},
            )
        if row["consent_date"] and not kind:
            reader.error(line, "consent_type", _("a deposit date needs the instrument's kind"))
        if signed and not OPENED_FOR_SIGNATURE <= signed <= ENTRY_INTO_FORCE:
            reader.error(
                line,
                "signature_date",
                _(
                    "signature is possible only from 3 December 2008 until entry into force on 1 August 2010 (Art. 15)"
                ),
            )
        if kind in CONSENT_AFTER_SIGNATURE and not row["signature_date"]:
            reader.error(
                line,
                "consent_type",
                _(
                    "%(kind)s without a signature: a State that did not sign joins by accession (Art. 16)"
                )
                % {"kind": kind},
            )
        if kind == InstrumentKind.ACCESSION and signed:
            reader.error(
                line,
                "consent_type",
                _(
                    "accession by a signatory: a signatory joins by ratification, acceptance or approval (Art. 16)"
                ),
            )
        if signed and deposited and deposited < signed:
            reader.error(
                line,
                "consent_date",
                _("the instrument (%(deposit)s) is dated before the signature (%(signed)s)")
                % {"deposit": deposited, "signed": signed},
            )
        if (row["withdrawal_notified"] or row["withdrawal_effective"]) and not row["consent_date"]:
            reader.error(
                line,
                "withdrawal_effective" if row["withdrawal_effective"] else "withdrawal_notified",
                _("withdrawal without an instrument: only a State Party can withdraw (Art. 20)"),
            )
        if notified and effective and effective < notified:
            reader.error(
                line,
                "withdrawal_effective",
                _(
                    "the withdrawal takes effect (%(effective)s) before it was notified (%(notified)s)"
                )
                % {"effective": effective, "notified": notified},
            )
        if (
            deposited
            and (notified or effective)
            and min(d for d in (notified, effective) if d) <= deposited
        ):
            reader.error(
                line,
                "withdrawal_notified" if notified else "withdrawal_effective",
                _("the withdrawal is dated on or before the instrument's deposit (%(deposit)s)")
                % {"deposit": deposited},
            )
        parsed.participation.append(
            ParticipationRow(
                iso3, signed, kind, deposited, notified, effective, row["notes"], row["source"]
            )
        )

    if errors:
        raise ReferenceDataInvalid(errors)
    return parsed


def _iso_names(language: str) -> dict[str, str]:
    """ISO 3166 names in `language` from pycountry's catalogues (not always the UN names)."""
    try:
        t = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return {}
    return {
        c.alpha_3: t.gettext(getattr(c, "common_name", None) or c.name) for c in pycountry.countries
    }


@dataclass
class ImportResult:
    states: int
    signatures: int
    instruments: int
    withdrawals: int


def sync(model, keys: tuple[str, ...], rows: list[dict], scope: dict | None = None) -> None:
    """Make the rows of `model` within `scope` exactly `rows`, matched on `keys`.

    Rows that already hold the same values are not written, so re-loading the
    same files writes nothing; changed rows are updated, missing ones created,
    and rows no longer in the files deleted.
    """
    existing = {
        tuple(getattr(o, k) for k in keys): o for o in model.objects.filter(**(scope or {}))
    }
    for values in rows:
        key = tuple(values[k] for k in keys)
        obj = existing.pop(key, None)
        if obj is None:
            model.objects.create(**values)
        elif any(getattr(obj, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(obj, f, v)
            obj.save()
    for obj in existing.values():
        obj.delete()


@transaction.atomic
def apply(parsed: Parsed) -> ImportResult:
    """Write validated rows in one transaction; rows no longer in the files are removed."""
    sync(
        State,
        ("iso3",),
        [{"iso3": r.iso3, "name": r.name, "source_url": STATES_SOURCE} for r in parsed.states],
    )
    states = {s.iso3: s for s in State.objects.all()}

    names = {lang: _iso_names(lang) for lang in OTHER_LANGUAGES}
    sync(
        StateName,
        ("state", "language"),
        [
            {
                "state": s,
                "language": lang,
                "name": names[lang][iso3],
                "source": "pycountry iso3166-1",
            }
            for lang in OTHER_LANGUAGES
            for iso3, s in states.items()
            if iso3 in names[lang]
        ],
    )

    sync(
        Grouping,
        ("code",),
        [
            {
                "code": "ccm-region",
                "name": "CCM regions",
                "source_url": STATES_SOURCE,
                "notes": "The six regions in which the ISU and the Cluster Munition Coalition count States.",
            },
            {"code": "arab-league", "name": "League of Arab States", "source_url": STATES_SOURCE},
        ],
        scope={"code__in": ["ccm-region", "arab-league"]},
    )
    regions = Grouping.objects.get(code="ccm-region")
    league = Grouping.objects.get(code="arab-league")
    sync(
        Group,
        ("grouping", "code"),
        [
            {"grouping": regions, "code": code, "name": label, "position": pos}
            for label, (code, pos) in REGIONS.items()
        ],
        scope={"grouping": regions},
    )
    sync(
        Group,
        ("grouping", "code"),
        [{"grouping": league, "code": "members", "name": "League of Arab States", "position": 1}],
        scope={"grouping": league},
    )
    groups = {g.name: g for g in regions.groups.all()}
    arab = league.groups.get(code="members")
    sync(
        GroupMembership,
        ("group", "state", "valid_from", "valid_to"),
        [
            {
                "group": groups[r.region],
                "state": states[r.iso3],
                "valid_from": None,
                "valid_to": None,
                "source_url": STATES_SOURCE,
            }
            for r in parsed.states
        ]
        + [
            {
                "group": arab,
                "state": states[r.iso3],
                "valid_from": None,
                "valid_to": None,
                "source_url": STATES_SOURCE,
            }
            for r in parsed.states
            if r.arab_league
        ],
        scope={"group__grouping__in": [regions, league]},
    )

    rows = {r.iso3: r for r in parsed.participation}

    def acts(kind):
        for iso3, r in rows.items():
            common = {"state": states[iso3], "source_url": r.source, "notes": r.notes}
            if kind is Signature and r.signed_on:
                yield {**common, "signed_on": r.signed_on}
            elif kind is Instrument and r.deposited_on:
                yield {**common, "kind": r.kind, "deposited_on": r.deposited_on}
            elif kind is Withdrawal and (r.withdrawal_notified or r.withdrawal_effective):
                yield {
                    **common,
                    "notified_on": r.withdrawal_notified,
                    "effective_on": r.withdrawal_effective,
                }

    result = ImportResult(len(states), 0, 0, 0)
    for model, attr in (
        (Signature, "signatures"),
        (Instrument, "instruments"),
        (Withdrawal, "withdrawals"),
    ):
        wanted = list(acts(model))
        sync(model, ("state",), wanted)
        setattr(result, attr, len(wanted))
    return result


def load(data_dir: Path) -> ImportResult:
    """Validate then apply the reference files in `data_dir`."""
    parsed = parse(data_dir / "states.csv", data_dir / "ccm_participation.csv")
    return apply(parsed)
