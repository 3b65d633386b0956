"""Article 7 reporting status with the real reference data: named initial reports from
data/reporting/initial_reports.csv, and reports submitted through the services, as the
deadlines read them (ccm.obligations.querysets.deadlines_on)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from ccm.obligations.deadlines import DeadlineStatus, Kind
from ccm.obligations.querysets import deadlines_on
from ccm.reports import rules, services
from ccm.reports.choices import Answer, Form, ReportingStatus, ReportStatus, Visibility
from ccm.reports.models import Report
from ccm.states.models import State

ON = date(2026, 11, 23)


def initial_deadline(iso3: str, on: date = ON):
    (d,) = [d for d in deadlines_on(on, iso3=iso3, article=7) if d.kind is Kind.INITIAL_REPORT]
    return d


def annual_deadline(iso3: str, year: int, on: date = ON):
    (d,) = [
        d
        for d in deadlines_on(on, iso3=iso3, article=7)
        if d.kind is Kind.ANNUAL_REPORT and d.year == year
    ]
    return d


def fill(report: Report) -> None:
    """Answer every required form through the services (A answered, B–I nothing to report,
    J left unanswered), so the report may be submitted."""
    services.save_part(
        report, Form.A, actor=None, answer=Answer.ANSWERED, text="Law No. 7 of 2013 applies."
    )
    for form in [f for f in Form if f not in (Form.A, Form.J)]:
        services.save_part(
            report,
            form,
            actor=None,
            answer=Answer.NOTHING,
            statement="The State never held, produced or used cluster munitions.",
        )


def submit_annual(iso3: str, year: int, on: date, **header) -> Report:
    state = State.objects.get(iso3=iso3)
    report = services.start_report(state, "annual", year, actor=None, today=on, **header)
    fill(report)
    return services.submit_report(report, on=on, actor=None)


# --- named initial reports from the reference data --------------------------------------


def test_afghanistan_initial_report_was_late(reference_data):
    """Deposit 8 Sep 2011 → entry into force 1 Mar 2012 (Art. 17(2)) → due 1 Mar 2012 + 180
    days = 28 Aug 2012; submitted 30 Aug 2012, two days late."""
    d = initial_deadline("AFG")
    assert d.due == date(2012, 8, 28)
    assert d.met_on == date(2012, 8, 30)
    assert d.status is DeadlineStatus.MET_LATE
    assert rules.reporting_status(d) is ReportingStatus.LATE
    assert "1 March 2012" in str(d.explanation)
    assert "after the due date" in str(d.explanation)


@pytest.mark.parametrize(
    ("iso3", "due", "submitted", "status"),
    [
        # Bulgaria: deposit 6 Apr 2011 → entry into force 1 Oct 2011. 180 days on from
        # 1 Oct 2011: 31 Oct +30, 30 Nov +60, 31 Dec +91, 31 Jan +122, 29 Feb 2012 (leap
        # year) +151, 29 Mar 2012 +180 → due 29 Mar 2012; submitted 27 Mar 2012: on time.
        ("BGR", date(2012, 3, 29), date(2012, 3, 27), DeadlineStatus.MET_ON_TIME),
        # Cuba: deposit 6 Apr 2016 → entry into force 1 Oct 2016. 180 days on: 31 Oct +30,
        # 30 Nov +60, 31 Dec +91, 31 Jan +122, 28 Feb 2017 +150, 30 Mar 2017 +180 → due
        # 30 Mar 2017; submitted on that very day: on time.
        ("CUB", date(2017, 3, 30), date(2017, 3, 30), DeadlineStatus.MET_ON_TIME),
        # Botswana: deposit 27 Jun 2011 → entry into force 1 Dec 2011. 180 days on:
        # 31 Dec +30, 31 Jan +61, 29 Feb 2012 +90, 31 Mar +121, 30 Apr +151, 29 May 2012
        # +180 → due 29 May 2012; submitted 31 Aug 2012: late.
        ("BWA", date(2012, 5, 29), date(2012, 8, 31), DeadlineStatus.MET_LATE),
    ],
)
def test_named_initial_reports(reference_data, iso3, due, submitted, status):
    d = initial_deadline(iso3)
    assert (d.due, d.met_on, d.status) == (due, submitted, status)


def test_bolivia_initial_report_is_missing(reference_data):
    """Deposit 30 Apr 2013 → entry into force 1 Oct 2013 → due 30 Mar 2014 (DOMAIN.md's
    worked example); initial_reports.csv records no submission, and the CMC list of
    18 Jun 2015 (overdue_lists.csv) names Bolivia with the same due date."""
    d = initial_deadline("BOL")
    assert d.due == date(2014, 3, 30)
    assert d.met_on is None
    assert d.status is DeadlineStatus.NOT_RECORDED
    assert rules.reporting_status(d) is ReportingStatus.MISSING
    # the day after the due date it is already missing; on the due date it is not yet
    assert rules.reporting_status(initial_deadline("BOL", date(2014, 3, 31))) is (
        ReportingStatus.MISSING
    )
    assert rules.reporting_status(initial_deadline("BOL", date(2014, 3, 30))) is (
        ReportingStatus.NOT_YET_DUE
    )


# --- reports submitted through the services ---------------------------------------------


@pytest.mark.parametrize(
    ("submitted", "status"),
    [
        (date(2016, 4, 30), DeadlineStatus.MET_ON_TIME),  # on 30 April itself
        (date(2016, 1, 15), DeadlineStatus.MET_ON_TIME),
        (date(2016, 5, 1), DeadlineStatus.MET_LATE),
    ],
)
def test_a_submitted_annual_report_meets_its_deadline(reference_data, submitted, status):
    """Bolivia's annual report covering 2015 is due 30 April 2016 (Art. 7(2))."""
    before = annual_deadline("BOL", 2015)
    assert before.due == date(2016, 4, 30)
    assert before.status is DeadlineStatus.NOT_RECORDED

    submit_annual("BOL", 2015, submitted)

    d = annual_deadline("BOL", 2015)
    assert (d.status, d.met_on) == (status, submitted)
    assert annual_deadline("BOL", 2016).status is DeadlineStatus.NOT_RECORDED  # other years
    # the year's annual rate counts Bolivia
    items = deadlines_on(ON, article=7)
    assert rules.annual_rate(items, 2015).submitted >= 1


