"""History reverts respect what the records are.

Every model recorded in the history has a revert policy, given by its app when it registers
the model (ccm.history.registry.register, from the app's ready()). Accounts and grants are
never reverted; records with a lifecycle (reports, their parts and figures, extension
requests) change only through their services. Facts revert, through their service where
they have one, and the revert is itself recorded. The tests over the registry cover a newly
recorded model automatically.
"""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone
from reversion.models import Revision, Version

from ccm.accounts.models import Grant, Role, User
from ccm.edit.tests.conftest import make_user
from ccm.history.models import Via
from ccm.history.recording import recorded
from ccm.history.registry import NOT_RECORDED_FIELDS, RECORDED, RevertPolicy
from ccm.history.reverting import NotRevertible, revert
from ccm.meetings.models import Meeting
from ccm.obligations.models import ObligationEvent
from ccm.reports import services as report_services
from ccm.reports.choices import LINE_FORMS, LineKind, ReportStatus
from ccm.reports.models import Report, ReportEvent, ReportLine, ReportPart
from ccm.reports.tests.conftest import complete_draft
from ccm.states.models import State

SUFFIX = " (changed)"


@pytest.fixture
def staff(reference_data):
    """An ISU officer: a staff grant, not a superuser."""
    user = make_user("isu", Role.STAFF)
    assert not user.is_superuser and not user.is_staff
    return user


@pytest.fixture
def focal_point(reference_data):
    return make_user("fp-per", Role.FOCAL_POINT, "PER")


def revert_url(obj, version) -> str:
    return f"/history/{obj._meta.label_lower}/{obj.pk}/revert/{version.pk}/"


def snapshot(obj) -> dict:
    """The record as stored, every column, read again from the database."""
    return type(obj)._base_manager.filter(pk=obj.pk).values().get()


def counts() -> tuple[int, ...]:
    """What a refused revert must not add to: versions, actions and lifecycle events."""
    return (
        Version.objects.count(),
        Revision.objects.count(),
        ReportEvent.objects.count(),
        ObligationEvent.objects.count(),
    )


def versions(obj) -> list[Version]:
    """Newest first."""
    return list(Version.objects.get_for_object(obj).order_by("-pk"))


# --- records with two versions, one maker per kind of record ----------------------------


