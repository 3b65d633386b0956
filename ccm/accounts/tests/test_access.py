"""Unit tests of every helper in ccm.accounts.access (issue 11: "access.py has no unit
tests"): each role, revoked and long-expired grants, inactive users, and another State's
record answering exactly like one that does not exist."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone
from knox.models import AuthToken

from ccm.accounts.access import (
    ANONYMOUS,
    Access,
    access,
    can_edit,
    can_read_history,
    editable,
    editable_states,
    forget,
    manageable_tokens,
    state_for_edit,
)
from ccm.accounts.models import Area, Grant, Role
from ccm.obligations.models import Obligation, StockpileRecord
from ccm.states.models import State

PASSWORD = "correct horse battery staple"


def person(username: str, *grants: tuple[str, str, str], **extra):
    """A user with grants given as (role, iso3, area)."""
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", PASSWORD, **extra
    )
    for role, iso3, area in grants:
        Grant.objects.create(
            user=user, role=role, state=State.objects.get(iso3=iso3) if iso3 else None, area=area
        )
    return user


def fresh(user):
    """The same user as the next request sees them (no cached grants)."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def states(reference_data):
    return {s.iso3: s for s in State.objects.filter(iso3__in=["PER", "NOR", "CHL"])}


@pytest.fixture
def people(reference_data):
    return {
        "staff": person("isu", (Role.STAFF, "", "")),
        "coordinator": person(
            "coord",
            (Role.COORDINATOR, "", Area.STOCKPILES),
            (Role.COORDINATOR, "", Area.CLEARANCE),
        ),
        "PER": person("fp-per", (Role.FOCAL_POINT, "PER", "")),
        "nobody": person("nogrant"),
        "root": get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD),
    }


# --- access(): what a user's active grants amount to --------------------------------------


def test_the_access_of_each_role(people, states):
    assert access(people["staff"]) == Access(staff=True)
    assert access(people["coordinator"]) == Access(
        areas=frozenset({Area.STOCKPILES, Area.CLEARANCE})
    )
    assert access(people["PER"]) == Access(state_id=states["PER"].pk)
    assert access(people["nobody"]) == ANONYMOUS
    assert access(people["root"]) == Access(staff=True)  # a superuser is ISU staff


def test_what_each_role_reads(people):
    assert access(people["staff"]).reads_restricted
    assert access(people["coordinator"]).coordinator
    assert access(people["coordinator"]).reads_restricted
    assert not access(people["PER"]).coordinator
    assert not access(people["PER"]).reads_restricted
    assert not ANONYMOUS.reads_restricted and not ANONYMOUS.coordinator


def test_the_anonymous_and_no_user_have_no_access(db):
    assert access(AnonymousUser()) == ANONYMOUS
    assert access(None) == ANONYMOUS


def test_an_inactive_user_has_no_access_whatever_their_grants(people):
    for key in ("staff", "coordinator", "PER", "root"):
        user = fresh(people[key])
        user.is_active = False
        assert access(user) == ANONYMOUS, key


def test_a_revoked_grant_gives_nothing(people):
    Grant.objects.filter(user=people["PER"]).update(revoked_at=timezone.now())
    Grant.objects.filter(user=people["staff"]).update(revoked_at=timezone.now())
    assert access(fresh(people["PER"])) == ANONYMOUS
    assert access(fresh(people["staff"])) == ANONYMOUS


def test_a_grant_revoked_long_ago_gives_nothing_and_a_later_one_counts(people, states):
    """An expired focal point of Peru, later the focal point of Chile: only Chile counts."""
    user = people["PER"]
    Grant.objects.filter(user=user).update(revoked_at=timezone.now() - timedelta(days=400))
    Grant.objects.create(user=user, role=Role.FOCAL_POINT, state=states["CHL"])
    assert access(fresh(user)) == Access(state_id=states["CHL"].pk)
    # one coordinator area revoked, the other kept
    coordinator = people["coordinator"]
    Grant.objects.filter(user=coordinator, area=Area.CLEARANCE).update(
        revoked_at=timezone.now() - timedelta(days=30)
    )
    assert access(fresh(coordinator)).areas == {Area.STOCKPILES}


