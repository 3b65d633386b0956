"""Issue 11: "obligations/deadlines.py 675 lines (treaty_deadline 118), obligations/timeline.py
121" — the rules are split along the treaty into small functions, no module over ~400 lines,
no function over ~50; the public names stay importable from ccm.obligations.deadlines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ccm
from ccm.obligations import deadlines

ROOT = Path(ccm.__file__).parent
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50
RULES = [
    *sorted((ROOT / "obligations" / "deadlines").glob("*.py")),
    ROOT / "obligations" / "timeline.py",
    ROOT / "obligations" / "counts.py",
    ROOT / "obligations" / "published.py",
    *sorted((ROOT / "states" / "status").glob("*.py")),
    ROOT / "reports" / "rules.py",
]


@pytest.mark.parametrize("path", RULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_deadline_and_timeline_rules_are_small_functions_in_small_modules(path):
    source = path.read_text()
    assert len(source.splitlines()) <= MAX_MODULE_LINES
    long = {
        node.name: node.end_lineno - node.lineno + 1
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    }
    assert not long


def test_deadlines_package_follows_the_treaty_and_keeps_its_names():
    modules = {p.stem for p in (ROOT / "obligations" / "deadlines").glob("*.py")}
    assert {"facts", "articles3_4", "article7", "checks"} <= modules
    for name in [
        "Deadline",
        "DeadlineStatus",
        "Decision",
        "Discovery",
        "Extension",
        "Kind",
        "Obligation",
        "MAX_EXTENSION_YEARS",
        "ANNUAL_REPORT_DAY",
        "check_extension",
        "check_obligation",
        "check_stockpile_record",
        "deadline_extended_by",
        "deadline_in_force",
        "fmt_precise",
        "initial_report_due",
        "original_deadline",
        "period_end",
        "report_deadlines",
        "treaty_deadline",
    ]:
        assert hasattr(deadlines, name), name
