"""Issue 11, "one vocabulary per concept" (DESIGN habit 15): a status, an obligation code or a
decision is one TextChoices class used by rules, models, forms, API and templates — no parallel
enums kept in step by hand, no string literals standing for members."""

from __future__ import annotations

import ast
import enum
import importlib
import pkgutil
import re
from collections import defaultdict
from pathlib import Path

import pytest

import ccm
from ccm.core.choices import Precision
from ccm.obligations import choices as obligation_choices
from ccm.obligations import deadlines
from ccm.reports import choices as report_choices
from ccm.states import choices as state_choices
from ccm.states import status

ROOT = Path(ccm.__file__).parent

VOCABULARIES = [
    Precision,
    state_choices.InstrumentKind,
    state_choices.Status,
    state_choices.Act,
    obligation_choices.Basis,
    obligation_choices.ObligationStatus,
    obligation_choices.Decision,
    obligation_choices.DeadlineKind,
    obligation_choices.DeadlineStatus,
    obligation_choices.DeadlineFlag,
    obligation_choices.DeadlineArticle,
    obligation_choices.StockpileRecordKind,
    obligation_choices.Qualifier,
    report_choices.ReportKind,
    report_choices.Answer,
]
MEMBER_VALUES = {m.value for v in VOCABULARIES for m in v if m.value and isinstance(m.value, str)}
"""The words of the vocabularies (numbers, such as DeadlineArticle's, are checked by name)."""

CHECKED_SOURCES = [
    *sorted((ROOT / "states" / "status").glob("*.py")),
    *sorted((ROOT / "obligations" / "deadlines").glob("*.py")),
    ROOT / "obligations" / "counts.py",
    ROOT / "obligations" / "timeline.py",
    ROOT / "obligations" / "published.py",
    ROOT / "obligations" / "api" / "views.py",
    ROOT / "obligations" / "querysets.py",
    ROOT / "obligations" / "forms.py",
    ROOT / "obligations" / "models.py",
    *sorted((ROOT / "obligations" / "importer").glob("*.py")),
    ROOT / "core" / "csvimport.py",
    ROOT / "states" / "timeline.py",
    ROOT / "states" / "forms.py",
    ROOT / "states" / "api" / "serializers.py",
    ROOT / "reports" / "api" / "views.py",
    ROOT / "reports" / "rules.py",
    ROOT / "reports" / "reporting.py",
    ROOT / "exports" / "membership_table.py",
    *sorted((ROOT / "public" / "views").glob("*.py")),
]
CHECKED_TEMPLATES = sorted((ROOT / "public" / "templates").rglob("*.html"))


SKIPPED_MODULES = (".tests", ".migrations", "conftest", "ccm.settings", "ccm.wsgi")


def _modules():
    for info in pkgutil.walk_packages([str(ROOT)], "ccm."):
        if any(part in info.name for part in SKIPPED_MODULES):
            continue
        yield importlib.import_module(info.name)


def _enums_defined_in_project() -> list[type[enum.Enum]]:
    found = {}
    for module in _modules():
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, enum.Enum)
                and value.__module__.startswith("ccm.")
            ):
                found[id(value)] = value
    return list(found.values())


def test_rules_and_choices_share_one_class_per_concept():
    assert status.Status is state_choices.Status
    assert deadlines.DeadlineStatus is obligation_choices.DeadlineStatus
    assert deadlines.Decision is obligation_choices.Decision
    assert deadlines.Kind is obligation_choices.DeadlineKind
    # the labels live with the members, not in maps beside them
    assert str(deadlines.Kind.CLEARANCE.label) == "Art. 4 clearance"
    assert str(status.Status.NOT_PARTY.label) == "State not party"


