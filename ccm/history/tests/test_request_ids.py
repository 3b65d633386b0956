"""Request ids are made by the server: a client's X-Request-ID is only kept beside the
server's id, so a client cannot join another request's recorded changes to its own."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from reversion.models import Version

from ccm.accounts.models import Role
from ccm.edit.tests.conftest import make_user, token_for
from ccm.history.middleware import CLIENT_ID_LENGTH, client_request_id
from ccm.history.models import Deletion
from ccm.obligations.models import Obligation
from ccm.states.models import GroupMembership


@pytest.fixture
def focal_point(reference_data):
    return make_user("fp-per", Role.FOCAL_POINT, "PER")


def patch_peru(client, user, notes: str, **headers):
    ob = Obligation.objects.get(state__iso3="PER", article=3)
    return client.patch(
        "/api/v1/obligations/PER/3",
        {"notes": notes, "source_url": ob.source_url},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{ob.updated_at.isoformat()}"',
        HTTP_AUTHORIZATION=f"Token {token_for(user)}",
        **headers,
    )


def test_two_requests_with_the_same_client_id_get_different_server_ids(reference_data, client):
    first = client.get("/ping", HTTP_X_REQUEST_ID="chosen-by-the-client")
    second = client.get("/ping", HTTP_X_REQUEST_ID="chosen-by-the-client")
    ids = {first["X-Request-ID"], second["X-Request-ID"]}
    assert len(ids) == 2 and "chosen-by-the-client" not in ids
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)  # uuid4 hex


def test_a_reused_request_id_does_not_show_another_requests_changes(
    focal_point, client, admin_client
):
    """Finding 5: a focal point sends, as its X-Request-ID, the id of an administrator's
    request that deleted a record; its own revision page must not list that deletion."""
    peru = Obligation.objects.get(state__iso3="PER", article=3).state
    membership = GroupMembership.objects.filter(state=peru).first()
    r = admin_client.post(f"/admin/states/groupmembership/{membership.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302
    deletion = Deletion.objects.get(label="states.groupmembership", object_id=str(membership.pk))
    assert deletion.request_id == r["X-Request-ID"]

    r = patch_peru(client, focal_point, "my own change", HTTP_X_REQUEST_ID=deletion.request_id)
    assert r.status_code == 200, r.content
    ob = Obligation.objects.get(state=peru, article=3)
    context = Version.objects.get_for_object(ob).first().revision.context

    client.force_login(focal_point)
    page = client.get(f"/history/revision/{context.revision_id}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "my own change" in text
    assert deletion.object_repr not in text and "Deleted in the same request" not in text
    # the focal point's change has an id of its own, made by the server
    assert context.request_id == r["X-Request-ID"] != deletion.request_id


def test_the_clients_request_id_is_kept_beside_the_servers(focal_point, client, admin_client):
    """Recorded changes and deletions keep the client's id (printable ASCII, cut to 100
    characters) beside the server's own."""
    r = patch_peru(client, focal_point, "traced", HTTP_X_REQUEST_ID="trace-42")
    assert r.status_code == 200, r.content
    ob = Obligation.objects.get(state__iso3="PER", article=3)
    context = Version.objects.get_for_object(ob).first().revision.context
    assert (context.request_id, context.client_request_id) == (r["X-Request-ID"], "trace-42")

    membership = GroupMembership.objects.filter(state=ob.state).first()
    r = admin_client.post(
        f"/admin/states/groupmembership/{membership.pk}/delete/",
        {"post": "yes"},
        HTTP_X_REQUEST_ID="admin-trace",
    )
    assert r.status_code == 302
    deletion = Deletion.objects.get(label="states.groupmembership", object_id=str(membership.pk))
    assert (deletion.request_id, deletion.client_request_id) == (r["X-Request-ID"], "admin-trace")


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("abc-123", "abc-123"),
        ("", ""),
        ("x" * 500, "x" * CLIENT_ID_LENGTH),
        ("tab\there\x00\x7f", "tabhere"),
        ("café-☕", "caf-"),
    ],
)
def test_the_clients_request_id_is_printable_ascii_and_short(sent, kept):
    request = RequestFactory().get("/", HTTP_X_REQUEST_ID=sent)
    assert client_request_id(request) == kept
