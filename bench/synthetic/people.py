"""Users and their grants: ISU staff, thematic coordinators and focal points of States
Parties (a quarter of them with an earlier grant for another State, since revoked), each
created through the administration as a recorded action."""

from __future__ import annotations

from datetime import date, timedelta

from ccm.history.models import Via

from .history import as_then
from .world import PREFIX, ScaleError, World, at, between, explicit_timestamps

USERS_PER_FACTOR = 4
FIRST_NAMES = ("Ana", "Bounmy", "Carlos", "Dina", "Eero", "Fatou", "Giorgi", "Hana")
LAST_NAMES = ("Keo", "Lind", "Moreno", "Ndiaye", "Okafor", "Petit", "Quispe", "Rahman")


def add_users(world: World) -> None:
    """``4 × factor`` users: 1 in 20 ISU staff, 1 in 10 coordinators, the others focal points
    spread over the States Parties; sets `world.staff` and `world.focal`."""
    from django.contrib.auth.hashers import make_password

    from ccm.accounts.models import Area, Grant, Role, User

    if User.objects.filter(username__startswith=PREFIX).exists():
        raise ScaleError("this database was scaled already: build on the reference data only")
    rnd, n = world.rnd, USERS_PER_FACTOR * world.factor
    password = make_password(None)  # unusable: the owner has not chosen one
    n_staff, n_coordinators = max(1, n // 20), max(1, n // 10)
    users, grants, revoked = [], [], []
    areas = list(Area)
    for i in range(n):
        joined = at(between(rnd, date(2012, 1, 1), world.today - timedelta(days=30)), rnd)
        if i < n_staff:
            role = Role.STAFF
        elif i < n_staff + n_coordinators:
            role = Role.COORDINATOR
        else:
            role = Role.FOCAL_POINT
        user = User(
            username=f"{PREFIX}{role.value}-{i:04d}",
            email=f"{PREFIX}{i:04d}@example.org",
            first_name=rnd.choice(FIRST_NAMES),
            last_name=rnd.choice(LAST_NAMES),
            password=password,
            is_staff=role == Role.STAFF,
            date_joined=joined,
        )
        users.append(user)
        grant = Grant(user=user, role=role, granted_at=joined)
        if role == Role.COORDINATOR:
            grant.area = areas[i % len(areas)]
        elif role == Role.FOCAL_POINT:
            grant.state = world.parties[i % len(world.parties)].state
            if rnd.random() < 0.25:  # spoke for another State before
                revoked.append(
                    Grant(
                        user=user,
                        role=role,
                        state=rnd.choice(world.parties).state,
                        granted_at=joined - timedelta(days=rnd.randint(60, 900)),
                        revoked_at=joined - timedelta(days=1),
                    )
                )
        grants.append(grant)
    User.objects.bulk_create(users, batch_size=1000)
    world.staff = users[:n_staff]
    admin = world.staff[0]
    for g in revoked + grants:
        g.granted_by = admin if g.user is not admin else None
        g.revoked_by = g.granted_by if g.revoked_at else None
    with explicit_timestamps(Grant):
        Grant.objects.bulk_create(revoked + grants, batch_size=1000)
    for u in users:
        world.history.action(u.date_joined, admin, Via.ADMIN, "/admin/accounts/user/add/", u)
    for g in revoked + grants:
        path = "/admin/accounts/grant/"
        granted = as_then(g, revoked_at=None, revoked_by=None) if g.revoked_at else g
        world.history.action(g.granted_at, g.granted_by, Via.ADMIN, path, granted)
        if g.revoked_at:
            world.history.action(g.revoked_at, g.revoked_by, Via.ADMIN, path, g)
    for g in grants:
        if g.role == Role.FOCAL_POINT:
            world.focal[g.state_id].append(g.user)
