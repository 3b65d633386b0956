"""The rules reproduce the figures the ISU and the depositary published (data/README.md)."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ccm.states import membership
from ccm.states.models import Instrument

PUBLISHED = [
    # (date, States Parties, signatories) as published
    (date(2016, 8, 15), 100, 19),
    (date(2018, 8, 1), 103, 17),
    (date(2019, 7, 31), 106, 14),
    (date(2022, 8, 1), 110, 13),
    (date(2023, 12, 15), 112, 12),
]


def test_thirty_instruments_by_16_february_2010(reference_data):
    assert Instrument.objects.filter(deposited_on__lte=date(2010, 2, 16)).count() == 30
    assert Instrument.objects.filter(deposited_on__lte=date(2010, 2, 15)).count() < 30


@pytest.mark.parametrize(("on", "parties", "signatories"), PUBLISHED)
def test_published_totals(reference_data, on, parties, signatories):
    totals = membership.summary(on)["totals"]
    assert (totals["states_parties"], totals["signatories"]) == (parties, signatories)
    assert (
        sum(totals[k] for k in ("states_parties", "signatories", "not_party", "withdrawn")) == 197
    )


def test_cli_json_matches_api(reference_data, client):
    out = StringIO()
    call_command("membership", as_of="2016-08-15", format="json", stdout=out)
    cli = json.loads(out.getvalue())
    assert cli["totals"]["states_parties"] == 100 and cli["totals"]["signatories"] == 19
    api = client.get("/api/v1/membership/summary", {"as_of": "2016-08-15"}).json()
    assert cli == api


def test_cli_grouping_csv_and_table(reference_data):
    out = StringIO()
    call_command("membership", as_of="2022-08-01", grouping="ccm-region", format="csv", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[0] == (
        "As of,Group,States Parties,Bound (in force),Signatories,States not party,Withdrawn"
    )
    assert lines[1].startswith("2022-08-01,,110,110,13,")
    assert len(lines) == 2 + 6
    out = StringIO()
    call_command("membership", as_of="2022-08-01", stdout=out)
    assert "110" in out.getvalue() and "All States" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"as_of": "2023-13-45"}, "--as-of"),
        ({"as_of": "2022-08-01", "grouping": "nope"}, "--grouping"),
    ],
)
def test_cli_bad_arguments(reference_data, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("membership", **args)
