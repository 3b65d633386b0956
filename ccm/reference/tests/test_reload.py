"""Reloading the reference files: the same files write nothing, in any table; records that
have left a file are listed, and removed only when asked (`--prune`)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from reversion.models import Revision

from ccm.core.testing import replace_line
from ccm.history.models import Deletion, Via
from ccm.obligations import services
from ccm.obligations.models import Obligation, ObligationEvent, StockpileRecord

TODAY = date(2026, 11, 23)
RECORDS = "obligations/stockpile_records.csv"
OVERDUE = "reporting/overdue_lists.csv"


def every_table() -> dict[str, list[tuple]]:
    """Every row of every table (join tables included), without the automatic timestamps."""
    out = {}
    for model in apps.get_models(include_auto_created=True):
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if not (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
        ]
        out[model._meta.label] = list(model._base_manager.order_by("pk").values_list(*fields))
    return out


def changed_tables(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


def load(data_dir, *args) -> str:
    out = io.StringIO()
    call_command("load_reference_data", *args, data_dir=data_dir, stdout=out)
    return out.getvalue()


def cut_last_lines(path, n: int) -> list[dict]:
    """Cut the file `n` lines from its end, at a line boundary; return the rows it lost."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-n]), encoding="utf-8")
    return list(csv.DictReader([lines[0], *lines[-n:]]))


def test_reloading_unchanged_files_three_times_writes_nothing(reference_data):
    """Finding 8: three reloads of the unchanged files turned 63 published figures into 66
    (two undated figures of the same measure and value matched one row between them)."""
    before = every_table()
    revisions = Revision.objects.count()
    for _ in range(3):
        out = load(reference_data)
        assert changed_tables(before, every_table()) == []
        assert Revision.objects.count() == revisions  # no change-log entry either
        assert "not in the file" not in out


def test_a_file_cut_at_a_line_boundary_deletes_nothing_without_prune(reference_data, data_copy):
    """Finding 8: a file cut at a line boundary loaded, and silently deleted what it lost."""
    lost_records = cut_last_lines(data_copy / RECORDS, 3)
    lost_listings = cut_last_lines(data_copy / OVERDUE, 2)
    before = every_table()

    out = load(data_copy)

    assert changed_tables(before, every_table()) == []  # nothing deleted, nothing written
    assert (
        f"{RECORDS}: 3 records are in the database but not in the file; "
        "run with --prune to remove them:" in out
    )
    assert (
        f"{OVERDUE}: 2 records are in the database but not in the file; "
        "run with --prune to remove them:" in out
    )
    for row in lost_records:
        assert f"{row['iso3']} Art. 3 {row['kind']} {row['on']}" in out
    for row in lost_listings:
        assert f"{row['list_id']} {row['iso3']}" in out

    deletions = Deletion.objects.count()
    out = load(data_copy, "--prune")

    for row in lost_records:
        assert not StockpileRecord.objects.filter(
            obligation__state__iso3=row["iso3"], kind=row["kind"], on=row["on"]
        ).exists()
        assert f"{row['iso3']} Art. 3 {row['kind']} {row['on']}" in out
    assert f"{RECORDS}: 3 records removed (not in the file):" in out
    assert f"{OVERDUE}: 2 records removed (not in the file):" in out
    # through the recorded path: each deletion is in the change log, by the import
    gone = Deletion.objects.order_by("pk")[deletions:]
    assert len(gone) == 5 and {d.via for d in gone} == {Via.IMPORT}
    assert ObligationEvent.objects.filter(
        via=Via.IMPORT, obligation__state__iso3=lost_records[0]["iso3"]
    ).exists()

    # and once they are gone, the cut files reload without a word about them
    before = every_table()
    out = load(data_copy, "--prune")
    assert changed_tables(before, every_table()) == [] and "not in the file" not in out


def test_a_record_changed_in_the_application_is_never_pruned(reference_data, data_copy):
    [lost] = cut_last_lines(data_copy / RECORDS, 1)
    record = StockpileRecord.objects.get(
        obligation__state__iso3=lost["iso3"], kind=lost["kind"], on=lost["on"]
    )
    services.save_stockpile_record(
        record.obligation, record=record, actor=None, via=Via.FORM, notes="checked by the ISU"
    )

    for args in ((), ("--prune",)):
        out = load(data_copy, *args)
        record.refresh_from_db()
        assert record.notes == "checked by the ISU"
        assert (
            f"{RECORDS}: 1 record is not in the file but was changed in the application "
            "since it was imported; it is kept (remove it in the application if it should go):"
            in out
        )
        assert str(record) in out


def test_a_record_entered_in_the_application_is_neither_listed_nor_pruned(
    reference_data, data_copy
):
    ob = StockpileRecord.objects.filter(obligation__state__iso3="PER").first().obligation
    mine = services.save_stockpile_record(
        ob, actor=None, via=Via.FORM, kind="retained", on=date(2024, 1, 1), cluster_munitions=5
    )
    out = load(data_copy, "--prune")
    assert StockpileRecord.objects.filter(pk=mine.pk).exists()
    assert "not in the file" not in out and "removed" not in out


def test_a_bad_file_with_prune_changes_nothing(reference_data, data_copy):
    cut_last_lines(data_copy / RECORDS, 2)
    line = replace_line(
        data_copy / RECORDS, "BWA,", "BWA,Botswana,destroyed,,day,510,,exact,,,yes,,x"
    )
    before = every_table()
    with pytest.raises(CommandError) as exc:
        load(data_copy, "--prune")
    assert f"stockpile_records.csv:{line} [on]" in str(exc.value)
    assert changed_tables(before, every_table()) == []


def test_a_record_that_application_records_depend_on_is_never_pruned(reference_data, data_copy):
    """Pruning follows the cascade: an obligation that has left its file goes only when
    nothing entered or changed in the application would go with it."""
    cut_last_lines(data_copy / "obligations/obligations.csv", 2)  # ZAF Art. 3, ZMB Art. 4
    south_africa = Obligation.objects.get(state__iso3="ZAF", article=3)
    services.save_stockpile_record(
        south_africa, actor=None, via=Via.FORM, kind="declared", on=date(2010, 1, 1), submunitions=9
    )
    out = load(data_copy)
    assert "obligations/obligations.csv: 1 record is in the database but not in the file" in out
    assert (
        "obligations/obligations.csv: 1 record is not in the file, but records entered or "
        "changed in the application depend on it; it is kept:" in out
    )

    out = load(data_copy, "--prune")
    assert Obligation.objects.filter(pk=south_africa.pk).exists()
    assert not Obligation.objects.filter(state__iso3="ZMB", article=4).exists()
    assert (
        "obligations/obligations.csv: 1 record removed (not in the file):\n  obligation ZMB" in out
    )
