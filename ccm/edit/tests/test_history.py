"""History on every write path, revert, and concurrent edits that never lose an update."""

from __future__ import annotations

from datetime import date

import pytest
from reversion.models import Version

from ccm.history.concurrency import EditConflict, Token
from ccm.history.models import ChangeContext, Deletion
from ccm.history.reading import history
from ccm.history.reverting import revert
from ccm.obligations import services
from ccm.obligations.models import Obligation, StockpileRecord
from ccm.reference.loader import load_all
from ccm.states.models import GroupMembership

from .conftest import token_for


def peru():
    return Obligation.objects.get(state__iso3="PER", article=3)


def form_post(ob, **changes):
    token = Token.of(ob)
    data = {
        "basis": ob.basis,
        "status": ob.status,
        "completed_on": ob.completed_on.isoformat() if ob.completed_on else "",
        "completed_precision": ob.completed_precision,
        "completion_declared_on": (
            ob.completion_declared_on.isoformat() if ob.completion_declared_on else ""
        ),
        "completion_declared_precision": ob.completion_declared_precision,
        "source_url": ob.source_url,
        "notes": ob.notes,
        "updated_at": token.updated_at,
        "base_version": token.version or "",
    }
    data.update(changes)
    return data


def latest_context(obj) -> ChangeContext:
    return Version.objects.get_for_object(obj).first().revision.context


