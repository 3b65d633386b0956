"""Tokens and grants change only through ccm.accounts.services (issue 11: "tokens and grants
change in views and an admin action, outside services and unrecorded"): each service
records who did what, for whom and how, and refuses what the actor may not do."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from knox.models import AuthToken
from reversion.models import Version

from ccm.accounts import services
from ccm.accounts.access import access
from ccm.accounts.models import Area, Grant, Role, TokenEvent, TokenEventKind
from ccm.history.models import Via
from ccm.states.models import State

PASSWORD = "correct horse battery staple"


def person(username: str, role: str | None = None, *, state: str = "", area: str = ""):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
    if role:
        Grant.objects.create(
            user=user, role=role, state=State.objects.get(iso3=state) if state else None, area=area
        )
    return user


@pytest.fixture
def people(reference_data):
    return {
        "staff": person("isu", Role.STAFF),
        "staff2": person("isu2", Role.STAFF),
        "PER": person("fp-per", Role.FOCAL_POINT, state="PER"),
        "NOR": person("fp-nor", Role.FOCAL_POINT, state="NOR"),
        "coordinator": person("coord", Role.COORDINATOR, area=Area.STOCKPILES),
        "nobody": person("nogrant"),
    }


def recorded(obj):
    """The latest recorded change of `obj`: (user name, path)."""
    version = Version.objects.get_for_object(obj).select_related("revision__context").first()
    assert version is not None, f"{obj!r} has no recorded change"
    return version.revision.user.get_username(), version.revision.context.via


# --- tokens --------------------------------------------------------------------------------


def test_a_token_created_by_its_owner_is_recorded_as_a_token_event(people):
    owner = people["PER"]
    token, secret = services.create_token(owner, actor=owner, via=Via.FORM)
    assert secret.startswith(token.token_key) and AuthToken.objects.filter(user=owner).count() == 1
    event = TokenEvent.objects.get()
    assert (event.kind, event.user, event.username, event.actor, event.via) == (
        TokenEventKind.CREATED,
        owner,
        "fp-per",
        owner,
        Via.FORM,
    )
    assert event.token_key == token.token_key and event.expiry == token.expiry
    assert secret not in str(event.__dict__)  # the token itself is never kept


@pytest.mark.parametrize("who", ["NOR", "staff", None])
def test_a_token_is_created_by_its_owner_only(people, who):
    actor = people[who] if who else None
    with pytest.raises(PermissionDenied):
        services.create_token(people["PER"], actor=actor, via=Via.FORM)
    assert not AuthToken.objects.exists() and not TokenEvent.objects.exists()


def test_an_inactive_user_creates_no_token(people):
    owner = people["PER"]
    owner.is_active = False
    owner.save()
    with pytest.raises(PermissionDenied):
        services.create_token(owner, actor=owner)
    assert not AuthToken.objects.exists()


def test_tokens_beyond_the_limit_are_refused_and_nothing_is_written(people, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2}
    owner = people["PER"]
    for _ in range(2):
        services.create_token(owner, actor=owner)
    with pytest.raises(ValidationError, match="already hold 2 tokens"):
        services.create_token(owner, actor=owner)
    assert AuthToken.objects.filter(user=owner).count() == 2
    assert TokenEvent.objects.count() == 2


def test_a_token_revoked_by_its_owner_is_recorded(people):
    owner = people["PER"]
    token, _secret = services.create_token(owner, actor=owner)
    services.revoke_token(token, actor=owner, via=Via.FORM)
    assert not AuthToken.objects.exists()
    event = TokenEvent.objects.get(kind=TokenEventKind.REVOKED)
    assert (event.user, event.actor, event.via, event.token_key) == (
        owner,
        owner,
        Via.FORM,
        token.token_key,
    )


def test_isu_staff_revoke_anyones_token_recorded_with_the_officer(people):
    owner, staff = people["PER"], people["staff"]
    token, _secret = services.create_token(owner, actor=owner)
    services.revoke_token(token, actor=staff, via=Via.FORM)
    assert not AuthToken.objects.exists()
    event = TokenEvent.objects.get(kind=TokenEventKind.REVOKED)
    assert (event.user, event.actor) == (owner, staff)


@pytest.mark.parametrize("who", ["NOR", "coordinator", "nobody", None])
def test_a_focal_point_manages_only_their_own_tokens(people, who):
    owner = people["PER"]
    token, _secret = services.create_token(owner, actor=owner)
    with pytest.raises(PermissionDenied):
        services.revoke_token(token, actor=people[who] if who else None)
    assert AuthToken.objects.filter(pk=token.pk).exists()
    assert not TokenEvent.objects.filter(kind=TokenEventKind.REVOKED).exists()


def test_revoking_a_token_already_gone_is_refused(people):
    owner = people["PER"]
    token, _secret = services.create_token(owner, actor=owner)
    services.revoke_token(token, actor=owner)
    with pytest.raises(ValidationError, match="no longer exists"):
        services.revoke_token(token, actor=owner)
    assert TokenEvent.objects.filter(kind=TokenEventKind.REVOKED).count() == 1


def test_tokens_revoked_by_a_password_change_are_recorded(people):
    owner = people["PER"]
    first, _ = services.create_token(owner, actor=owner)
    second, _ = services.create_token(owner, actor=owner)
    owner.set_password("a new passphrase nobody guesses")
    owner.save()
    assert not AuthToken.objects.filter(user=owner).exists()
    events = TokenEvent.objects.filter(kind=TokenEventKind.REVOKED_WITH_PASSWORD)
    assert {e.token_key for e in events} == {first.token_key, second.token_key}
    assert {e.via for e in events} == {Via.COMMAND}  # no request: a command or a shell


# --- grants --------------------------------------------------------------------------------


def test_isu_staff_give_a_grant_recorded_with_the_officer(people):
    user, staff = people["nobody"], people["staff"]
    assert not access(user).coordinator
    grant = services.give_grant(
        user, role=Role.COORDINATOR, area=Area.CLEARANCE, actor=staff, via=Via.ADMIN
    )
    assert grant.granted_by == staff and grant.revoked_at is None
    assert recorded(grant) == ("isu", Via.ADMIN)
    assert access(user).areas == {Area.CLEARANCE}  # the cached grants were forgotten


@pytest.mark.parametrize("who", ["coordinator", "PER", "nobody", None])
def test_only_isu_staff_give_grants(people, who):
    with pytest.raises(PermissionDenied):
        services.give_grant(
            people["nobody"], role=Role.STAFF, actor=people[who] if who else None, via=Via.ADMIN
        )
    assert not Grant.objects.filter(user=people["nobody"]).exists()


@pytest.mark.parametrize(
    ("role", "state", "area"),
    [
        (Role.STAFF, "", ""),
        (Role.COORDINATOR, "", Area.CLEARANCE),
        (Role.FOCAL_POINT, "PER", ""),
    ],
)
def test_no_one_grants_themselves_more(people, role, state, area):
    staff = people["staff"]
    before = Grant.objects.filter(user=staff).count()
    with pytest.raises(ValidationError, match="No one gives themselves a grant"):
        services.give_grant(
            staff,
            role=role,
            state=State.objects.get(iso3=state) if state else None,
            area=area,
            actor=staff,
        )
    assert Grant.objects.filter(user=staff).count() == before


def test_a_django_superuser_is_isu_staff_but_still_grants_no_one_himself(people):
    root = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    services.give_grant(people["nobody"], role=Role.STAFF, actor=root)
    with pytest.raises(ValidationError):
        services.give_grant(root, role=Role.STAFF, actor=root)
    assert not Grant.objects.filter(user=root).exists()


def test_one_state_per_focal_point(people):
    per = people["PER"]
    with pytest.raises(ValidationError, match="one State only"):
        services.give_grant(
            per, role=Role.FOCAL_POINT, state=State.objects.get(iso3="CHL"), actor=people["staff"]
        )
    assert access(per).state_id == State.objects.get(iso3="PER").pk
    assert Grant.objects.filter(user=per).count() == 1


@pytest.mark.parametrize(
    ("role", "state", "area", "message"),
    [
        (Role.FOCAL_POINT, "", "", "speaks for a State"),
        (Role.COORDINATOR, "", "", "names a thematic area"),
        (Role.STAFF, "PER", "", "Only a focal point"),
        (Role.STAFF, "", Area.CLEARANCE, "Only a coordinator"),
        ("president", "", "", "not a valid choice"),
    ],
)
def test_a_grant_that_says_nothing_coherent_is_refused(people, role, state, area, message):
    with pytest.raises(ValidationError, match=message):
        services.give_grant(
            people["nobody"],
            role=role,
            state=State.objects.get(iso3=state) if state else None,
            area=area,
            actor=people["staff"],
        )
    assert not Grant.objects.filter(user=people["nobody"]).exists()


def test_the_same_grant_twice_is_refused(people):
    with pytest.raises(ValidationError, match="already holds this grant"):
        services.give_grant(people["staff2"], role=Role.STAFF, actor=people["staff"])
    # another area is another grant
    services.give_grant(
        people["coordinator"], role=Role.COORDINATOR, area=Area.CLEARANCE, actor=people["staff"]
    )
    assert access(people["coordinator"]).areas == {Area.STOCKPILES, Area.CLEARANCE}


def test_isu_staff_revoke_a_grant_recorded_with_the_officer(people):
    per, staff = people["PER"], people["staff"]
    grant = Grant.objects.get(user=per)
    assert access(per).state_id is not None  # cached on the user
    services.revoke_grant(grant, actor=staff, via=Via.ADMIN)
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.revoked_by == staff
    assert recorded(grant) == ("isu", Via.ADMIN)
    per = get_user_model().objects.get(pk=per.pk)  # a later request
    assert access(per).state_id is None
    # a revoked focal point may now be given another State
    services.give_grant(
        per, role=Role.FOCAL_POINT, state=State.objects.get(iso3="CHL"), actor=staff
    )
    assert access(per).state_id == State.objects.get(iso3="CHL").pk


@pytest.mark.parametrize("who", ["coordinator", "PER", "nobody", None])
def test_only_isu_staff_revoke_grants(people, who):
    grant = Grant.objects.get(user=people["NOR"])
    with pytest.raises(PermissionDenied):
        services.revoke_grant(grant, actor=people[who] if who else None)
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_revoking_a_revoked_grant_is_refused(people):
    grant = Grant.objects.get(user=people["NOR"])
    services.revoke_grant(grant, actor=people["staff"])
    first = Grant.objects.get(pk=grant.pk).revoked_at
    with pytest.raises(ValidationError, match="already revoked"):
        services.revoke_grant(grant, actor=people["staff2"])
    grant.refresh_from_db()
    assert grant.revoked_at == first and grant.revoked_by == people["staff"]
