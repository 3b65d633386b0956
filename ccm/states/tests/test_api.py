"""API v1: shapes, figures, bad parameters (400/404, never 500) and query-count guards."""

import pytest

from ccm.states.models import Instrument, State

SUMMARY = "/api/v1/membership/summary"


def test_summary_with_grouping(reference_data, client):
    r = client.get(SUMMARY, {"as_of": "2022-08-01", "grouping": "ccm-region"})
    assert r.status_code == 200
    data = r.json()
    assert data["as_of"] == "2022-08-01"
    assert data["totals"] == {
        "states_parties": 110,
        "in_force": 110,
        "signatories": 13,
        "not_party": 74,
        "withdrawn": 0,
    }
    groups = {g["code"]: g for g in data["groups"]}
    assert list(groups) == ["africa", "americas", "asia", "europe", "middle-east", "pacific"]
    assert sum(g["totals"]["states_parties"] for g in groups.values()) == 110
    assert "LAO" in groups["asia"]["states"]["states_parties"]
    assert "AGO" in groups["africa"]["states"]["signatories"]
    for g in groups.values():
        assert sum(len(v) for v in g["states"].values()) == sum(
            v for k, v in g["totals"].items() if k != "in_force"
        )


def test_summary_counts_parties_before_they_are_bound(reference_data, client):
    # South Sudan deposited on 3 August 2023 and is bound from 1 February 2024.
    data = client.get(SUMMARY, {"as_of": "2023-12-15"}).json()["totals"]
    assert data["states_parties"] == 112
    assert data["in_force"] == data["states_parties"] - 1


def test_lithuania_in_the_summary(reference_data, client):
    before = client.get(SUMMARY, {"as_of": "2025-03-05"}).json()["totals"]
    after = client.get(SUMMARY, {"as_of": "2025-03-06"}).json()["totals"]
    assert after["states_parties"] == before["states_parties"] - 1
    assert (before["withdrawn"], after["withdrawn"]) == (0, 1)


def test_arab_league_grouping(reference_data, client):
    data = client.get(SUMMARY, {"as_of": "2026-01-01", "grouping": "arab-league"}).json()
    [group] = data["groups"]
    assert sum(v for k, v in group["totals"].items() if k != "in_force") == 22
    assert "LBN" in group["states"]["states_parties"]


@pytest.mark.parametrize(
    ("url", "params", "param"),
    [
        (SUMMARY, {"as_of": "2023-13-45"}, "as_of"),
        (SUMMARY, {"as_of": "yesterday"}, "as_of"),
        (SUMMARY, {"as_of": "9999-12-31"}, "as_of"),
        (SUMMARY, {"as_of": "0001-01-01"}, "as_of"),
        (SUMMARY, {"grouping": "nope"}, "grouping"),
        ("/api/v1/membership/timeseries", {"grouping": "nope"}, "grouping"),
        ("/api/v1/states/", {"status": "pirate"}, "status"),
        ("/api/v1/states/", {"grouping": "ccm-region", "group": "atlantis"}, "group"),
        ("/api/v1/states/", {"as_of": "2023-02-30"}, "as_of"),
        ("/api/v1/states/FRA", {"as_of": "2023-02-30"}, "as_of"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(reference_data, client, url, params, param):
    r = client.get(url, params)
    assert r.status_code == 400
    assert param in r.json()


def test_unknown_state_is_404(reference_data, client):
    r = client.get("/api/v1/states/XYZ")
    assert r.status_code == 404
    assert "XYZ" in r.json()["detail"]


def test_timeseries(reference_data, client):
    data = client.get("/api/v1/membership/timeseries", {"grouping": "ccm-region"}).json()
    points = data["points"]
    assert points[0]["date"] == "2008-12-03"
    assert [p["date"] for p in points] == sorted({p["date"] for p in points})
    aug2010 = next(p for p in points if p["date"] == "2010-08-01")
    # bound on 1 August 2010: every instrument deposited by 28 February 2010 (Art. 17(1) and (2))
    assert (
        aug2010["in_force"]
        == Instrument.objects.filter(deposited_on__lte="2010-02-28").count()
        >= 30
    )
    last = points[-1]
    assert last["withdrawn"] == 1
    for g in data["groups"]:
        assert g["points"]
    total_last = sum(g["points"][-1]["states_parties"] for g in data["groups"])
    assert total_last == last["states_parties"]


def test_states_list_filters(reference_data, client):
    r = client.get("/api/v1/states/", {"as_of": "2016-08-15", "status": "signatory"})
    assert r.status_code == 200
    assert r.json()["count"] == 19
    r = client.get(
        "/api/v1/states/",
        {"as_of": "2022-08-01", "grouping": "ccm-region", "group": "asia", "status": "state_party"},
    )
    assert r.json()["count"] == 6
    isos = [s["iso3"] for s in r.json()["results"]]
    assert "LAO" in isos and "AFG" in isos
    r = client.get("/api/v1/states/", {"as_of": "2023-12-15", "status": "in_force"})
    assert r.json()["count"] == 111
    r = client.get("/api/v1/states/", {"q": "lao"})
    assert [s["iso3"] for s in r.json()["results"]] == ["LAO"]


def test_state_detail(reference_data, client):
    data = client.get("/api/v1/states/bol", {"as_of": "2014-01-01"}).json()
    assert data["iso3"] == "BOL"
    assert data["entry_into_force"]["date"] == "2013-10-01"
    assert "30 April 2013" in data["entry_into_force"]["explanation"]
    assert data["status"] == {
        "as_of": "2014-01-01",
        "status": "state_party",
        "bound": True,
        "explanation": "State Party, bound since 1 October 2013. Art. 17(2): first day of the sixth "
        "month after the deposit of the instrument on 30 April 2013.",
    }
    assert [(a["act"], a["date"]) for a in data["acts"]] == [
        ("signature", "2008-12-03"),
        ("instrument", "2013-04-30"),
    ]
    assert {"grouping": "ccm-region", "code": "americas", "name": "Americas"} in data["groups"]
    assert data["names"]["es"]


@pytest.mark.parametrize(
    "url",
    [
        f"{SUMMARY}?as_of=2022-08-01&grouping=ccm-region",
        "/api/v1/membership/timeseries?grouping=ccm-region",
        "/api/v1/states/?grouping=ccm-region&group=africa",
        "/api/v1/states/LAO",
    ],
)
def test_no_query_per_state(reference_data, client, django_assert_max_num_queries, url):
    assert State.objects.count() == 197
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_openapi_schema_and_docs_are_served_offline(reference_data, client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for p in (
        "/api/v1/membership/summary",
        "/api/v1/membership/timeseries",
        "/api/v1/states/",
        "/api/v1/states/{iso3}",
    ):
        assert p in paths
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs
