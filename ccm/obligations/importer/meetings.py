"""meetings/meetings.csv: the meetings of States Parties and review conferences, which
declarations of completion and decisions on extension requests name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _

from ccm.core.csvimport import Reader
from ccm.meetings.models import Meeting, MeetingKind
from ccm.states.status import StateActs

from .common import COLUMN_OF, Parsed, integer

MEETINGS = Path("meetings") / "meetings.csv"
MEETING_COLUMNS = [
    "code",
    "kind",
    "number",
    "city",
    "country_iso3",
    "start_date",
    "start_date_precision",
    "end_date",
    "end_date_precision",
    "president_iso3",
    "president_person",
    "verified",
    "notes",
    "sources",
]


def parse_meetings(
    reader: Reader, acts: dict[str, StateActs], parsed: Parsed
) -> dict[str, date | None]:
    """meetings.csv: returns each meeting's code with its last (else first) day."""
    codes: dict[str, int] = {}  # code → first line
    meeting_dates: dict[str, date | None] = {}
    for line, row in reader.rows():
        code = row["code"]
        if not code:
            reader.error(line, "code", _("the code is empty"))
        elif code in codes:
            reader.error(
                line,
                "code",
                _("duplicate meeting %(code)s (first on line %(first)s)")
                % {"code": code, "first": codes[code]},
            )
        codes.setdefault(code, line)
        start = reader.date(line, row, "start_date")
        end = reader.date(line, row, "end_date")
        if start and end and end < start:
            reader.error(line, "end_date", _("the meeting ends before it starts"))
        for column in ("country_iso3", "president_iso3"):
            if row[column] and row[column] not in acts:
                reader.error(line, column, _("unknown State “%(iso3)s”") % {"iso3": row[column]})
        meeting_dates[code] = end or start
        values = {
            "code": code,
            "kind": reader.choice(line, row, "kind", MeetingKind.values),
            "number": integer(reader, line, row, "number"),
            "city": row["city"],
            "country_iso3": row["country_iso3"],
            "start_date": start,
            "start_precision": reader.precision(line, row, "start_date_precision"),
            "end_date": end,
            "end_precision": reader.precision(line, row, "end_date_precision"),
            "president_iso3": row["president_iso3"],
            "president_person": row["president_person"],
            "verified": reader.yes_no(line, row, "verified"),
            "notes": row["notes"],
            "source_url": row["sources"],
        }
        parsed.meetings.append(values)
        reader.check_fields(line, Meeting, values, COLUMN_OF)
    return meeting_dates