def test_every_write_path_is_recorded_with_who_and_how(people, client, admin_client, data_copy):
    ob = peru()
    # the import: the reference data load is the first version, by no one
    first = Version.objects.get_for_object(ob).last()
    assert first.revision.context.via == "import" and first.revision.user is None

    # an editing page, by Peru's focal point
    client.force_login(people["PER"])
    r = client.post("/edit/PER/article/3/", form_post(ob, notes="via the form"))
    assert r.status_code == 302
    ctx = latest_context(ob)
    assert (ctx.via, ctx.revision.user, ctx.method, ctx.path) == (
        "form",
        people["PER"],
        "POST",
        "/edit/PER/article/3/",
    )
    assert ctx.request_id and r["X-Request-ID"] == ctx.request_id

    # the API, with a token
    ob.refresh_from_db()
    r = client.patch(
        "/api/v1/obligations/PER/3",
        {"notes": "via the API", "source_url": ob.source_url},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{ob.updated_at.isoformat()}"',
        HTTP_AUTHORIZATION=f"Token {token_for(people['PER'])}",
    )
    assert r.status_code == 200, r.content
    assert (latest_context(ob).via, latest_context(ob).revision.user) == ("api", people["PER"])

    # the admin
    record = StockpileRecord.objects.filter(obligation=ob).first()
    r = admin_client.post(
        f"/admin/obligations/stockpilerecord/{record.pk}/change/",
        {
            "kind": record.kind,
            "on": record.on.isoformat(),
            "on_precision": record.on_precision,
            "cluster_munitions": record.cluster_munitions,
            "submunitions": record.submunitions or "",
            "qualifier": record.qualifier,
            "destroyed_precision": "day",
            "verified": "on",
            "source_url": record.source_url,
            "notes": "via the admin",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    assert latest_context(record).via == "admin"

    # the import again, after the files changed: it updates what nobody edited in the
    # application, and keeps (and counts) what people changed since it was imported
    path = data_copy / "obligations" / "stockpile_records.csv"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("Whole stockpile (ISU/HRW material; page not pinned).", "Edited in the file.")
        .replace(
            "BWA,Botswana,destroyed,2018-09-18,day,510,",
            "BWA,Botswana,destroyed,2018-09-18,day,511,",
        ),
        encoding="utf-8",
    )
    result = load_all(data_copy, today=date(2026, 11, 23))
    assert result["kept_as_edited_in_the_application"] == 2  # Peru's obligation and record
    record.refresh_from_db()
    assert record.notes == "via the admin" and latest_context(record).via == "admin"
    botswana = StockpileRecord.objects.get(obligation__state__iso3="BWA")
    assert botswana.cluster_munitions == 511 and latest_context(botswana).via == "import"

    # the History view shows them all, newest first, with before/after
    entries = [e for e in history(ob) if e.kind == "version"]
    assert [e.via for e in entries][:3] == ["API", "editing page", "reference data import"]
    assert entries[0].changes[0].field == "notes"
    assert (entries[0].changes[0].before, entries[0].changes[0].after) == (
        "via the form",
        "via the API",
    )
    page = client.get(f"/history/obligations.obligation/{ob.pk}/").content.decode()
    assert "via the API" in page and "fp-per" in page
    api = client.get(
        f"/api/v1/history/obligations.obligation/{ob.pk}",
        HTTP_AUTHORIZATION=f"Token {token_for(people['PER'])}",
    ).json()
    versions = [e for e in api if e["kind"] == "version"]
    assert versions[0]["via"] == "API" and versions[0]["changes"][0]["after"] == "via the API"
    # the admin's quantity change is an event in the obligation's timeline
    assert api[0]["kind"] == "event" and api[0]["via"] == "administration"


def test_lifecycle_events_share_the_timeline(people, client):
    chad = Obligation.objects.get(state__iso3="TCD", article=4)
    client.force_login(people["TCD"])
    r = client.post(
        "/edit/TCD/article/4/extension-request/",
        {
            "submitted_on": "2026-03-01",
            "requested_deadline": "2031-10-01",
            "source_url": "CCM/CONF/2026/5",
        },
    )
    assert r.status_code == 302
    entries = history(chad)
    assert entries[0].kind == "event" and "extension requested" in entries[0].title
    assert entries[0].user == "fp-tcd" and entries[0].via == "editing page"


def test_revert_restores_the_previous_values_and_is_itself_recorded(people):
    ob = peru()
    original = (ob.notes, ob.completion_declared_on)
    services.save_obligation(
        ob.state,
        3,
        actor=people["PER"],
        via="form",
        notes="a mistake",
        completion_declared_on=date(2024, 1, 10),
    )
    before_mistake = Version.objects.get_for_object(ob)[1]  # newest first: [mistake, import]
    n = Version.objects.get_for_object(ob).count()
    revert(ob, before_mistake, people["staff"])
    ob.refresh_from_db()
    assert (ob.notes, ob.completion_declared_on) == original
    versions = Version.objects.get_for_object(ob)
    assert versions.count() == n + 1
    ctx = versions.first().revision.context
    assert ctx.via == "revert" and ctx.revision.user == people["staff"]
    assert "Reverted to the version of" in versions.first().revision.get_comment()
    # the obligation's lifecycle saw it too
    assert ob.events.latest("pk").via == "revert"


def test_revert_through_the_page_is_for_staff(people, client):
    ob = peru()
    services.save_obligation(ob.state, 3, actor=people["PER"], via="form", notes="oops")
    oldest = Version.objects.get_for_object(ob).last()
    url = f"/history/obligations.obligation/{ob.pk}/revert/{oldest.pk}/"
    client.force_login(people["PER"])
    assert client.post(url).status_code == 404
    assert Obligation.objects.get(pk=ob.pk).notes == "oops"
    client.force_login(people["staff"])
    r = client.post(url, follow=True)
    assert r.status_code == 200 and "Reverted" in r.content.decode()
    assert Obligation.objects.get(pk=ob.pk).notes != "oops"


def test_concurrent_edits_refuse_the_second_writer_with_the_difference(people, client):
    ob = peru()
    first, second = people["PER"], people["staff"]
    # both open the form
    first_form = form_post(ob)
    second_form = form_post(ob)
    # the first saves
    client.force_login(first)
    assert client.post("/edit/PER/article/3/", {**first_form, "notes": "first"}).status_code == 302
    # the second is refused, told who changed what, and nothing of theirs is saved
    client.force_login(second)
    r = client.post("/edit/PER/article/3/", {**second_form, "notes": "second"})
    assert r.status_code == 409
    page = r.content.decode()
    assert 'id="conflict"' in page and "fp-per" in page and "first" in page
    assert Obligation.objects.get(pk=ob.pk).notes == "first"
    # their values are still in the form; saving again is a deliberate replacement
    form = r.context["form"]
    assert form.data["notes"] == "second"
    again = dict(form.data.items())
    assert client.post("/edit/PER/article/3/", again).status_code == 302
    assert Obligation.objects.get(pk=ob.pk).notes == "second"
    # both versions are kept in history
    notes = [v.field_dict["notes"] for v in Version.objects.get_for_object(ob)]
    assert notes[:2] == ["second", "first"]


def test_concurrent_api_edit_answers_412_with_the_difference(people, client):
    ob = peru()
    stale = f'"{ob.updated_at.isoformat()}"'
    headers = {"HTTP_AUTHORIZATION": f"Token {token_for(people['PER'])}"}
    services.save_obligation(ob.state, 3, actor=people["staff"], via="form", notes="staff")
    r = client.patch(
        "/api/v1/obligations/PER/3",
        {"notes": "mine"},
        content_type="application/json",
        HTTP_IF_MATCH=stale,
        **headers,
    )
    assert r.status_code == 412
    assert r.json()["changed_by"] == "isu"
    assert Obligation.objects.get(pk=ob.pk).notes == "staff"
    r = client.patch(
        "/api/v1/obligations/PER/3", {"notes": "mine"}, content_type="application/json", **headers
    )
    assert r.status_code == 428


def test_service_level_conflict(people):
    ob = peru()
    token = Token.of(ob)
    services.save_obligation(ob.state, 3, actor=people["staff"], notes="newer")
    with pytest.raises(EditConflict) as exc:
        services.save_obligation(
            ob.state,
            3,
            actor=people["PER"],
            expected=(token.updated_at, token.version),
            notes="older",
        )
    assert [c.field for c in exc.value.changes] == ["notes"]
    assert Obligation.objects.get(pk=ob.pk).notes == "newer"


def test_a_changed_fact_needs_its_source(people, client):
    ob = peru()
    client.force_login(people["PER"])
    r = client.post("/edit/PER/article/3/", form_post(ob, completion_declared_on="2023-12-20"))
    assert r.status_code == 400
    assert "give the source of the new values" in r.content.decode()
    assert Obligation.objects.get(pk=ob.pk).completion_declared_on == ob.completion_declared_on
    # notes alone need no new source; a fact with its source is saved
    assert client.post("/edit/PER/article/3/", form_post(ob, notes="typo fixed")).status_code == 302
    ob.refresh_from_db()
    r = client.post(
        "/edit/PER/article/3/",
        form_post(
            ob, completion_declared_on="2023-12-20", source_url="Note verbale of 20 Dec 2023"
        ),
    )
    assert r.status_code == 302
    r = client.patch(
        "/api/v1/obligations/PER/3",
        {"completed_on": "2023-12-14"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{Obligation.objects.get(pk=ob.pk).updated_at.isoformat()}"',
        HTTP_AUTHORIZATION=f"Token {token_for(people['PER'])}",
    )
    assert r.status_code == 400 and "source_url" in r.json()


def test_deletions_are_recorded_with_who_and_how(people, client, admin_client):
    ob = peru()
    record = StockpileRecord.objects.filter(obligation=ob).first()
    # the admin offers no deletion of facts; a membership row is deletable there
    membership = GroupMembership.objects.filter(state=ob.state).first()
    r = admin_client.post(f"/admin/states/groupmembership/{membership.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302
    d = Deletion.objects.get(label="states.groupmembership", object_id=str(membership.pk))
    assert d.via == "admin" and d.user.is_superuser and d.state_id == ob.state_id
    assert d.data["state_id"] == ob.state_id
    # Peru's focal point sees it, Norway's does not; staff see all
    client.force_login(people["PER"])
    assert str(membership) in client.get("/history/deleted/").content.decode()
    client.force_login(people["NOR"])
    assert "states.groupmembership" not in client.get("/history/deleted/").content.decode()
    assert record.pk  # untouched
