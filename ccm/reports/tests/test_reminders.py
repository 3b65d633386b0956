"""Reminders to focal points: due soon, overdue, each sent once."""

from datetime import date, timedelta
from io import StringIO
from smtplib import SMTPException

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from ccm.accounts.models import Grant, Role
from ccm.obligations.deadlines import initial_report_due
from ccm.reports import reminders
from ccm.reports.models import Reminder, Report
from ccm.reports.reminders import due_reminders, send_reminders
from ccm.states import status as membership
from ccm.states.membership import all_acts
from ccm.states.models import State

DUE = date(2026, 4, 30)  # the annual report covering 2025
LEAD_60 = DUE - timedelta(days=60)  # 1 March 2026
VANUATU_DEPOSIT = date(2025, 9, 5)  # accession; its initial report falls due in 2026


def make_focal_point(iso3: str, username: str | None = None, **fields):
    username = username or f"fp-{iso3.lower()}"
    fields.setdefault("email", f"{username}@example.org")
    user = get_user_model().objects.create_user(username, **fields)
    grant = Grant.objects.create(
        user=user, role=Role.FOCAL_POINT, state=State.objects.get(iso3=iso3)
    )
    return user, grant


def reasons(items, iso3: str | None = None) -> set[str]:
    return {r.reason for r in items if iso3 is None or r.reason.startswith(f"{iso3}-")}


@pytest.fixture(autouse=True)
def lead_days(settings):
    settings.CCM_REMINDER_LEAD_DAYS = [60, 14]


@pytest.fixture
def focal_points(reference_data):
    """Focal points of Peru, Chad and Norway (States Parties since 2012, 2013 and 2010)."""
    return {iso3: make_focal_point(iso3)[0] for iso3 in ("PER", "TCD", "NOR")}


def test_sixty_days_before_30_april_a_state_without_its_annual_report_is_reminded(focal_points):
    sent = send_reminders(LEAD_60)

    assert "PER-annual-2025-lead-60" in reasons(sent, "PER")
    per = next(
        m for m in mail.outbox if m.to == ["fp-per@example.org"] and "is due on" in m.subject
    )
    assert per.subject == "Peru: the annual report covering 2025 is due on 30 April 2026"
    assert "in 60 days" in per.body
    assert "Art. 7(2)" in per.body  # the deadline's explanation
    row = Reminder.objects.get(email="fp-per@example.org", reason="PER-annual-2025-lead-60")
    assert row.recipient == focal_points["PER"]
    assert row.state.iso3 == "PER"
    assert row.subject == per.subject and row.body == per.body


def test_the_day_before_the_window_nothing_about_the_coming_report(focal_points):
    assert not any("-lead-" in r for r in reasons(due_reminders(LEAD_60 - timedelta(days=1))))


def test_each_lead_window_once_then_overdue(focal_points):
    new_per_day = {}
    for days_left in (60, 59, 30, 14, 13, 0):
        on = DUE - timedelta(days=days_left)
        new_per_day[days_left] = reasons(send_reminders(on), "PER")
    after = reasons(send_reminders(DUE + timedelta(days=1)), "PER")

    assert new_per_day[60] == {"PER-annual-2025-lead-60", "PER-overdue-annual-2024"}
    assert new_per_day[59] == new_per_day[30] == set()
    assert new_per_day[14] == {"PER-annual-2025-lead-14"}
    assert new_per_day[13] == new_per_day[0] == set()
    assert after == {"PER-overdue-annual-2025"}


def test_a_focal_point_first_reached_late_gets_only_the_current_window(focal_points):
    planned = reasons(due_reminders(DUE - timedelta(days=10)), "PER")
    assert "PER-annual-2025-lead-14" in planned
    assert "PER-annual-2025-lead-60" not in planned