def test_a_submitted_initial_report_meets_the_initial_deadline(reference_data):
    state = State.objects.get(iso3="BOL")
    report = services.start_report(state, "initial", actor=None, today=date(2015, 7, 1))
    fill(report)
    services.submit_report(report, on=date(2015, 7, 1), actor=None)
    d = initial_deadline("BOL")
    assert (d.status, d.met_on) == (DeadlineStatus.MET_LATE, date(2015, 7, 1))


def test_an_amendment_keeps_the_first_submission_date(reference_data):
    first = submit_annual("BOL", 2015, date(2016, 4, 29))
    amendment = services.amend_report(first, actor=None)
    assert (amendment.version, amendment.status) == (2, ReportStatus.DRAFT)
    services.submit_report(amendment, on=date(2016, 9, 1), actor=None)

    amendment.refresh_from_db()
    assert (amendment.status, amendment.submitted_on) == (ReportStatus.SUBMITTED, date(2016, 9, 1))
    d = annual_deadline("BOL", 2015)
    assert (d.status, d.met_on) == (DeadlineStatus.MET_ON_TIME, date(2016, 4, 29))


def test_an_amendment_does_not_make_a_late_report_on_time(reference_data):
    first = submit_annual("BOL", 2015, date(2016, 5, 2))
    amendment = services.amend_report(first, actor=None)
    services.submit_report(amendment, on=date(2016, 6, 1), actor=None)
    d = annual_deadline("BOL", 2015)
    assert (d.status, d.met_on) == (DeadlineStatus.MET_LATE, date(2016, 5, 2))


def test_a_draft_does_not_count(reference_data):
    state = State.objects.get(iso3="BOL")
    report = services.start_report(state, "annual", 2015, actor=None, today=date(2016, 4, 1))
    fill(report)  # complete, but never submitted
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.submitted_on is None

    d = annual_deadline("BOL", 2015)
    assert (d.status, d.met_on) == (DeadlineStatus.NOT_RECORDED, None)
    assert rules.reporting_status(d) is ReportingStatus.MISSING


def test_a_refused_submission_does_not_count(reference_data):
    state = State.objects.get(iso3="BOL")
    report = services.start_report(state, "annual", 2015, actor=None, today=date(2016, 4, 1))
    with pytest.raises(ValidationError):  # no form answered
        services.submit_report(report, on=date(2016, 4, 1), actor=None)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert annual_deadline("BOL", 2015).status is DeadlineStatus.NOT_RECORDED


def test_a_restricted_report_counts_for_the_deadline_but_is_not_public(reference_data):
    report = submit_annual("BOL", 2015, date(2016, 4, 20), visibility=Visibility.RESTRICTED)
    assert report.restricted

    d = annual_deadline("BOL", 2015)
    assert (d.status, d.met_on) == (DeadlineStatus.MET_ON_TIME, date(2016, 4, 20))

    public = Report.objects.visible_to(AnonymousUser())
    assert Report.objects.submitted().filter(pk=report.pk).exists()
    assert not public.filter(pk=report.pk).exists()
    # a public report of the same State is visible (the filter is on visibility)
    other = submit_annual("BOL", 2016, date(2017, 4, 20))
    assert public.filter(pk=other.pk).exists()


def test_reloading_the_reference_data_keeps_the_first_submission(reference_data):
    from django.conf import settings
    from django.utils import timezone

    from ccm.reference.loader import load_all

    published = Report.objects.get(state__iso3="AFG", kind="initial", version=1)
    amendment = services.amend_report(published, actor=None)
    fill(amendment)
    services.submit_report(amendment, on=date(2020, 1, 1), actor=None)
    assert initial_deadline("AFG").met_on == date(2012, 8, 30)

    load_all(settings.CCM_DATA_DIR, today=timezone.localdate())

    assert Report.objects.filter(pk=published.pk).exists()
    assert initial_deadline("AFG").met_on == date(2012, 8, 30)
