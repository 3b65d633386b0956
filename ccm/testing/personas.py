"""The people of the tests, by name (DESIGN habit 9), defined once.

A persona is a user with at most one grant: an ISU officer, a thematic coordinator, a
focal point for one State, or someone signed in with no grant at all. The conftests build
their `people` fixtures from here (ccm/edit/tests, ccm/reports/tests) and ccm/conftest.py
offers the named ones as fixtures (`isu_officer`, `coordinator`, `lao_focal_point`,
`chile_focal_point`), so a test says who acts, not how that person is made:

    def test_x(lao_focal_point, chile_focal_point): ...
    people("PER", "NOR", "staff")      # → {"PER": <fp-per>, "NOR": <fp-nor>, "staff": <isu>}

Users need the database and the reference data (a focal point's State must exist).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from knox.models import AuthToken

from ccm.accounts.models import Area, Grant, Role
from ccm.states.models import State

PASSWORD = "correct horse battery staple"


def make_user(
    username: str,
    role: str | None = None,
    state: str | None = None,
    area: str = "",
    **extra,
):
    """A user `username` (e-mail username@example.org, password PASSWORD) with one grant of
    `role` (for the State `state`, an ISO3 code, or the thematic `area`), or none."""
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", PASSWORD, **extra
    )
    if role:
        Grant.objects.create(
            user=user,
            role=role,
            state=State.objects.get(iso3=state) if state else None,
            area=area,
        )
    return user


def token_for(user) -> str:
    """A new personal API token of `user` (the secret, to send as `Token <secret>`)."""
    return AuthToken.objects.create(user)[1]


@dataclass(frozen=True)
class Persona:
    """Someone the tests name: who they are and the one grant they hold."""

    username: str
    role: Role | None = None
    state: str | None = None  # ISO3 code of the State a focal point speaks for
    area: Area | str = ""  # a coordinator's thematic area

    def create(self, **extra):
        return make_user(self.username, self.role, self.state, self.area, **extra)


def focal_point(iso3: str) -> Persona:
    """The focal point of one State: edits that State's records and no other's."""
    return Persona(f"fp-{iso3.lower()}", Role.FOCAL_POINT, iso3)


ISU_OFFICER = Persona("isu", Role.STAFF)  # reads and edits every State's records
COORDINATOR = Persona("coord", Role.COORDINATOR, area=Area.STOCKPILES)  # reads, edits nothing
NOBODY = Persona("nogrant")  # signed in, with no grant
LAO_FOCAL_POINT = focal_point("LAO")  # edits Lao PDR
CHILE_FOCAL_POINT = focal_point("CHL")  # a State Party too, and must not edit Lao PDR

# The keys the `people` fixtures have always used: a State's ISO3 code for its focal point.
PERSONAS: dict[str, Persona] = {
    "staff": ISU_OFFICER,
    "coordinator": COORDINATOR,
    "nobody": NOBODY,
    "LAO": LAO_FOCAL_POINT,
    "CHL": CHILE_FOCAL_POINT,
    "PER": focal_point("PER"),  # Peru: the report and editing tests' State
    "NOR": focal_point("NOR"),  # Norway: another State Party, "not yours" for Peru
    "TCD": focal_point("TCD"),  # Chad
}


def people(*keys: str) -> dict:
    """The personas named by `keys` (keys of PERSONAS), created: key → user."""
    return {key: PERSONAS[key].create() for key in keys}
