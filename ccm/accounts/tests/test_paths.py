"""The tokens page and the administration change tokens and grants through the services
(issue 11): each change is recorded with the person who made it, the path and the request;
refusals show a message and change nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from knox.models import AuthToken
from reversion.models import Version

from ccm.accounts.models import Area, Grant, Role, TokenEvent, TokenEventKind
from ccm.history.models import Via
from ccm.states.models import State

PASSWORD = "correct horse battery staple"


def person(username: str, role: str | None = None, *, state: str = "", area: str = "", **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", PASSWORD, **extra
    )
    if role:
        Grant.objects.create(
            user=user, role=role, state=State.objects.get(iso3=state) if state else None, area=area
        )
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def officer(username: str = "isu") -> Client:
    """An ISU officer who manages users in the administration (not a superuser)."""
    user = person(username, Role.STAFF, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="accounts",
            codename__in=["view_user", "add_user", "change_user"],
        )
        | Permission.objects.filter(content_type__app_label="accounts", codename__contains="grant")
    )
    return signed_in(user)


def latest_change(obj):
    version = Version.objects.get_for_object(obj).select_related("revision__context").first()
    return version.revision.user.get_username(), version.revision.context


# --- the tokens page -------------------------------------------------------------------------


def test_the_tokens_page_creates_and_revokes_through_the_services_recorded(reference_data):
    owner = person("fp-per", Role.FOCAL_POINT, state="PER")
    client = signed_in(owner)
    r = client.post("/accounts/tokens/")
    assert r.status_code == 200 and 'id="new-token"' in r.content.decode()
    token = AuthToken.objects.get(user=owner)
    created = TokenEvent.objects.get(kind=TokenEventKind.CREATED)
    assert (created.user, created.actor, created.via) == (owner, owner, Via.FORM)
    assert created.request_id == r["X-Request-ID"]  # the request that made it

    r = client.post(f"/accounts/tokens/{token.token_key}/revoke/")
    assert r.status_code == 302 and not AuthToken.objects.exists()
    revoked = TokenEvent.objects.get(kind=TokenEventKind.REVOKED)
    assert (revoked.user, revoked.actor, revoked.via, revoked.token_key) == (
        owner,
        owner,
        Via.FORM,
        token.token_key,
    )
    assert revoked.request_id == r["X-Request-ID"]


def test_isu_staff_revoke_a_focal_points_token_on_the_tokens_page(reference_data):
    owner = person("fp-per", Role.FOCAL_POINT, state="PER")
    staff = person("isu", Role.STAFF)
    token, _secret = AuthToken.objects.create(owner)
    other = signed_in(person("fp-nor", Role.FOCAL_POINT, state="NOR"))
    assert other.post(f"/accounts/tokens/{token.token_key}/revoke/").status_code == 404
    assert signed_in(staff).post(f"/accounts/tokens/{token.token_key}/revoke/").status_code == 302
    event = TokenEvent.objects.get()
    assert (event.kind, event.user, event.actor) == (TokenEventKind.REVOKED, owner, staff)


def test_the_tokens_page_says_why_a_token_is_refused(reference_data, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 1}
    owner = person("fp-per", Role.FOCAL_POINT, state="PER")
    client = signed_in(owner)
    client.post("/accounts/tokens/")
    r = client.post("/accounts/tokens/")
    assert r.status_code == 200 and "already hold 1 tokens" in r.content.decode()
    assert AuthToken.objects.filter(user=owner).count() == 1


# --- the administration --------------------------------------------------------------------


def test_a_grant_given_in_the_admin_goes_through_the_service(reference_data):
    client = officer()
    user = person("newcomer")
    r = client.post(
        "/admin/accounts/grant/add/",
        {"user": user.pk, "role": Role.FOCAL_POINT, "state": State.objects.get(iso3="PER").pk},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    grant = Grant.objects.get(user=user)
    assert grant.granted_by.username == "isu"
    who, context = latest_change(grant)
    assert who == "isu" and context.via == Via.ADMIN and context.request_id == r["X-Request-ID"]


def test_the_admin_refuses_a_grant_to_oneself_with_a_message(reference_data):
    client = officer()
    me = get_user_model().objects.get(username="isu")
    r = client.post(
        "/admin/accounts/grant/add/",
        {"user": me.pk, "role": Role.COORDINATOR, "area": Area.CLEARANCE},
    )
    assert r.status_code == 200 and "No one gives themselves a grant" in r.content.decode()
    assert Grant.objects.filter(user=me).count() == 1


def test_the_admin_refuses_a_second_state_with_a_message(reference_data):
    client = officer()
    per = person("fp-per", Role.FOCAL_POINT, state="PER")
    r = client.post(
        "/admin/accounts/grant/add/",
        {"user": per.pk, "role": Role.FOCAL_POINT, "state": State.objects.get(iso3="CHL").pk},
    )
    assert r.status_code == 200 and "one State only" in r.content.decode()
    assert Grant.objects.filter(user=per).count() == 1


def test_only_isu_staff_give_grants_in_the_admin(reference_data):
    """A user who may enter the administration and change users, but holds no ISU staff
    grant, gives no grant."""
    clerk = person("clerk", is_staff=True)
    clerk.user_permissions.set(
        Permission.objects.filter(content_type__app_label="accounts", codename__contains="grant")
    )
    user = person("newcomer")
    r = signed_in(clerk).post("/admin/accounts/grant/add/", {"user": user.pk, "role": "staff"})
    assert r.status_code == 403
    assert not Grant.objects.filter(user=user).exists()


def test_the_admin_revoke_action_goes_through_the_service(reference_data):
    client = officer()
    per = person("fp-per", Role.FOCAL_POINT, state="PER")
    grant = Grant.objects.get(user=per)
    r = client.post(
        "/admin/accounts/grant/",
        {"action": "revoke", "_selected_action": [grant.pk], "index": 0},
    )
    assert r.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.revoked_by.username == "isu"
    who, context = latest_change(grant)
    assert who == "isu" and context.via == Via.ADMIN


def test_a_grant_given_in_the_users_page_goes_through_the_service(reference_data):
    client = officer()
    user = person("newcomer")
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "grants-TOTAL_FORMS": "1",
        "grants-INITIAL_FORMS": "0",
        "grants-MIN_NUM_FORMS": "0",
        "grants-MAX_NUM_FORMS": "1000",
        "grants-0-role": Role.COORDINATOR,
        "grants-0-area": Area.VICTIM_ASSISTANCE,
        "grants-0-user": user.pk,
    }
    r = client.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert r.status_code == 302, r.content.decode()[:3000]
    grant = Grant.objects.get(user=user)
    assert (grant.role, grant.area, grant.granted_by.username) == (
        Role.COORDINATOR,
        Area.VICTIM_ASSISTANCE,
        "isu",
    )
    who, context = latest_change(grant)
    assert who == "isu" and context.via == Via.ADMIN
    # two focal-point grants at once are refused with a message, nothing is saved
    data.update(
        {
            "grants-TOTAL_FORMS": "3",
            "grants-INITIAL_FORMS": "1",
            "grants-0-id": grant.pk,
            "grants-1-role": Role.FOCAL_POINT,
            "grants-1-state": State.objects.get(iso3="PER").pk,
            "grants-1-user": user.pk,
            "grants-2-role": Role.FOCAL_POINT,
            "grants-2-state": State.objects.get(iso3="CHL").pk,
            "grants-2-user": user.pk,
        }
    )
    r = client.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert r.status_code == 200 and "one State only" in r.content.decode()
    assert Grant.objects.filter(user=user).count() == 1


def test_the_users_page_does_not_edit_an_existing_grant(reference_data):
    client = officer()
    per = person("fp-per", Role.FOCAL_POINT, state="PER")
    grant = Grant.objects.get(user=per)
    r = client.post(
        f"/admin/accounts/user/{per.pk}/change/",
        {
            "username": per.username,
            "email": per.email,
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "grants-TOTAL_FORMS": "1",
            "grants-INITIAL_FORMS": "1",
            "grants-0-id": grant.pk,
            "grants-0-user": per.pk,
            "grants-0-role": Role.STAFF,  # an attempt to turn a focal point into staff
            "grants-0-state": "",
        },
    )
    assert r.status_code == 302
    grant.refresh_from_db()
    assert (grant.role, grant.state.iso3) == (Role.FOCAL_POINT, "PER")


def test_no_one_raises_themselves_in_the_users_page(reference_data):
    client = officer()
    me = get_user_model().objects.get(username="isu")
    r = client.post(
        f"/admin/accounts/user/{me.pk}/change/",
        {
            "username": me.username,
            "email": me.email,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "user_permissions": list(Permission.objects.values_list("pk", flat=True)),
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "grants-TOTAL_FORMS": "0",
            "grants-INITIAL_FORMS": "1",
        },
    )
    assert r.status_code == 302
    me.refresh_from_db()
    assert not me.is_superuser and me.user_permissions.count() < Permission.objects.count()
    # nor another user into a superuser, unless a superuser does it
    other = person("other")
    client.post(
        f"/admin/accounts/user/{other.pk}/change/",
        {
            "username": other.username,
            "is_active": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "grants-TOTAL_FORMS": "0",
            "grants-INITIAL_FORMS": "0",
        },
    )
    other.refresh_from_db()
    assert not other.is_superuser


@pytest.mark.parametrize(("isu_staff", "status"), [(True, 200), (False, 403)])
def test_token_events_are_listed_for_isu_staff(reference_data, isu_staff, status):
    owner = person("fp-per", Role.FOCAL_POINT, state="PER")
    signed_in(owner).post("/accounts/tokens/")
    viewer = (
        person("viewer", Role.STAFF, is_staff=True)
        if isu_staff
        else person("viewer", Role.COORDINATOR, area=Area.STOCKPILES, is_staff=True)
    )
    r = signed_in(viewer).get("/admin/accounts/tokenevent/")
    assert r.status_code == status
    if isu_staff:
        assert "fp-per" in r.content.decode()
        event = TokenEvent.objects.get()
        page = signed_in(viewer).get(f"/admin/accounts/tokenevent/{event.pk}/change/")
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_a_grant_given_while_creating_a_user_goes_through_the_service(reference_data):
    client = officer()
    r = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": "quiet lantern under the orchard",
            "password2": "quiet lantern under the orchard",
            "grants-TOTAL_FORMS": "1",
            "grants-INITIAL_FORMS": "0",
            "grants-0-role": Role.FOCAL_POINT,
            "grants-0-state": State.objects.get(iso3="PER").pk,
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    grant = Grant.objects.get(user__username="newcomer")
    assert (grant.state.iso3, grant.granted_by.username) == ("PER", "isu")
    assert latest_change(grant)[0] == "isu"


def test_tokens_revoked_by_a_password_change_are_recorded_with_the_request(reference_data):
    owner = person("fp-per", Role.FOCAL_POINT, state="PER")
    AuthToken.objects.create(owner)
    r = signed_in(owner).post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "quiet lantern under the orchard",
            "new_password2": "quiet lantern under the orchard",
        },
    )
    assert r.status_code == 302 and not AuthToken.objects.exists()
    event = TokenEvent.objects.get()
    assert (event.kind, event.user, event.actor, event.via) == (
        TokenEventKind.REVOKED_WITH_PASSWORD,
        owner,
        owner,
        Via.FORM,
    )
    assert event.request_id == r["X-Request-ID"]
