"""The history records what the apps register from their ready(): it names no app itself
(issue 11: ccm/history/recording.py hard-coded a registry of domain models, their readers
and their reverters, and imported the apps to revert and read them)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

import ccm.history
from ccm.history.reading import history
from ccm.history.registry import FACT, RECORDED, register
from ccm.meetings.models import Meeting
from ccm.reports import services as report_services
from ccm.reports.tests.conftest import complete_draft

# What the history recorded before the apps registered their own models: none is lost.
RECORDED_BEFORE = {
    "states.state": "",
    "states.statename": "state",
    "states.signature": "state",
    "states.instrument": "state",
    "states.withdrawal": "state",
    "states.grouping": None,
    "states.group": None,
    "states.groupmembership": "state",
    "meetings.meeting": None,
    "obligations.obligation": "state",
    "obligations.stockpilerecord": "obligation__state",
    "obligations.extensionrequest": "obligation__state",
    "obligations.publishedfigure": None,
    "reports.report": "state",
    "reports.reportpart": "report__state",
    "reports.reportline": "part__report__state",
    "reports.publishedoverdue": "state",
    "accounts.grant": None,
    "accounts.user": None,
}


def test_each_app_registers_its_models_with_the_history():
    assert {label: r.state_path for label, r in RECORDED.items()} == RECORDED_BEFORE
    for label, r in RECORDED.items():
        assert r.model._meta.label_lower == label


def test_history_hard_codes_no_domain_model():
    """No model label of another app, and no module of one, written in ccm/history."""
    others = {c.label for c in apps.get_app_configs() if c.name.startswith("ccm.")} - {"history"}
    labels = {m._meta.label_lower for m in apps.get_models() if m._meta.app_label in others}
    modules = tuple(f"ccm.{label}" for label in others)
    root = Path(ccm.history.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and (text.lower() in labels or text.startswith(modules)):
                found.append(f"{path.name}:{node.lineno} {text!r}")
    assert not found, found


def test_a_mistyped_state_path_fails_when_the_app_loads():
    before = dict(RECORDED)
    with pytest.raises(ImproperlyConfigured, match="host__state"):
        register(Meeting, state_path="host__state", revert=FACT)
    assert before == RECORDED


@pytest.mark.django_db
def test_a_reports_events_join_its_history(reference_data):
    """Read through the reader the reports app registered."""
    report = complete_draft("PER")
    report_services.submit_report(report, on=timezone.localdate(), actor=None)
    events = [e.title for e in history(report) if e.kind == "event"]
    assert events[:2] == ["submitted", "draft started"]
