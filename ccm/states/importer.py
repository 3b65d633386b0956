"""Import of the reference files states.csv and ccm_participation.csv.

All or nothing: both files are parsed and validated in full first (the treaty's rules on
the acts, and each value against its model field's own checks: sources, plausible dates,
lengths, as on the editing pages); any bad row
rejects the import with every error listed by file, line and column, and the
database is not touched. A valid import runs in one transaction and is
idempotent: loading the same files again writes nothing.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pycountry
from django.db import transaction
from django.utils.translation import gettext as _

from ccm.core.csvimport import Reader, ReferenceDataInvalid, RowError, sync

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
from .status import StateActs, check_acts

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
PAST_ONLY = {"signature_date", "consent_date", "withdrawal_notified"}
"""Columns that record something that has happened (a withdrawal's effect may lie ahead)."""
ACT_COLUMNS = {  # StateActs field → CSV column
    "signed_on": "signature_date",
    "instrument_kind": "consent_type",
    "deposited_on": "consent_date",
    "withdrawal_notified_on": "withdrawal_notified",
    "withdrawal_effective_on": "withdrawal_effective",
}
FIELD_COLUMNS = {  # field of Signature, Instrument or Withdrawal → CSV column
    "signed_on": "signature_date",
    "kind": "consent_type",
    "deposited_on": "consent_date",
    "notified_on": "withdrawal_notified",
    "effective_on": "withdrawal_effective",
    "source_url": "source",
}
OTHER_LANGUAGES = ["ar", "es", "fr", "ru", "zh"]
PYCOUNTRY = "pycountry iso3166-1"
STATES_FILE = "states.csv"
PARTICIPATION_FILE = "ccm_participation.csv"
STATES_SOURCE = "data/states.csv (UN M49 names; CCM regions per ISU practice; see data/README.md)"


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

    def acts(self) -> dict[str, StateActs]:
        """iso3 → acts for every State in the files (for validating files that refer to them)."""
        rows = {r.iso3: r for r in self.participation}
        out = {}
        for st in self.states:
            r = rows.get(st.iso3)
            out[st.iso3] = StateActs(
                st.iso3,
                *(
                    (
                        r.signed_on,
                        r.kind or None,
                        r.deposited_on,
                        r.withdrawal_notified,
                        r.withdrawal_effective,
                    )
                    if r
                    else ()
                ),
            )
        return out


def parse(
    states_path: Path,
    participation_path: Path,
    *,
    today: date,
    errors: list[RowError] | None = None,
) -> Parsed:
    """Read and validate both files; raise ReferenceDataInvalid listing every error.

    `today` (the caller's date; a domain function never reads the clock) bounds the
    dates of acts that have happened: a signature dated in the future is a typo.
    """
    collect = errors is not None  # the caller gathers errors of several files and raises
    errors = [] if errors is None else errors
    parsed = Parsed()
    known_iso3 = {c.alpha_3 for c in pycountry.countries}

    reader = Reader(states_path, STATES_COLUMNS, errors, today)
    seen: dict[str, int] = {}
    for line, row in reader.rows():
        iso3 = row["iso3"]
        if iso3 not in known_iso3:
            reader.error(
                line, "iso3", _("“%(iso3)s” is not an ISO 3166-1 alpha-3 code") % {"iso3": iso3}
            )
        else:
            reader.once_per_state(seen, iso3, line)
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
        reader.check_fields(line, State, {"iso3": iso3, "name": row["name"]})
        parsed.states.append(
            StateRow(iso3, row["name"], row["region"], row["arab_league"] == "yes")
        )

    reader = Reader(participation_path, PARTICIPATION_COLUMNS, errors, today, PAST_ONLY)
    seen_p: dict[str, int] = {}
    kinds = set(InstrumentKind.values)
    for line, row in reader.rows():
        iso3 = row["iso3"]
        if iso3 not in seen:
            reader.error(
                line, "iso3", _("unknown State “%(iso3)s” (not in states.csv)") % {"iso3": iso3}
            )
        else:
            reader.once_per_state(seen_p, iso3, line)
        errors_before_dates = len(errors)
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
        acts = StateActs(iso3, signed, kind or None, deposited, notified, effective)
        # The rules read the dates: only check them when every date could be read.
        for field_name, message in check_acts(acts) if len(errors) == errors_before_dates else ():
            reader.error(line, ACT_COLUMNS[field_name], message)
        for model, values in (
            (Signature, {"signed_on": signed, "source_url": row["source"], "notes": row["notes"]}),
            (Instrument, {"kind": kind, "deposited_on": deposited}),
            (Withdrawal, {"notified_on": notified, "effective_on": effective}),
        ):
            reader.check_fields(line, model, values, FIELD_COLUMNS)
        parsed.participation.append(
            ParticipationRow(
                iso3, signed, kind, deposited, notified, effective, row["notes"], row["source"]
            )
        )

    if errors and not collect:
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


@transaction.atomic
def apply(parsed: Parsed) -> ImportResult:
    """Write validated rows in one transaction; rows no longer in the files are removed only
    when the run prunes (see ccm.core.csvimport.sync)."""
    sync(
        State,
        ("iso3",),
        [{"iso3": r.iso3, "name": r.name, "source_url": STATES_SOURCE} for r in parsed.states],
        file=STATES_FILE,
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
                "source": PYCOUNTRY,
            }
            for lang in OTHER_LANGUAGES
            for iso3, s in states.items()
            if iso3 in names[lang]
        ],
        scope={"source": PYCOUNTRY},  # names entered by hand are kept
        file=STATES_FILE,
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
        file=STATES_FILE,
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
        file=STATES_FILE,
    )
    sync(
        Group,
        ("grouping", "code"),
        [{"grouping": league, "code": "members", "name": "League of Arab States", "position": 1}],
        scope={"grouping": league},
        file=STATES_FILE,
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
        file=STATES_FILE,
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
        sync(model, ("state",), wanted, file=PARTICIPATION_FILE)
        setattr(result, attr, len(wanted))
    return result