def test_nothing_for_a_state_that_submitted_its_annual_report(focal_points):
    Report.objects.create(
        state=State.objects.get(iso3="PER"),
        kind="annual",
        year=2025,
        status="submitted",
        submitted_on=date(2026, 2, 10),
    )
    sent = send_reminders(LEAD_60)

    assert not any("annual-2025" in r for r in reasons(sent, "PER"))
    assert "TCD-annual-2025-lead-60" in reasons(sent, "TCD")
    assert not any(
        "covering 2025" in m.subject for m in mail.outbox if m.to == ["fp-per@example.org"]
    )


def test_a_draft_is_not_a_submission(focal_points):
    Report.objects.create(state=State.objects.get(iso3="PER"), kind="annual", year=2025)
    assert "PER-annual-2025-lead-60" in reasons(due_reminders(LEAD_60))


def test_an_overdue_initial_report_is_reminded_once(reference_data):
    assert all_acts()["VUT"].deposited_on == VANUATU_DEPOSIT
    due = initial_report_due(VANUATU_DEPOSIT)
    make_focal_point("VUT")

    assert "VUT-overdue-initial" not in reasons(send_reminders(due))  # due today: not yet late
    first = send_reminders(due + timedelta(days=1))
    again = send_reminders(due + timedelta(days=2))

    assert "VUT-overdue-initial" in reasons(first)
    assert "VUT-overdue-initial" not in reasons(again)
    message = next(m for m in mail.outbox if "initial report" in m.subject)
    assert message.subject.startswith("Vanuatu: the initial report is overdue")
    assert "No submission is recorded." in message.body
    assert "Art. 7(1)" in message.body


def test_reports_overdue_for_years_are_not_reminded(focal_points):
    # Norway's initial report is not recorded (due in 2011); annual reports covering 2010
    # onwards are missing too: only the one that fell due within a year is mentioned.
    got = reasons(due_reminders(LEAD_60), "NOR")
    assert got == {"NOR-annual-2025-lead-60", "NOR-overdue-annual-2024"}


def test_the_command_run_twice_sends_once(focal_points):
    out = StringIO()
    call_command("send_reminders", "--on", LEAD_60.isoformat(), stdout=out)
    count = len(mail.outbox)
    rows = Reminder.objects.count()
    assert count == rows > 0
    lines = out.getvalue().splitlines()
    assert any(
        line.startswith("PER  fp-per@example.org  PER-annual-2025-lead-60") for line in lines
    )
    assert lines[-1] == f"{count} reminders sent for 2026-03-01."

    again = StringIO()
    call_command("send_reminders", "--on", LEAD_60.isoformat(), stdout=again)
    assert len(mail.outbox) == count
    assert Reminder.objects.count() == rows
    assert again.getvalue().splitlines() == ["0 reminders sent for 2026-03-01."]


def test_the_command_defaults_to_today(focal_points, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: LEAD_60)
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "2026-03-01" in out.getvalue().splitlines()[-1]
    assert Reminder.objects.filter(reason="PER-annual-2025-lead-60").exists()


def test_a_revoked_grant_gets_nothing(focal_points):
    grant = Grant.objects.get(user=focal_points["PER"])
    grant.revoked_at = timezone.now()
    grant.save()
    send_reminders(LEAD_60)
    assert not any(m.to == ["fp-per@example.org"] for m in mail.outbox)
    assert not reasons(Reminder.objects.all(), "PER")
    assert reasons(Reminder.objects.all(), "TCD")


def test_inactive_users_and_users_without_address_get_nothing(reference_data):
    make_focal_point("PER", is_active=False)
    make_focal_point("TCD", email="")
    make_focal_point("CHL", "fp-staff-only")
    Grant.objects.filter(user__username="fp-staff-only").update(role=Role.STAFF, state=None)
    assert due_reminders(LEAD_60) == []
    assert send_reminders(LEAD_60) == []
    assert mail.outbox == []


def test_two_focal_points_of_one_state_each_get_it(focal_points):
    make_focal_point("PER", "fp-per-2")
    got = {r.email for r in send_reminders(LEAD_60) if r.reason == "PER-annual-2025-lead-60"}
    assert got == {"fp-per@example.org", "fp-per-2@example.org"}


