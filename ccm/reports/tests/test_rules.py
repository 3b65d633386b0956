"""The pure rules of Article 7 reports (ccm.reports.rules), without the database: what a
report must contain to be submitted, the totals of form B, and reporting rates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ccm.obligations.deadlines import Deadline, DeadlineStatus, Kind
from ccm.reports import rules
from ccm.reports.choices import Answer, Form, LineKind, ReportingStatus
from ccm.reports.rules import Line, OnRecord, Part

EIF = date(2012, 3, 1)  # Afghanistan: deposited 8 Sep 2011, bound from 1 Mar 2012
REQUIRED = [f for f in Form if f != Form.J]
NOTHING_ON_RECORD = OnRecord()


def complete() -> list[Part]:
    """A report (initial or annual) that may be submitted: A answered, B–I nothing to
    report with a statement, J (voluntary) left unanswered."""
    parts = [Part(Form.A, Answer.ANSWERED, text="Law No. 12 of 2011 prohibits cluster munitions.")]
    parts += [
        Part(f, Answer.NOTHING, statement="The State never held cluster munitions.")
        for f in REQUIRED[1:]
    ]
    return parts


def with_part(parts: list[Part], part: Part) -> list[Part]:
    """`parts` with the part of `part.form` replaced (or added)."""
    return [p for p in parts if p.form != part.form] + [part]


def errors(
    *,
    kind: str = "initial",
    year: int | None = None,
    period_from: date | None = None,
    period_to: date | None = None,
    submitted_on: date = date(2012, 8, 30),
    entry_into_force: date | None = EIF,
    parts: list[Part] | None = None,
    on_record: OnRecord = NOTHING_ON_RECORD,
) -> list[tuple[str, str]]:
    return rules.submission_errors(
        kind=kind,
        year=year,
        period_from=period_from,
        period_to=period_to,
        submitted_on=submitted_on,
        entry_into_force=entry_into_force,
        parts=complete() if parts is None else parts,
        on_record=on_record,
    )


def annual(**kw) -> list[tuple[str, str]]:
    kw.setdefault("year", 2013)
    kw.setdefault("submitted_on", date(2014, 4, 30))
    return errors(kind="annual", **kw)


def where(errs: list[tuple[str, str]]) -> list[str]:
    return [w for w, _ in errs]


def stock(*lines: Line) -> Part:
    return Part(Form.B, Answer.ANSWERED, lines=tuple(lines))


def cm(kind: LineKind, munitions: int | None = None, submunitions: int | None = None) -> Line:
    return Line(kind, cluster_munitions=munitions, submunitions=submunitions)


# --- what a report must contain ---------------------------------------------------------


def test_a_complete_initial_report_may_be_submitted():
    assert errors() == []


def test_a_complete_annual_report_may_be_submitted():
    assert annual() == []


@pytest.mark.parametrize("form", REQUIRED, ids=lambda f: f.value)
def test_an_unanswered_form_is_refused_naming_the_form(form):
    errs = errors(parts=with_part(complete(), Part(form)))
    assert where(errs) == [form.value]
    assert str(form.label) in errs[0][1]
    assert "not answered" in errs[0][1]


@pytest.mark.parametrize("form", REQUIRED, ids=lambda f: f.value)
def test_a_missing_part_counts_as_unanswered(form):
    errs = errors(parts=[p for p in complete() if p.form != form])
    assert where(errs) == [form.value]


def test_form_j_is_voluntary():
    assert Form.J not in {p.form for p in complete()}
    assert errors(parts=with_part(complete(), Part(Form.J))) == []
    answered = Part(Form.J, Answer.ANSWERED, text="Universalization efforts in the region.")
    assert errors(parts=with_part(complete(), answered)) == []


@pytest.mark.parametrize("statement", ["", "   \n"])
def test_nothing_to_report_needs_a_statement(statement):
    errs = errors(parts=with_part(complete(), Part(Form.C, Answer.NOTHING, statement=statement)))
    assert where(errs) == ["C"]
    assert "statement" in errs[0][1]


def test_nothing_to_report_is_an_answer_unlike_silence():
    nothing = Part(Form.G, Answer.NOTHING, statement="No contaminated areas.")
    silent = Part(Form.G)
    assert errors(parts=with_part(complete(), nothing)) == []
    assert where(errors(parts=with_part(complete(), silent))) == ["G"]


def test_annual_form_a_cannot_be_nothing_to_report():
    nothing = Part(Form.A, Answer.NOTHING, statement="No new measures.")
    errs = annual(parts=with_part(complete(), nothing))
    assert where(errs) == ["A"]
    assert "changed or unchanged" in errs[0][1]
    # the initial report may say so (with its statement)
    assert errors(parts=with_part(complete(), nothing)) == []


def test_unchanged_is_refused_in_an_initial_report():
    errs = errors(parts=with_part(complete(), Part(Form.A, Answer.UNCHANGED, unchanged_since=7)))
    assert where(errs) == ["A"]
    assert "initial report cannot refer to an earlier report" in errs[0][1]


def test_unchanged_in_an_annual_report_names_the_earlier_report():
    without = annual(parts=with_part(complete(), Part(Form.A, Answer.UNCHANGED)))
    assert where(without) == ["A"]
    assert "which earlier report" in without[0][1]
    since = Part(Form.A, Answer.UNCHANGED, unchanged_since=7)
    assert annual(parts=with_part(complete(), since)) == []


@pytest.mark.parametrize("text", ["", "  \t"])
def test_answered_without_text_or_figures_is_refused(text):
    errs = errors(parts=with_part(complete(), Part(Form.H, Answer.ANSWERED, text=text)))
    assert where(errs) == ["H"]
    assert "gives no information" in errs[0][1]


def test_answered_with_figures_only_is_accepted():
    part = Part(Form.H, Answer.ANSWERED, lines=(Line(LineKind.VICTIMS, people=42),))
    assert errors(parts=with_part(complete(), part)) == []


def test_a_figure_in_the_wrong_form_is_refused():
    cleared = Line(LineKind.AREA_CLEARED, area_m2=Decimal("1500.0"))
    errs = errors(parts=with_part(complete(), Part(Form.B, Answer.ANSWERED, lines=(cleared,))))
    assert where(errs) == ["B"]
    assert "belongs to form F, not form B" in errs[0][1]
    # the same figure in its own form is fine
    assert (
        errors(parts=with_part(complete(), Part(Form.F, Answer.ANSWERED, lines=(cleared,)))) == []
    )


def test_a_figure_needs_a_value_in_its_column():
    assert rules.line_errors("F", Line(LineKind.AREA_CLEARED)) == [
        "“area cleared in the period” needs an area in square metres."
    ]
    # a value in another column does not count
    assert rules.line_errors("F", Line(LineKind.AREA_CLEARED, people=3))


def test_an_unknown_figure_is_refused():
    assert rules.line_errors("B", Line("landmines", cluster_munitions=3)) == [
        "“landmines” is not a figure this system knows."
    ]


@pytest.mark.parametrize("currency", ["", "usd", "US", "USDX", "€"])
def test_an_amount_needs_a_three_letter_currency(currency):
    line = Line(LineKind.NATIONAL_RESOURCES, amount=Decimal("250000"), currency=currency)
    errs = errors(parts=with_part(complete(), Part(Form.I, Answer.ANSWERED, lines=(line,))))
    assert where(errs) == ["I"]
    assert "three-letter code" in errs[0][1]


@pytest.mark.parametrize("currency", ["USD", "EUR", "NOK"])
def test_an_amount_with_its_currency_is_accepted(currency):
    line = Line(LineKind.ASSISTANCE_RECEIVED, amount=Decimal("1e6"), currency=currency)
    assert errors(parts=with_part(complete(), Part(Form.I, Answer.ANSWERED, lines=(line,)))) == []


def test_a_negative_area_or_amount_is_refused():
    assert rules.line_errors("F", Line(LineKind.AREA_CLEARED, area_m2=Decimal("-1")))
    assert rules.line_errors(
        "I", Line(LineKind.ASSISTANCE_GIVEN, amount=Decimal("-5"), currency="USD")
    )


@pytest.mark.parametrize(
    ("form", "line"),
    [
        ("B", Line(LineKind.DESTROYED, cluster_munitions=-5)),
        ("B", Line(LineKind.STOCKPILE_DECLARED, cluster_munitions=3, submunitions=-1)),
        ("H", Line(LineKind.VICTIMS, people=-2)),
    ],
    ids=["munitions", "submunitions", "people"],
)
def test_a_negative_count_is_refused(form, line):
    assert rules.line_errors(form, line)


# --- totals of form B -------------------------------------------------------------------


def test_destroyed_more_than_declared_plus_discovered_is_refused():
    part = stock(
        cm(LineKind.STOCKPILE_DECLARED, 100),
        cm(LineKind.DISCOVERED, 5),
        cm(LineKind.DESTROYED, 106),
    )
    errs = errors(parts=with_part(complete(), part))
    assert where(errs) == ["B"]
    assert "Destroyed cluster munitions (106)" in errs[0][1]
    assert "held (100)" in errs[0][1] and "discovered (5)" in errs[0][1]


def test_destroyed_equal_to_declared_plus_discovered_is_accepted():
    part = stock(
        cm(LineKind.STOCKPILE_DECLARED, 100, 4000),
        cm(LineKind.DISCOVERED, 5, 200),
        cm(LineKind.DESTROYED, 105, 4200),
    )
    assert errors(parts=with_part(complete(), part)) == []


def test_each_column_is_checked_on_its_own():
    part = stock(cm(LineKind.STOCKPILE_DECLARED, 10, 100), cm(LineKind.DESTROYED, 10, 101))
    errs = errors(parts=with_part(complete(), part))
    assert len(errs) == 1 and "Destroyed submunitions (101)" in errs[0][1]


def test_lines_of_one_kind_are_added_up():
    part = stock(
        cm(LineKind.STOCKPILE_DECLARED, 60),
        cm(LineKind.STOCKPILE_DECLARED, 40),
        cm(LineKind.DESTROYED, 70),
        cm(LineKind.DESTROYED, 30),
    )
    assert errors(parts=with_part(complete(), part)) == []
    assert errors(
        parts=with_part(complete(), replace(part, lines=(*part.lines, cm(LineKind.DESTROYED, 1))))
    )


def test_stockpile_on_record_counts_as_held():
    """An annual report destroying part of a stockpile declared in an earlier report."""
    part = stock(cm(LineKind.DESTROYED, 1856))
    record = OnRecord(declared_munitions=1856)
    assert annual(parts=with_part(complete(), part), on_record=record) == []
    assert annual(parts=with_part(complete(), part)) != []  # nothing held on record
    over = stock(cm(LineKind.DESTROYED, 1857))
    assert where(annual(parts=with_part(complete(), over), on_record=record)) == ["B"]


def test_held_is_the_larger_of_declared_and_on_record_not_their_sum():
    record = OnRecord(declared_munitions=100)
    ok = stock(cm(LineKind.STOCKPILE_DECLARED, 80), cm(LineKind.DESTROYED, 100))
    over = stock(cm(LineKind.STOCKPILE_DECLARED, 80), cm(LineKind.DESTROYED, 101))
    assert rules.totals_errors(ok, record) == []
    assert rules.totals_errors(over, record) != []


# --- header -----------------------------------------------------------------------------


def test_a_period_ending_before_it_starts_is_refused():
    errs = errors(period_from=date(2012, 3, 1), period_to=date(2012, 2, 29))
    assert where(errs) == ["period_to"]
    assert errors(period_from=date(2012, 3, 1), period_to=date(2012, 3, 1)) == []


def test_an_annual_report_covers_a_calendar_year_that_has_ended():
    errs = annual(year=2013, submitted_on=date(2013, 12, 31))
    assert where(errs) == ["year"]
    assert "2013 has not ended" in errs[0][1]
    assert where(annual(year=2014, submitted_on=date(2013, 6, 1))) == ["year"]
    assert annual(year=2013, submitted_on=date(2014, 1, 1)) == []


def test_an_annual_report_needs_its_year():
    assert where(annual(year=None)) == ["year"]


def test_an_annual_report_cannot_cover_a_year_before_entry_into_force():
    assert where(annual(year=2011)) == ["year"]
    assert annual(year=2012) == []  # bound from 1 March 2012: 2012 is reported on


# --- properties of the totals -----------------------------------------------------------

figures = st.lists(st.none() | st.integers(min_value=0, max_value=10**7), max_size=4)


def total(values: list[int | None]) -> int:
    return sum(v or 0 for v in values)


@given(
    declared=st.tuples(figures, figures),
    discovered=st.tuples(figures, figures),
    destroyed=st.tuples(figures, figures),
    recorded=st.tuples(st.integers(0, 10**7), st.integers(0, 10**7)),
)
def test_totals_refused_iff_destroyed_exceeds_held_plus_discovered(
    declared, discovered, destroyed, recorded
):
    lines = []
    for kind, (munitions, submunitions) in (
        (LineKind.STOCKPILE_DECLARED, declared),
        (LineKind.DISCOVERED, discovered),
        (LineKind.DESTROYED, destroyed),
    ):
        n = max(len(munitions), len(submunitions))
        munitions = munitions + [None] * (n - len(munitions))
        submunitions = submunitions + [None] * (n - len(submunitions))
        lines += [
            cm(kind, a, b)
            for a, b in zip(munitions, submunitions, strict=True)
            if (a, b) != (None, None)  # a figure with no value is refused on its own
        ]
    part = replace(stock(*lines), text="Stockpile and destruction figures.")
    record = OnRecord(declared_munitions=recorded[0], declared_submunitions=recorded[1])
    errs = rules.totals_errors(part, record)
    for i, label in enumerate(("cluster munitions", "submunitions")):
        fits = total(destroyed[i]) <= max(total(declared[i]), recorded[i]) + total(discovered[i])
        flagged = [m for m in errs if m.startswith(f"Destroyed {label} (")]
        assert len(flagged) == (0 if fits else 1), (label, errs)
    assert len(errs) <= 2
    # submission_errors reports exactly these, under form B
    assert [m for w, m in errors(parts=with_part(complete(), part), on_record=record)] == errs


# --- reporting status and rates ---------------------------------------------------------

REPORT_STATUSES = [
    DeadlineStatus.MET_ON_TIME,
    DeadlineStatus.MET_LATE,
    DeadlineStatus.NOT_RECORDED,
    DeadlineStatus.OVERDUE,
    DeadlineStatus.NOT_YET_DUE,
    DeadlineStatus.DUE_SOON,
]
PENDING = {DeadlineStatus.NOT_YET_DUE, DeadlineStatus.DUE_SOON}


def deadline(
    iso3: str,
    status: DeadlineStatus,
    kind: Kind = Kind.INITIAL_REPORT,
    due: date = date(2014, 3, 30),
    year: int | None = None,
) -> Deadline:
    met = status in (DeadlineStatus.MET_ON_TIME, DeadlineStatus.MET_LATE)
    return Deadline(
        iso3,
        kind,
        status,
        "",
        due=due,
        original_due=due,
        year=year,
        met_on=due + timedelta(days=1 if status is DeadlineStatus.MET_LATE else 0) if met else None,
    )


@st.composite
def report_deadlines(draw) -> Deadline:
    kind = draw(st.sampled_from([Kind.INITIAL_REPORT, Kind.ANNUAL_REPORT]))
    if kind is Kind.INITIAL_REPORT:
        due, year = draw(st.dates(date(2011, 1, 28), date(2035, 12, 31))), None
    else:
        year = draw(st.integers(2010, 2034))
        due = date(year + 1, 4, 30)
    iso3 = draw(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3))
    return deadline(iso3, draw(st.sampled_from(REPORT_STATUSES)), kind, due, year)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (DeadlineStatus.MET_ON_TIME, ReportingStatus.ON_TIME),
        (DeadlineStatus.MET_LATE, ReportingStatus.LATE),
        (DeadlineStatus.NOT_RECORDED, ReportingStatus.MISSING),
        (DeadlineStatus.OVERDUE, ReportingStatus.MISSING),
        (DeadlineStatus.NOT_YET_DUE, ReportingStatus.NOT_YET_DUE),
        (DeadlineStatus.DUE_SOON, ReportingStatus.NOT_YET_DUE),
    ],
)
def test_reporting_status_reads_the_deadline_status(status, expected):
    assert rules.reporting_status(deadline("AFG", status)) is expected


@given(st.lists(report_deadlines(), max_size=40))
def test_rate_counts_add_up(items):
    r = rules.rate(items)
    assert r.on_time + r.late + r.missing == r.due
    assert r.due == sum(d.status not in PENDING for d in items)
    assert r.submitted == r.on_time + r.late
    if r.due == 0:
        assert r.on_time_pct is None and r.submitted_pct is None
    else:
        assert 0 <= r.on_time_pct <= r.submitted_pct <= 100
    assert r.as_dict()["due"] == r.due


@given(st.lists(report_deadlines(), max_size=30), st.lists(report_deadlines(), max_size=10))
def test_rate_ignores_reports_not_yet_due(items, others):
    pending = [d for d in others if d.status in PENDING]
    assert rules.rate(items + pending) == rules.rate(items)
    assert rules.rate(pending).due == 0


@given(st.lists(report_deadlines(), max_size=30), st.integers(2010, 2035))
def test_initial_and_annual_rates_count_their_own_reports(items, year):
    initial = [d for d in items if d.kind is Kind.INITIAL_REPORT]
    assert rules.initial_rate(items) == rules.rate(initial)
    assert rules.initial_rate(items, year) == rules.rate(d for d in initial if d.due.year == year)
    assert rules.annual_rate(items, year) == rules.rate(
        d for d in items if d.kind is Kind.ANNUAL_REPORT and d.year == year
    )


def test_rate_of_four_states():
    """2 on time, 1 late, 1 missing, and a fifth State whose report is not yet due."""
    items = [
        deadline("AAA", DeadlineStatus.MET_ON_TIME),
        deadline("BBB", DeadlineStatus.MET_ON_TIME),
        deadline("CCC", DeadlineStatus.MET_LATE),
        deadline("DDD", DeadlineStatus.NOT_RECORDED),
        deadline("EEE", DeadlineStatus.NOT_YET_DUE, due=date(2030, 1, 1)),
    ]
    r = rules.rate(items)
    assert r.as_dict() == {
        "due": 4,
        "on_time": 2,
        "late": 1,
        "missing": 1,
        "submitted": 3,
        "on_time_pct": 50.0,  # 2 / 4
        "submitted_pct": 75.0,  # 3 / 4
    }


def test_rate_rounds_to_one_decimal():
    items = [
        deadline("AAA", DeadlineStatus.MET_ON_TIME),
        deadline("BBB", DeadlineStatus.MET_LATE),
        deadline("CCC", DeadlineStatus.OVERDUE),
    ]
    r = rules.rate(items)
    assert (r.on_time_pct, r.submitted_pct) == (33.3, 66.7)  # 1/3, 2/3


def test_rate_with_nothing_due():
    r = rules.rate([deadline("AAA", DeadlineStatus.DUE_SOON)])
    assert (r.due, r.on_time_pct, r.submitted_pct) == (0, None, None)


def test_initial_and_annual_rates_by_year():
    items = [
        deadline("AAA", DeadlineStatus.MET_ON_TIME, due=date(2014, 3, 30)),
        deadline("BBB", DeadlineStatus.MET_LATE, due=date(2015, 1, 28)),
        deadline("AAA", DeadlineStatus.MET_LATE, Kind.ANNUAL_REPORT, date(2015, 4, 30), 2014),
        deadline("BBB", DeadlineStatus.NOT_RECORDED, Kind.ANNUAL_REPORT, date(2016, 4, 30), 2015),
        deadline("AAA", DeadlineStatus.MET_ON_TIME, Kind.ANNUAL_REPORT, date(2016, 4, 30), 2015),
    ]
    assert rules.initial_rate(items).as_dict()["on_time_pct"] == 50.0
    assert (rules.initial_rate(items, 2014).due, rules.initial_rate(items, 2014).on_time) == (1, 1)
    assert rules.initial_rate(items, 2013).due == 0
    a2015 = rules.annual_rate(items, 2015)
    assert (a2015.due, a2015.on_time, a2015.missing, a2015.submitted_pct) == (2, 1, 1, 50.0)
    assert rules.annual_rate(items, 2014).late == 1


@pytest.mark.parametrize(
    ("on", "year"),
    [
        (date(2026, 4, 29), 2024),  # the report on 2025 falls due tomorrow
        (date(2026, 4, 30), 2025),  # due today: the latest fallen due
        (date(2026, 12, 31), 2025),
        (date(2027, 1, 1), 2025),
    ],
)
def test_latest_year_due(on, year):
    assert rules.latest_year_due(on) == year
