"""The reference-data import writes obligations and stockpile records through the obligation
services (issue 11: "the import writes obligation rows directly while the README says it
goes through the services"), and refuses, by file, line and column, every value the
editing pages refuse."""

from __future__ import annotations

from datetime import date

import pytest
from reversion.models import Revision, Version

from ccm.core.csvimport import ReferenceDataInvalid
from ccm.history.models import Via
from ccm.obligations.choices import EventKind
from ccm.obligations.models import ExtensionRequest, Obligation, ObligationEvent, StockpileRecord
from ccm.reference.loader import load_all
from ccm.reference.tests.test_reload import changed_tables, every_table

TODAY = date(2026, 11, 23)
BOTSWANA = "BWA,Botswana,destroyed,2018-09-18,day,510,"


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_import_writes_obligations_through_the_services(reference_data, data_copy):
    """A corrected stockpile record is saved by save_stockpile_record: its event keeps the
    values before and after, as for a correction on the editing pages (the import used to
    write the row itself, and an event without the values it replaced)."""
    record = StockpileRecord.objects.get(obligation__state__iso3="BWA", kind="destroyed")
    peru = Obligation.objects.get(state__iso3="PER", article=3)
    edit(data_copy / "obligations" / "stockpile_records.csv", BOTSWANA, BOTSWANA[:-4] + "511,")
    old_notes = peru.notes
    edit(data_copy / "obligations" / "obligations.csv", old_notes, "Corrected in the file.")
    revisions = Revision.objects.count()

    load_all(data_copy, today=TODAY)

    assert Revision.objects.count() == revisions + 1  # one recorded action, the import's
    record.refresh_from_db()
    assert record.cluster_munitions == 511
    event = ObligationEvent.objects.filter(details__record=record.pk).latest("pk")
    assert (event.kind, event.via, event.actor) == (EventKind.STOCKPILE_RECORDED, Via.IMPORT, None)
    assert event.details["before"] == {"cluster_munitions": 510}
    assert event.details["after"] == {"cluster_munitions": 511}
    peru.refresh_from_db()
    assert peru.notes == "Corrected in the file."
    changed = ObligationEvent.objects.filter(obligation=peru).latest("pk")
    assert (changed.kind, changed.via) == (EventKind.CHANGED, Via.IMPORT)
    assert changed.details["before"] == {"notes": old_notes}
    version = Version.objects.get_for_object(peru).select_related("revision__context").first()
    assert version.revision.context.via == Via.IMPORT


def test_a_new_stockpile_record_is_created_through_the_service(reference_data, data_copy):
    path = data_copy / "obligations" / "stockpile_records.csv"
    with path.open("a", encoding="utf-8") as fh:
        fh.write("BWA,Botswana,declared,2010-09-01,month,600,15000,exact,,,yes,Added.,doi:10.1/x\n")
    load_all(data_copy, today=TODAY)
    added = StockpileRecord.objects.get(obligation__state__iso3="BWA", kind="declared")
    event = ObligationEvent.objects.filter(details__record=added.pk).get()
    assert event.details["before"] == {} and event.details["after"]["cluster_munitions"] == 600
    # loading the same files again writes nothing
    before = every_table()
    load_all(data_copy, today=TODAY)
    assert changed_tables(before, every_table()) == []


@pytest.mark.parametrize(
    ("file", "old", "column"),
    [
        (
            "obligations/obligations.csv",
            "https://www.mineactionreview.org/country/afghanistan",
            "sources",
        ),
        ("obligations/stockpile_records.csv", "https://www.hrw.org/modal/103243", "sources"),
        (
            "obligations/extension_requests.csv",
            "https://www.clusterconvention.org/13msp-er/",
            "sources",
        ),
        ("meetings/meetings.csv", "https://meetings.unoda.org/meeting/ccm-msp-2010", "sources"),
        ("obligations/aggregate_counts.csv", "https://ccm3.pronk.se/the-convention/", "source"),
    ],
)
def test_the_import_refuses_a_source_the_editing_pages_refuse(
    reference_data, data_copy, file, old, column
):
    """The import stored any text as a source, `javascript:` addresses included; the
    services and editing pages refuse them. Now the import refuses them too, with the file,
    line and column, and writes nothing."""
    edit(data_copy / file, old, "javascript:alert(1)//")
    before = every_table()
    with pytest.raises(ReferenceDataInvalid) as exc:
        load_all(data_copy, today=TODAY)
    assert [(e.file, e.column) for e in exc.value.errors] == [(file.split("/")[-1], column)]
    assert "javascript" in exc.value.errors[0].message and exc.value.errors[0].line > 1
    assert changed_tables(before, every_table()) == []


def test_a_city_too_long_for_its_column_is_refused_by_line(reference_data, data_copy):
    edit(data_copy / "meetings" / "meetings.csv", ",Vientiane,", "," + "V" * 120 + ",")
    with pytest.raises(ReferenceDataInvalid) as exc:
        load_all(data_copy, today=TODAY)
    (error,) = exc.value.errors
    assert (error.file, error.column) == ("meetings.csv", "city")


def test_extension_requests_keep_the_published_record(reference_data):
    """Requests are written as the published record holds them (a decision whose outcome is
    not known, a request with no submission date): the request services would refuse them,
    as they are the steps of a request made today."""
    afghanistan = ExtensionRequest.objects.get(
        obligation__state__iso3="AFG", obligation__article=4, sequence=2
    )
    assert afghanistan.decision == "unknown" and afghanistan.submitted_on is None


def test_a_refusal_by_the_service_rejects_the_import_with_its_line(reference_data, data_copy):
    """What the files cannot show (a fact recorded beside them, here an end of hostilities
    on a contamination that existed at entry into force) is checked by the service with
    the row's values: a contradiction rejects the whole import, by file, line and column."""
    afghanistan = Obligation.objects.filter(state__iso3="AFG", article=4)
    afghanistan.update(hostilities_ended_on=date(2015, 1, 1))  # no recorded change
    edit(
        data_copy / "obligations" / "obligations.csv",
        "Extended deadline; see extension_requests.csv.",
        "Corrected in the file.",
    )
    before = every_table()
    with pytest.raises(ReferenceDataInvalid) as exc:
        load_all(data_copy, today=TODAY)
    (error,) = exc.value.errors
    assert (error.file, error.line, error.column) == ("obligations.csv", 3, "hostilities_ended_on")
    assert changed_tables(before, every_table()) == []
