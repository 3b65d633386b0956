"""E-mail reminders to States' focal points about their Article 7 reports.

Two kinds of reminder, both computed from the report deadlines of `deadlines_on` (the same
ones every page shows), never from a clock: the caller passes the date.

- Before an annual report falls due (30 April, Art. 7(2)) and while no submission is
  recorded: a reminder once the date is within one of the lead times of
  settings.CCM_REMINDER_LEAD_DAYS (e.g. 60 and 14 days). Only the narrowest window reached
  counts: a focal point first reached 10 days before the due date gets the 14-day reminder,
  not a stale 60-day one as well.
- After a report (initial or annual) fell due with no submission recorded: one reminder,
  for reports that fell due within the last OVERDUE_WINDOW_DAYS days (so the first run
  does not write about reports missing since 2012).

A reminder is identified by its reason (e.g. ``PER-annual-2025-lead-60``: State, report,
which reminder; the year is the calendar year the annual report covers). The Reminder table
holds one row per (e-mail, reason) sent, so running the command again on the same day, or
every day, sends each reminder once.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ccm.accounts.models import Grant, Role, User
from ccm.obligations.deadlines import Deadline, Kind
from ccm.obligations.querysets import deadlines_on
from ccm.states.models import State

from .choices import ReportingStatus
from .models import Reminder
from .rules import reporting_status

logger = logging.getLogger(__name__)

OVERDUE_WINDOW_DAYS = 365
"""Overdue reminders only for reports that fell due at most this many days before the date."""


@dataclass(frozen=True)
class Planned:
    """One reminder to send: to whom, why, and the message."""

    iso3: str
    state_id: int
    recipient: User  # the focal point
    email: str
    reason: str
    subject: str
    body: str
    due: date
    state: State = field(compare=False, repr=False)


def lead_days() -> list[int]:
    """The configured lead times, narrowest first, without duplicates or negatives."""
    return sorted({int(d) for d in settings.CCM_REMINDER_LEAD_DAYS if int(d) >= 0})


def _fmt(d: date) -> str:
    return date_format(d, "DATE_FORMAT")


def reason_for(deadline: Deadline, leads: list[int]) -> str | None:
    """The reminder a report deadline calls for on its date, if any."""
    if deadline.due is None or deadline.days_left is None:
        return None
    status = reporting_status(deadline)
    annual = deadline.kind == Kind.ANNUAL_REPORT
    if status == ReportingStatus.NOT_YET_DUE and annual:
        reached = [lead for lead in leads if deadline.days_left <= lead]
        if reached:
            return f"{deadline.iso3}-annual-{deadline.year}-lead-{reached[0]}"
        return None
    if status == ReportingStatus.MISSING and -deadline.days_left <= OVERDUE_WINDOW_DAYS:
        what = f"annual-{deadline.year}" if annual else "initial"
        return f"{deadline.iso3}-overdue-{what}"
    return None


def _texts(deadline: Deadline, state_name: str, user) -> tuple[str, str]:
    """Subject and body of the reminder about `deadline` to `user` (active language)."""
    assert deadline.due is not None and deadline.days_left is not None
    values = {
        "state": state_name,
        "year": deadline.year,
        "due": _fmt(deadline.due),
        "days": deadline.days_left,
        "name": user.get_full_name() or user.username,
    }
    annual = deadline.kind == Kind.ANNUAL_REPORT
    if deadline.days_left >= 0:
        subject = _("%(state)s: the annual report covering %(year)s is due on %(due)s") % values
        if deadline.days_left == 0:
            situation = _(
                "The Article 7 annual report of %(state)s covering %(year)s is due today, "
                "%(due)s. No submission is recorded yet."
            )
        else:
            situation = ngettext(
                "The Article 7 annual report of %(state)s covering %(year)s is due on "
                "%(due)s, in %(days)d day. No submission is recorded yet.",
                "The Article 7 annual report of %(state)s covering %(year)s is due on "
                "%(due)s, in %(days)d days. No submission is recorded yet.",
                deadline.days_left,
            )
    elif annual:
        subject = (
            _("%(state)s: the annual report covering %(year)s is overdue (due on %(due)s)") % values
        )
        situation = _(
            "The Article 7 annual report of %(state)s covering %(year)s was due on %(due)s. "
            "No submission is recorded."
        )
    else:
        subject = _("%(state)s: the initial report is overdue (due on %(due)s)") % values
        situation = _(
            "The Article 7 initial report of %(state)s was due on %(due)s. "
            "No submission is recorded."
        )
    paragraphs = [
        _("Dear %(name)s,") % values,
        situation % values,
        str(deadline.explanation),  # the due date and the article it comes from
        _(
            "You can prepare and submit the report in the CCM Tracker. If %(state)s has "
            "already submitted it by other means, please tell the Implementation Support "
            "Unit so that the record can be corrected."
        )
        % values,
        _("You receive this message as a focal point of %(state)s.") % values,
    ]
    return subject, "\n\n".join(paragraphs) + "\n"


def _focal_points() -> dict[str, list[Grant]]:
    """iso3 → active focal-point grants of active users with an e-mail address (1 query)."""
    grants = (
        Grant.objects.active()
        .filter(role=Role.FOCAL_POINT, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "state")
        .order_by("state__iso3", "user__username", "pk")
    )
    out: dict[str, list[Grant]] = defaultdict(list)
    for g in grants:
        out[g.state.iso3].append(g)
    return out


def due_reminders(on: date) -> list[Planned]:
    """Every reminder the focal points should have received by `on`, sent or not
    (3 queries whatever the number of States: grants, acts, submissions)."""
    grants = _focal_points()
    if not grants:
        return []
    leads = lead_days()
    # Article 7 deadlines do not depend on the Article 3/4 obligations: none are read.
    deadlines = deadlines_on(
        on,
        article=7,
        soon_days=max(leads, default=0),
        members=set(grants),
        obligations={},
    )
    out: list[Planned] = []
    seen: set[tuple[str, str]] = set()
    for deadline in deadlines:
        reason = reason_for(deadline, leads)
        if reason is None:
            continue
        for g in grants.get(deadline.iso3, ()):
            email = g.user.email.strip()
            if (email.lower(), reason) in seen:  # two accounts sharing a mailbox
                continue
            seen.add((email.lower(), reason))
            subject, body = _texts(deadline, g.state.name, g.user)
            out.append(
                Planned(
                    iso3=deadline.iso3,
                    state_id=g.state_id,
                    recipient=g.user,
                    email=email,
                    reason=reason,
                    subject=subject,
                    body=body,
                    due=deadline.due,
                    state=g.state,
                )
            )
    return out


def already_sent(planned: Iterable[Planned]) -> set[tuple[str, str]]:
    """(lower-case e-mail, reason) of the planned reminders already sent (1 query)."""
    reasons = {p.reason for p in planned}
    if not reasons:
        return set()
    rows = Reminder.objects.filter(reason__in=reasons).values_list("email", "reason")
    return {(email.lower(), reason) for email, reason in rows}


def _send(p: Planned) -> Reminder | None:
    """Record and send one reminder in one transaction: the row is committed only if the
    mail went out, so a failed send is tried again on the next run. None when the row
    exists already (another run sent it in the meantime)."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                state=p.state,
                recipient=p.recipient,
                email=p.email,
                reason=p.reason,
                subject=p.subject,
                body=p.body,
            )
            send_mail(p.subject, p.body, settings.DEFAULT_FROM_EMAIL, [p.email])
    except IntegrityError:
        return None
    return reminder


def _log_failure(p: Planned, error: Exception) -> None:
    logger.error("Reminder %s to %s not sent: %s", p.reason, p.email, error)


def send_reminders(
    on: date,
    *,
    dry_run: bool = False,
    on_error: Callable[[Planned, Exception], None] | None = None,
) -> list[Reminder] | list[Planned]:
    """Send the reminders due on `on` that have not been sent yet, and record each one.

    Returns the Reminder rows created, or with `dry_run` the reminders that would be sent
    (nothing is sent or recorded). A mail that cannot be sent is not recorded: `on_error`
    (default: log it) hears about it, and the other reminders are still sent.
    """
    planned = due_reminders(on)
    sent = already_sent(planned)
    todo = [p for p in planned if (p.email.lower(), p.reason) not in sent]
    if dry_run:
        return todo
    out: list[Reminder] = []
    for p in todo:
        try:
            reminder = _send(p)
        except Exception as error:  # one bad address or SMTP hiccup must not stop the rest
            (on_error or _log_failure)(p, error)
            continue
        if reminder is not None:
            out.append(reminder)
    return out
