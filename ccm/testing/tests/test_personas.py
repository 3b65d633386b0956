"""The named personas (ccm/testing/personas.py) are defined once and hold what their names
promise (issue 11: "personas scattered across the conftests")."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client

from ccm.accounts.access import can_edit, can_read_history
from ccm.states.models import State
from ccm.testing.personas import PASSWORD, PERSONAS, people

ROOT = Path(__file__).resolve().parents[2]  # ccm/


def test_the_named_personas_hold_what_their_names_promise(
    isu_officer, coordinator, lao_focal_point, chile_focal_point
):
    lao, chile = State.objects.get(iso3="LAO"), State.objects.get(iso3="CHL")
    assert can_edit(lao_focal_point, lao) and not can_edit(lao_focal_point, chile)
    assert can_edit(chile_focal_point, chile) and not can_edit(chile_focal_point, lao)
    assert can_edit(isu_officer, lao) and can_edit(isu_officer, chile)
    assert not can_edit(coordinator, lao) and can_read_history(coordinator, lao.pk)
    assert not can_read_history(chile_focal_point, lao.pk)
    # Through the pages, with the persona's password: Lao PDR's editing page is the Lao
    # focal point's, and "not found" for Chile's.
    for user, status in ((lao_focal_point, 200), (chile_focal_point, 404)):
        client = Client()
        signed_in = client.post(
            "/accounts/login/", {"username": user.username, "password": PASSWORD}
        )
        assert signed_in.status_code == 302
        assert client.get("/edit/LAO/").status_code == status


def test_people_keeps_the_names_the_tests_use(reference_data):
    made = people(*PERSONAS)
    assert {key: user.username for key, user in made.items()} == {
        "staff": "isu",
        "coordinator": "coord",
        "nobody": "nogrant",
        "LAO": "fp-lao",
        "CHL": "fp-chl",
        "PER": "fp-per",
        "NOR": "fp-nor",
        "TCD": "fp-tcd",
    }
    assert not made["nobody"].grants.exists()
    assert [g.state.iso3 for g in made["PER"].grants.all()] == ["PER"]


def test_conftests_make_people_only_through_the_persona_module():
    """No conftest creates users or grants itself: they take the personas."""
    makers = re.compile(r"create_user\(|create_superuser\(|Grant\.objects\.create\(")
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted(ROOT.rglob("conftest.py"))
        if makers.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
