"""Public pages: content, downloads that open in their libraries, bad input, RTL, query counts."""

import io

import pytest
from docx import Document

from ccm.exports import tabular
from ccm.exports.tables import MEMBERSHIP
from ccm.states.models import Instrument, State


def test_home_shows_both_counts_regions_chart_and_latest_acts(reference_data, client):
    r = client.get("/")
    assert r.status_code == 200
    html = r.content.decode()
    api = client.get("/api/v1/membership/summary").json()["totals"]
    assert f'data-figure="states_parties">{api["states_parties"]}<' in html
    assert f'data-figure="in_force">{api["in_force"]}<' in html
    assert 'data-group="africa"' in html and 'data-group="pacific"' in html
    assert 'id="membership-chart-data"' in html and "chart.umd.min.js" in html
    newest = Instrument.objects.select_related("state").latest("deposited_on").state
    assert f'<a href="/states/{newest.iso3}/">{newest.name}</a>' in html  # among the latest acts


def test_membership_page_three_columns(reference_data, client):
    r = client.get("/membership/", {"as_of": "2016-08-15", "grouping": ""})
    html = r.content.decode()
    assert r.status_code == 200
    assert 'data-states-parties="100"' in html and 'data-signatories="19"' in html
    assert '<span data-count="states_parties">100</span>' in html


def test_membership_defaults_to_regions(reference_data, client):
    html = client.get("/membership/", {"as_of": "2022-08-01"}).content.decode()
    for code in ("africa", "americas", "asia", "europe", "middle-east", "pacific"):
        assert f'data-group="{code}"' in html


def test_withdrawn_state_listed_as_not_party_with_note(reference_data, client):
    html = client.get("/membership/", {"as_of": "2025-06-01", "grouping": ""}).content.decode()
    assert "Lithuania</a> <span" in html and "withdrew, effective 6 March 2025" in html


def test_csv_download(reference_data, client):
    r = client.get(
        "/membership/", {"as_of": "2022-08-01", "grouping": "ccm-region", "format": "csv"}
    )
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert "ccm-membership-2022-08-01-ccm-region.csv" in r["Content-Disposition"]
    rows = tabular.read_csv(MEMBERSHIP, r.content)
    assert sum(1 for x in rows if x["column"] == "States Parties") == 110
    assert sum(1 for x in rows if x["column"] == "Signatories") == 13
    assert len(rows) == 197


def test_xlsx_download_opens(reference_data, client):
    r = client.get(
        "/membership/", {"as_of": "2022-08-01", "grouping": "ccm-region", "format": "xlsx"}
    )
    rows = tabular.read_xlsx(MEMBERSHIP, r.content)
    africa = [x for x in rows if x["group_code"] == "africa" and x["column"] == "States Parties"]
    assert len(africa) == 34
    assert "Lao People's Democratic Republic" in {x["state"] for x in rows}


def test_docx_download_opens(reference_data, client):
    r = client.get("/membership/", {"as_of": "2016-08-15", "grouping": "", "format": "docx"})
    doc = Document(io.BytesIO(r.content))
    assert (
        doc.paragraphs[0].text
        == "Status of the Convention on Cluster Munitions as of 15 August 2016"
    )
    [table] = doc.tables
    header = [c.text for c in table.rows[0].cells]
    assert header == ["States Parties (100)", "Signatories (19)", "States not party (78)"]
    assert len(table.rows[1].cells[0].text.splitlines()) == 100


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        ("/membership/", {"as_of": "2023-13-45"}, "Enter a real date"),
        ("/membership/", {"grouping": "nope"}, "Unknown grouping"),
        ("/membership/", {"format": "pdfx"}, "Unknown format"),
        ("/states/", {"status": "pirate"}, "Select a valid choice"),
        ("/states/", {"grouping": "ccm-region", "group": "atlantis"}, "Unknown group"),
        ("/states/FRA/", {"as_of": "nope"}, "Enter a real date"),
    ],
)
def test_bad_input_is_a_400_with_a_message(reference_data, client, url, params, message):
    r = client.get(url, params)
    assert r.status_code == 400
    assert message in r.content.decode()


def test_unknown_state_page_is_404(reference_data, client):
    assert client.get("/states/XYZ/").status_code == 404


def test_state_list_filters_and_sorts(reference_data, client):
    r = client.get("/states/", {"as_of": "2016-08-15", "status": "signatory", "sort": "-deposited"})
    html = r.content.decode()
    assert html.count("<tr data-iso3=") == 19
    rows = r.context["rows"]
    # signatories on that date: those that ratified later first (newest deposit), then the rest
    deposited = [x.deposited_on for x in rows if x.deposited_on]
    assert deposited == sorted(deposited, reverse=True) and deposited
    assert all(x.deposited_on is None for x in rows[len(deposited) :])
    r = client.get("/states/", {"grouping": "ccm-region", "group": "pacific", "sort": "name"})
    rows = r.context["rows"]
    assert len(rows) == 16
    assert [x.name for x in rows] == sorted(x.name for x in rows)
    r = client.get("/states/", {"sort": "-deposited"})
    rows = r.context["rows"]
    dates = [x.deposited_on for x in rows if x.deposited_on]
    assert len(dates) == 113 and dates == sorted(dates, reverse=True)
    assert all(x.deposited_on is None for x in rows[113:])  # States without an instrument last


def test_state_page_explains_status_and_timeline(reference_data, client):
    html = client.get("/states/BOL/", {"as_of": "2014-01-01"}).content.decode()
    assert "bound since 1 October 2013" in html
    assert "Art. 17(2)" in html
    assert "treaties.un.org" in html  # the source of the acts


def test_arabic_is_right_to_left_with_arabic_names(reference_data, client):
    client.cookies["django_language"] = "ar"
    html = client.get("/states/", {"q": "FRA"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    assert "فرنسا" in html


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/membership/?grouping=ccm-region",
        "/states/",
        "/states/LAO/",
        "/membership/?format=xlsx",
        "/membership/?format=docx",
    ],
)
def test_no_query_per_state(reference_data, client, django_assert_max_num_queries, url):
    assert State.objects.count() == 197
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