def test_no_two_enums_of_the_project_spell_the_same_vocabulary():
    by_values = defaultdict(list)
    by_app_and_name = defaultdict(list)
    for e in _enums_defined_in_project():
        by_values[frozenset(m.value for m in e)].append(e.__qualname__)
        app = e.__module__.split(".")[1]
        by_app_and_name[(app, e.__name__)].append(e.__module__)
    assert not {v: n for v, n in by_values.items() if len(n) > 1}
    assert not {k: m for k, m in by_app_and_name.items() if len(m) > 1}


def _literal_members(node: ast.AST) -> list[str]:
    """String constants standing for members: compared with, or listed as a vocabulary."""
    hits = []
    for n in ast.walk(node):
        if isinstance(n, ast.Compare):
            for c in [n.left, *n.comparators]:
                if isinstance(c, ast.Constant) and c.value in MEMBER_VALUES:
                    hits.append(c.value)
                if isinstance(c, ast.Tuple | ast.List | ast.Set):
                    hits += [
                        e.value
                        for e in c.elts
                        if isinstance(e, ast.Constant) and e.value in MEMBER_VALUES
                    ]
        if isinstance(n, ast.Tuple | ast.List | ast.Set) and len(n.elts) > 1:
            values = [e.value for e in n.elts if isinstance(e, ast.Constant)]
            if len(values) == len(n.elts) and all(v in MEMBER_VALUES for v in values):
                hits += values
        if (
            isinstance(n, ast.keyword)
            and (n.arg or "").endswith("precision")
            and isinstance(n.value, ast.Constant)
            and n.value.value in MEMBER_VALUES
        ):
            hits.append(n.value.value)
    return hits


def test_no_string_literals_stand_for_members_in_rules_views_and_api():
    found = {}
    for path in CHECKED_SOURCES:
        hits = _literal_members(ast.parse(path.read_text()))
        if hits:
            found[str(path.relative_to(ROOT))] = hits
    assert not found


TEMPLATE_COMPARISON = re.compile(r"""([\w.]+)\s*(?:==|!=)\s*["']([^"']+)["']""")
NOT_A_MEMBER = {"active"}  # the navigation's own keys ("overdue" is a page, not a status)


def test_no_string_literals_stand_for_members_in_public_templates():
    found = {}
    for path in CHECKED_TEMPLATES:
        comparisons = TEMPLATE_COMPARISON.findall(path.read_text())
        hits = [v for left, v in comparisons if v in MEMBER_VALUES and left not in NOT_A_MEMBER]
        if hits:
            found[str(path.relative_to(ROOT))] = hits
    assert not found


@pytest.mark.django_db
def test_deadline_filters_offer_the_vocabularies_and_nothing_spelled_beside_them():
    from ccm.obligations.forms import DeadlineFilterForm

    fields = DeadlineFilterForm().fields
    DeadlineArticle = obligation_choices.DeadlineArticle
    DeadlineFlag = obligation_choices.DeadlineFlag
    assert [k for k, _ in fields["article"].choices if k] == DeadlineArticle.values
    assert [k for k, _ in fields["status"].choices if k] == [
        *obligation_choices.DeadlineStatus.values,
        *DeadlineFlag.values,
    ]
    assert fields["window"].empty_value == deadlines.SOON_DAYS
    # the URLs and API values stay what they were
    assert DeadlineArticle.values == [3, 4, 7] and DeadlineFlag.EXTENDED == "extended"


def test_a_states_timeline_names_its_acts_by_the_act_vocabulary():
    from ccm.states.api.serializers import ActSerializer

    assert ActSerializer().fields["act"].choices.keys() == set(state_choices.Act.values)
    assert list(state_choices.Act.values) == [
        "signature",
        "instrument",
        "withdrawal_notified",
        "withdrawal_effective",
    ]


def test_no_former_names_of_a_vocabulary_remain():
    assert not hasattr(state_choices, "StatusChoice")
    assert not hasattr(obligation_choices, "DeadlineStatusChoice")
    from django.conf import settings

    overrides = settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]
    assert overrides["StateStatus"] == "ccm.states.choices.Status"
    assert overrides["DeadlineStatus"] == "ccm.obligations.choices.DeadlineStatus"
