"""People with each role, for the permission matrix and the editing tests."""

import pytest
from django.contrib.auth import get_user_model
from knox.models import AuthToken

from ccm.accounts.models import Area, Grant, Role
from ccm.states.models import State

PASSWORD = "correct horse battery staple"


def make_user(username: str, role: str | None = None, state: str | None = None, area: str = ""):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
    if role:
        Grant.objects.create(
            user=user,
            role=role,
            state=State.objects.get(iso3=state) if state else None,
            area=area,
        )
    return user


@pytest.fixture
def people(reference_data):
    """A focal point for Peru, Chad and Norway, a coordinator and an ISU officer."""
    return {
        "PER": make_user("fp-per", Role.FOCAL_POINT, "PER"),
        "TCD": make_user("fp-tcd", Role.FOCAL_POINT, "TCD"),
        "NOR": make_user("fp-nor", Role.FOCAL_POINT, "NOR"),
        "coordinator": make_user("coord", Role.COORDINATOR, area=Area.STOCKPILES),
        "staff": make_user("isu", Role.STAFF),
        "nobody": make_user("nogrant"),
    }


def token_for(user) -> str:
    return AuthToken.objects.create(user)[1]