def test_access_is_read_once_per_user_and_forgotten_on_request(people, django_assert_num_queries):
    user = fresh(people["PER"])
    with django_assert_num_queries(1):
        first = access(user)
        assert access(user) is first  # cached on the user object
    Grant.objects.filter(user=user).update(revoked_at=timezone.now())
    assert access(user) is first  # still the cached grants …
    forget(user)
    assert access(user) == ANONYMOUS  # … until forgotten
    forget(user)  # forgetting twice is harmless


# --- changing a State's records --------------------------------------------------------------


def test_who_may_edit_a_states_records(people, states):
    per, nor = states["PER"], states["NOR"]
    for key in ("staff", "root"):
        assert can_edit(people[key], per) and can_edit(people[key], nor.pk), key
    assert can_edit(people["PER"], per) and can_edit(people["PER"], per.pk)
    assert not can_edit(people["PER"], nor)
    for key in ("coordinator", "nobody"):
        assert not can_edit(people[key], per), key
    assert not can_edit(AnonymousUser(), per)


def test_the_states_each_role_may_edit(people, states):
    assert editable_states(people["staff"]).count() == State.objects.count()
    assert list(editable_states(people["PER"])) == [states["PER"]]
    assert not editable_states(people["coordinator"]).exists()
    assert not editable_states(people["nobody"]).exists()
    assert not editable_states(AnonymousUser()).exists()


def test_state_for_edit_finds_the_users_own_state_in_any_case(people, states):
    assert state_for_edit(people["PER"], "PER") == states["PER"]
    assert state_for_edit(people["PER"], "per") == states["PER"]
    assert state_for_edit(people["staff"], "nor") == states["NOR"]


def answer(user, iso3: str) -> str:
    try:
        state_for_edit(user, iso3)
    except Http404 as exc:
        return f"404 {exc.args}"
    return "found"


def test_another_states_record_looks_like_a_missing_one(people):
    """A focal point of Peru asking for Norway is told exactly what one asking for a State
    that does not exist is told."""
    assert answer(people["PER"], "NOR") == answer(people["PER"], "XXX") == "404 ()"
    for key in ("coordinator", "nobody"):
        assert answer(people[key], "PER") == answer(people[key], "XXX") == "404 ()"
    assert answer(people["staff"], "XXX") == "404 ()"


def test_editable_restricts_any_queryset_to_the_users_states(people, states):
    obligations = Obligation.objects.all()
    per_only = set(Obligation.objects.filter(state=states["PER"]))
    assert per_only  # Peru has obligations in the reference data
    assert set(editable(people["staff"], obligations, "state")) == set(obligations)
    assert set(editable(people["PER"], obligations, "state")) == per_only
    assert not editable(people["coordinator"], obligations, "state").exists()
    assert not editable(people["nobody"], obligations, "state").exists()
    assert not editable(AnonymousUser(), obligations, "state").exists()
    # through a longer path; another State's record is absent like a missing one
    records = StockpileRecord.objects.all()
    mine = editable(people["PER"], records, "obligation__state")
    assert set(mine) == set(records.filter(obligation__state=states["PER"]))
    other = records.exclude(obligation__state=states["PER"]).first()
    assert other is not None
    assert not mine.filter(pk=other.pk).exists()
    assert not mine.filter(pk=-1).exists()


# --- history --------------------------------------------------------------------------------


def test_who_reads_whose_history(people, states):
    per, nor = states["PER"].pk, states["NOR"].pk
    for key in ("staff", "coordinator", "root"):
        assert can_read_history(people[key], per), key
        assert can_read_history(people[key], None), key  # records of no single State
    assert can_read_history(people["PER"], per)
    assert not can_read_history(people["PER"], nor)
    assert not can_read_history(people["PER"], None)
    assert not can_read_history(people["nobody"], per)
    assert not can_read_history(AnonymousUser(), per)
    inactive = fresh(people["coordinator"])
    inactive.is_active = False
    assert not can_read_history(inactive, per)


# --- tokens ---------------------------------------------------------------------------------


def test_the_tokens_each_user_may_manage(people):
    mine, _ = AuthToken.objects.create(people["PER"])
    theirs, _ = AuthToken.objects.create(people["coordinator"])
    assert list(manageable_tokens(people["PER"])) == [mine]
    assert set(manageable_tokens(people["staff"])) == {mine, theirs}
    assert not manageable_tokens(people["nobody"]).exists()
    assert not manageable_tokens(AnonymousUser()).exists()
    inactive = fresh(people["PER"])
    inactive.is_active = False
    assert not manageable_tokens(inactive).exists()