def test_dry_run_sends_and_records_nothing(focal_points):
    out = StringIO()
    call_command("send_reminders", "--on", LEAD_60.isoformat(), "--dry-run", stdout=out)
    assert mail.outbox == []
    assert not Reminder.objects.exists()
    lines = out.getvalue().splitlines()
    assert any("PER-annual-2025-lead-60" in line for line in lines)
    assert "would be sent" in lines[-1] and "nothing sent or recorded" in lines[-1]


def test_dry_run_leaves_out_what_was_sent(focal_points):
    sent = send_reminders(LEAD_60)
    assert sent
    assert send_reminders(LEAD_60, dry_run=True) == []
    assert reasons(send_reminders(DUE - timedelta(days=14), dry_run=True), "PER") == {
        "PER-annual-2025-lead-14"
    }


def test_a_mail_that_cannot_be_sent_is_not_recorded_and_is_tried_again(focal_points, monkeypatch):
    real = reminders.send_mail

    def flaky(subject, body, sender, to, **kwargs):
        if to == ["fp-tcd@example.org"]:
            raise SMTPException("mailbox unavailable")
        return real(subject, body, sender, to, **kwargs)

    monkeypatch.setattr(reminders, "send_mail", flaky)
    err = StringIO()
    with pytest.raises(CommandError, match="could not be sent"):
        call_command("send_reminders", "--on", LEAD_60.isoformat(), stdout=StringIO(), stderr=err)
    assert "TCD" in err.getvalue() and "mailbox unavailable" in err.getvalue()
    assert not Reminder.objects.filter(email="fp-tcd@example.org").exists()
    assert Reminder.objects.filter(email="fp-per@example.org").exists()  # the others went out

    monkeypatch.setattr(reminders, "send_mail", real)
    retried = send_reminders(LEAD_60)
    assert {r.email for r in retried} == {"fp-tcd@example.org"}


def test_a_reminder_recorded_by_a_concurrent_run_is_not_sent_again(focal_points, monkeypatch):
    planned = [p for p in due_reminders(LEAD_60) if p.reason == "PER-annual-2025-lead-60"]
    (p,) = planned
    Reminder.objects.create(
        state_id=p.state_id, email=p.email, reason=p.reason, subject=p.subject, body=p.body
    )
    monkeypatch.setattr(reminders, "already_sent", lambda planned: set())  # read before it

    sent = send_reminders(LEAD_60)

    assert "PER-annual-2025-lead-60" not in reasons(sent)
    assert not any(m.subject == p.subject and m.to == [p.email] for m in mail.outbox)
    assert Reminder.objects.filter(reason=p.reason).count() == 1


def test_without_lead_days_only_overdue_reminders(focal_points, settings):
    settings.CCM_REMINDER_LEAD_DAYS = []
    assert reasons(due_reminders(LEAD_60), "PER") == {"PER-overdue-annual-2024"}


def test_a_bad_date_is_a_clear_error(reference_data):
    with pytest.raises(
        CommandError, match=r"--on: “2026-02-30” is not a date in the form YYYY-MM-DD"
    ):
        call_command("send_reminders", "--on", "2026-02-30")


def test_all_states_in_a_fixed_number_of_queries(reference_data, django_assert_max_num_queries):
    acts = all_acts()
    parties = [
        code
        for code, a in acts.items()
        if membership.classify(a, LEAD_60)[0] is membership.Status.STATE_PARTY
    ]
    assert len(parties) > 100
    for code in parties:
        make_focal_point(code)

    # grants, acts, submissions, reminders already sent: not one query per State
    with django_assert_max_num_queries(4):
        planned = send_reminders(LEAD_60, dry_run=True)
    # every State Party but Vanuatu, whose first report is not due yet
    assert {p.iso3 for p in planned} == set(parties) - {"VUT"}

    # sending adds one insert (in its own savepoint) per mail, nothing per State
    with django_assert_max_num_queries(4 + 3 * len(planned)):
        sent = send_reminders(LEAD_60)
    assert len(sent) == len(planned) == len(mail.outbox)