def text_field(model) -> models.Field:
    """A free-text column a test may change without breaking a rule."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField))
        and not f.choices
        and not f.unique
        and not f.primary_key
        and f.editable
        and f.name not in NOT_RECORDED_FIELDS
        and not isinstance(f, (models.SlugField, models.EmailField))
    ]
    named = {f.name: f for f in fields}
    for preferred in ("notes", "name", "label", "city"):
        if preferred in named:
            return named[preferred]
    if not fields:
        pytest.fail(f"{model._meta.label_lower}: write a maker for it in this test")
    return max(fields, key=lambda f: f.max_length or 10_000)


def generic(label: str, staff) -> tuple[models.Model, str, object, object]:
    """An existing record of the reference data, given a second version by an edit."""
    model = apps.get_model(label)
    obj = model._default_manager.order_by("pk").first()
    if obj is None:
        pytest.fail(f"no {label} in the reference data: write a maker for it in this test")
    if not Version.objects.get_for_object(obj).exists():
        with recorded(staff, Via.FORM):
            obj.save()
    f = text_field(model)
    old = getattr(obj, f.attname)
    new = (old + SUFFIX)[-(f.max_length or 10_000) :] if old else "changed"
    with recorded(staff, Via.FORM):
        setattr(obj, f.attname, new)
        obj.save()
    return obj, f.attname, old, new


def a_former_superuser(label: str, staff):
    """A user who was a superuser once (version 1) and is no longer (version 2)."""
    with recorded(None, Via.ADMIN):
        user = User.objects.create_superuser("root", "root@example.org", "x" * 20)
    with recorded(None, Via.ADMIN):
        user.is_superuser = user.is_staff = False
        user.save()
    return user, "is_superuser", True, False


def a_revoked_grant(label: str, staff):
    """A staff grant (version 1), revoked (version 2)."""
    user = make_user("former-isu")
    with recorded(None, Via.ADMIN):
        grant = Grant.objects.create(user=user, role=Role.STAFF)
    with recorded(None, Via.ADMIN):
        grant.revoked_at = timezone.now()
        grant.save()
    return grant, "revoked_at", None, grant.revoked_at


def a_submitted_report(label: str, staff):
    """A draft (earlier versions) that was then submitted (latest version)."""
    report = complete_draft("PER")
    report = report_services.submit_report(report, on=timezone.localdate(), actor=None)
    return report, "status", ReportStatus.DRAFT, ReportStatus.SUBMITTED


def a_part_of_a_submitted_report(label: str, staff):
    """A part first unanswered, then answered, in a report since submitted."""
    report = complete_draft("PER")
    report_services.submit_report(report, on=timezone.localdate(), actor=None)
    part = ReportPart.objects.get(report=report, form="A")
    return part, "answer", "not_answered", "answered"


def a_figure_of_a_submitted_report(label: str, staff):
    """A figure of a draft, corrected, in a report since submitted."""
    report = complete_draft("PER")
    kind = LineKind.RISK_EDUCATION
    report_services.save_part(
        report,
        LINE_FORMS[kind],
        actor=None,
        answer="answered",
        text="Risk education",
        lines=[{"kind": kind, "label": "schools", "people": 100}],
    )
    line = ReportLine.objects.get(part__report=report)
    with recorded(staff, Via.FORM):
        line.label = "schools and villages"
        line.save()
    report_services.submit_report(report, on=timezone.localdate(), actor=None)
    return line, "label", "schools", "schools and villages"


MAKERS = {
    "accounts.user": a_former_superuser,
    "accounts.grant": a_revoked_grant,
    "reports.report": a_submitted_report,
    "reports.reportpart": a_part_of_a_submitted_report,
    "reports.reportline": a_figure_of_a_submitted_report,
}


# --- the policy ------------------------------------------------------------------------


def test_every_recorded_model_has_a_revert_policy():
    assert RECORDED, "no app registered a model with the history"
    for label, recorded_model in RECORDED.items():
        assert isinstance(recorded_model.revert, RevertPolicy), label
        assert str(recorded_model.revert.why).strip(), f"{label}: say why"


def test_accounts_and_records_with_a_lifecycle_are_never_reverted():
    never = {
        "accounts.user",
        "accounts.grant",
        "reports.report",
        "reports.reportpart",
        "reports.reportline",
        "obligations.extensionrequest",
    }
    for label in never & set(RECORDED):
        assert not RECORDED[label].revert.revertible, label
    # knox tokens are not recorded; if they ever are, they are never reverted either
    assert "knox.authtoken" not in RECORDED or not RECORDED["knox.authtoken"].revert.revertible


@pytest.mark.parametrize("label", sorted(RECORDED))
def test_revert_through_the_page_follows_the_policy(label, staff, client):
    policy = RECORDED[label].revert
    obj, attname, old, new = MAKERS.get(label, generic)(label, staff)
    assert getattr(type(obj)._base_manager.get(pk=obj.pk), attname) == new
    history = versions(obj)
    assert len(history) >= 2
    older = history[1]
    client.force_login(staff)

    page = client.get(f"/history/{label}/{obj.pk}/").content.decode()
    assert (revert_url(obj, older) in page) == policy.revertible

    before, before_counts = snapshot(obj), counts()
    r = client.post(revert_url(obj, older))
    if policy.revertible:
        assert r.status_code == 302, r.content.decode()[:3000]
        assert getattr(type(obj)._base_manager.get(pk=obj.pk), attname) == old
        latest = versions(obj)[0]
        assert latest.pk not in {v.pk for v in history}
        assert latest.revision.context.via == Via.REVERT
        assert latest.revision.user == staff
    else:
        assert r.status_code == 403, r.status_code
        assert str(policy.why) in r.content.decode()
        assert snapshot(obj) == before
        assert counts() == before_counts


@pytest.mark.parametrize(
    "label", sorted(label for label, r in RECORDED.items() if not r.revert.revertible)
)
def test_the_revert_service_refuses_what_its_policy_refuses(label, staff):
    policy = RECORDED[label].revert
    obj, _attname, _old, _new = MAKERS.get(label, generic)(label, staff)
    older = versions(obj)[1]
    before, before_counts = snapshot(obj), counts()
    with pytest.raises(NotRevertible) as exc:
        revert(obj, older, staff)
    assert str(policy.why) in exc.value.messages
    assert snapshot(obj) == before and counts() == before_counts


# --- the findings ----------------------------------------------------------------------


def test_isu_staff_cannot_make_a_user_superuser_by_reverting_history(staff, client):
    user, *_ = a_former_superuser("accounts.user", staff)
    was_superuser = versions(user)[1]
    assert was_superuser.field_dict["is_superuser"] is True
    client.force_login(staff)
    r = client.post(revert_url(user, was_superuser))
    assert r.status_code == 403
    assert "never reverted" in r.content.decode()
    user.refresh_from_db()
    assert not user.is_superuser and not user.is_staff
    # the staff officer cannot raise themselves either, nor bring back a revoked grant
    grant, *_ = a_revoked_grant("accounts.grant", staff)
    r = client.post(revert_url(grant, versions(grant)[1]))
    assert r.status_code == 403
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_reverting_a_submitted_report_is_refused_and_it_stays_submitted(staff, focal_point, client):
    report, *_ = a_submitted_report("reports.report", staff)
    submitted_on = report.submitted_on
    draft = next(v for v in versions(report) if v.field_dict["status"] == ReportStatus.DRAFT)
    events = list(report.events.values_list("kind", flat=True))
    client.force_login(staff)
    r = client.post(revert_url(report, draft))
    assert r.status_code == 403
    assert "amend" in r.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_on == submitted_on
    assert list(report.events.values_list("kind", flat=True)) == events
    # the focal point still cannot change the submitted version: amending is the way
    with pytest.raises(Exception, match="amend the report"):
        report_services.save_header(report, actor=focal_point, notes="edited after submission")
    assert Report.objects.get(pk=report.pk).notes == ""


# --- what a revert of a revertible record may change -----------------------------------


def test_a_revert_leaves_fields_the_old_version_did_not_record_as_they_are(staff, client):
    """A field added to a model after a version was saved is not reset to its default."""
    meeting = Meeting.objects.order_by("pk").first()
    with recorded(staff, Via.FORM):
        meeting.city = "Before"
        meeting.save()
    older = versions(meeting)[0]
    data = json.loads(older.serialized_data)
    del data[0]["fields"]["verified"]  # as if `verified` did not exist then
    older.serialized_data = json.dumps(data)
    older.save()
    with recorded(staff, Via.FORM):
        meeting.city, meeting.verified = "After", False
        meeting.save()
    client.force_login(staff)
    assert client.post(revert_url(meeting, older)).status_code == 302
    meeting.refresh_from_db()
    assert meeting.city == "Before" and meeting.verified is False


def test_a_version_that_cannot_be_read_is_refused_with_a_message(staff, client):
    state = State.objects.get(iso3="PER")
    with recorded(staff, Via.FORM):
        state.notes = "changed"
        state.save()
    older = versions(state)[1]
    older.serialized_data = "not json"
    older.save()
    client.force_login(staff)
    before = snapshot(state)
    r = client.post(revert_url(state, older))
    assert r.status_code == 400
    assert "incompatible version data" in r.content.decode()
    assert snapshot(state) == before
    # the history and the action still read, showing that version without its values
    page = client.get(f"/history/states.state/{state.pk}/").content.decode()
    assert "can no longer be read" in page
    assert client.get(f"/history/revision/{older.revision_id}/").status_code == 200
