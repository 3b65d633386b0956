"""The reference-data import: real files load, load idempotently, and bad files change nothing."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ccm.core.testing import replace_line
from ccm.reference.loader import load_all
from ccm.states import importer
from ccm.states.models import GroupMembership, Instrument, Signature, State, StateName, Withdrawal

TODAY = date(2026, 11, 23)
MODELS = [State, StateName, Signature, Instrument, Withdrawal, GroupMembership]


def snapshot():
    return {
        m.__name__: sorted(tuple(str(v) for v in row) for row in m.objects.values_list())
        for m in MODELS
    }


def test_real_files_load_whole(reference_data):
    assert State.objects.count() == 197
    assert Signature.objects.count() == 108
    assert Instrument.objects.count() == 113
    assert Withdrawal.objects.get().state.iso3 == "LTU"
    assert GroupMembership.objects.filter(group__grouping__code="ccm-region").count() == 197
    assert GroupMembership.objects.filter(group__grouping__code="arab-league").count() == 22
    assert State.objects.get(iso3="FRA").names.get(language="fr").name == "France"


def test_import_is_idempotent(reference_data):
    before = snapshot()
    call_command("load_reference_data", verbosity=0)
    assert snapshot() == before


P = "ccm_participation.csv"
BAD_ROWS = [
    # (file, line prefix to replace, new row, column expected in the error)
    (P, "Afghanistan,", "Afghanistan,XYZ,2008-12-03,ratification,2011-09-08,,,,src", "iso3"),
    (
        P,
        "Afghanistan,",
        "Afghanistan,AFG,2008-13-03,ratification,2011-09-08,,,,src",
        "signature_date",
    ),
    (P, "Afghanistan,", "Afghanistan,AFG,,ratification,2011-09-08,,,,src", "consent_type"),
    (P, "Angola,", "Angola,AGO,2008-12-03,,,2020-01-01,2020-07-01,,src", "withdrawal_effective"),
    (
        P,
        "Afghanistan,",
        "Afghanistan,AFG,2008-12-03,ratification,2008-11-08,,,,src",
        "consent_date",
    ),
    (
        P,
        "Afghanistan,",
        "Afghanistan,AFG,2011-12-03,ratification,2012-11-08,,,,src",
        "signature_date",
    ),
    (P, "Afghanistan,", "Afghanistan,AFG,2008-12-03,ratified,2011-09-08,,,,src", "consent_type"),
    (
        P,
        "Afghanistan,",
        "Afghanistan,AFG,2008-12-03,ratification,2011-09-08,2012-01-01,2011-12-01,,src",
        "withdrawal_effective",
    ),
    ("states.csv", "AFG,", "AFG,Afghanistan,Asia-Pacific,no", "region"),
    ("states.csv", "AFG,", "AFG,,Asia,maybe", "name"),
    (
        P,
        "Afghanistan,",
        "Afghanistan,AFG,2008-12-03,ratification,2099-09-08,,,,src",
        "consent_date",
    ),
]


@pytest.mark.parametrize(("file", "prefix", "row", "column"), BAD_ROWS)
def test_bad_row_rejects_the_whole_import(reference_data, data_copy, file, prefix, row, column):
    State.objects.filter(iso3="AFG").update(
        name="Changed by the ISU"
    )  # a state the import would overwrite
    before = snapshot()
    line = replace_line(data_copy / file, prefix, row)
    with pytest.raises(CommandError) as exc:
        call_command("load_reference_data", data_dir=data_copy, verbosity=0)
    message = str(exc.value)
    assert f"{file}:{line} [{column}]" in message, message
    assert "nothing was changed" in message
    assert snapshot() == before


def test_duplicate_state_is_reported_with_both_lines(reference_data, data_copy):
    line = replace_line(data_copy / P, "Albania,", None)
    with pytest.raises(importer.ReferenceDataInvalid) as exc:
        load_all(data_copy, today=TODAY)
    [err] = exc.value.errors
    assert (err.file, err.line, err.column) == (P, line + 1, "iso3")
    assert f"first on line {line}" in err.message


def test_every_error_is_listed(reference_data, data_copy):
    replace_line(
        data_copy / P, "Afghanistan,", "Afghanistan,AFG,2008-12-03,ratification,not-a-date,,,,src"
    )
    replace_line(
        data_copy / P, "Albania,", "Albania,ALB,2008-12-03,ratification,2009-06-16,,,,src,extra"
    )
    replace_line(data_copy / "states.csv", "DZA,", "DZA,Algeria,Africa,oui")
    with pytest.raises(importer.ReferenceDataInvalid) as exc:
        load_all(data_copy, today=TODAY)
    assert len(exc.value.errors) == 3
    assert [e.file for e in exc.value.errors] == ["states.csv", P, P]


def test_missing_column_and_missing_file(data_copy):
    (data_copy / "states.csv").write_text("iso3,name\nAFG,Afghanistan\n", encoding="utf-8")
    (data_copy / P).unlink()
    with pytest.raises(importer.ReferenceDataInvalid) as exc:
        importer.parse(data_copy / "states.csv", data_copy / P, today=TODAY)
    text = str(exc.value)
    assert "missing column(s): region, arab_league" in text
    assert "file not found" in text


def test_a_withdrawal_taking_effect_later_is_accepted(reference_data, data_copy):
    """A record loaded between notification and effect: the effective date lies ahead."""
    replace_line(
        data_copy / P,
        "Afghanistan,",
        "Afghanistan,AFG,2008-12-03,ratification,2011-09-08,2026-09-06,2027-03-06,,src",
    )
    parsed = importer.parse(data_copy / "states.csv", data_copy / P, today=TODAY)
    row = next(r for r in parsed.participation if r.iso3 == "AFG")
    assert row.withdrawal_effective == date(2027, 3, 6)


def test_an_empty_file_is_refused_rather_than_removing_everything(reference_data, data_copy):
    (data_copy / "states.csv").write_text("iso3,name,region,arab_league\n", encoding="utf-8")
    before = snapshot()
    with pytest.raises(importer.ReferenceDataInvalid, match="the file has no rows"):
        load_all(data_copy, today=TODAY)
    assert snapshot() == before


def test_a_byte_order_mark_is_accepted(reference_data, data_copy):
    path = data_copy / "states.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(importer.parse(path, data_copy / P, today=TODAY).states) == 197


def test_names_entered_by_hand_survive_a_reload(reference_data):
    from ccm.states.models import StateName

    StateName.objects.create(
        state=State.objects.get(iso3="LAO"), language="lo", name="ລາວ", source="ISU"
    )
    call_command("load_reference_data", verbosity=0)
    assert StateName.objects.filter(language="lo").exists()
