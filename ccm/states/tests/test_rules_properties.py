"""Property-based tests of the membership rules (hypothesis)."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ccm.states import status as rules
from ccm.states.status import ENTRY_INTO_FORCE, StateActs, Status, count_series, counts_on

deposits = st.dates(min_value=date(2008, 12, 3), max_value=date(2060, 12, 31))
days = st.dates(min_value=date(2008, 1, 1), max_value=date(2062, 12, 31))


@given(deposits)
def test_entry_into_force_is_first_of_month_after_deposit(d):
    eif = rules.entry_into_force_for(d).value
    assert eif.day == 1
    assert eif >= ENTRY_INTO_FORCE
    assert eif > d
    if d > rules.THIRTIETH_DEPOSIT:
        # five to six months later: the first of the sixth month after the month of deposit
        assert timedelta(days=150) <= eif - d <= timedelta(days=184)


@given(deposits, deposits)
def test_entry_into_force_is_monotonic(a, b):
    if a <= b:
        assert rules.entry_into_force_for(a).value <= rules.entry_into_force_for(b).value


@st.composite
def state_acts(draw, iso3=None):
    """Acts that the importer would accept: signature only until 1 Aug 2010, then instrument, then withdrawal."""
    iso3 = iso3 or draw(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3))
    signed = draw(
        st.none() | st.dates(min_value=rules.OPENED_FOR_SIGNATURE, max_value=ENTRY_INTO_FORCE)
    )
    deposited = draw(
        st.none()
        | st.dates(min_value=signed or rules.OPENED_FOR_SIGNATURE, max_value=date(2050, 1, 1))
    )
    kind = None if deposited is None else ("ratification" if signed else "accession")
    notified = effective = None
    if deposited and draw(st.booleans()):
        notified = draw(
            st.none()
            | st.dates(min_value=deposited + timedelta(days=1), max_value=date(2055, 1, 1))
        )
        if notified is None or draw(st.booleans()):
            effective = draw(
                st.dates(
                    min_value=(notified or deposited) + timedelta(days=1),
                    max_value=date(2056, 1, 1),
                )
            )
    return StateActs(iso3, signed, kind, deposited, notified, effective)


@st.composite
def universes(draw):
    n = draw(st.integers(min_value=0, max_value=25))
    return {f"S{i:02d}": draw(state_acts(iso3=f"S{i:02d}")) for i in range(n)}


@given(universes(), days)
def test_counts_add_up_to_the_universe(acts, on):
    c = counts_on(acts.values(), on)
    assert c.total == len(acts)
    assert 0 <= c.in_force <= c.states_parties


@given(state_acts(), days, days)
def test_status_never_goes_backwards(acts, a, b):
    order = [Status.NOT_PARTY, Status.SIGNATORY, Status.STATE_PARTY, Status.WITHDRAWN]
    if a <= b:
        sa, sb = rules.status_on(acts, a), rules.status_on(acts, b)
        assert order.index(sa.status) <= order.index(sb.status)
        if sa.bound and sb.status is Status.STATE_PARTY:
            assert sb.bound


@given(state_acts(), days)
def test_bound_exactly_from_entry_into_force(acts, on):
    s = rules.status_on(acts, on)
    withdrawn = rules.withdrawal_effective_date(acts)
    expected = (
        acts.deposited_on is not None
        and rules.entry_into_force_for(acts.deposited_on).value <= on
        and not (withdrawn and withdrawn <= on)
    )
    assert s.bound == expected


@settings(max_examples=60)
@given(universes(), st.lists(days, min_size=1, max_size=8))
def test_series_agrees_with_counts_on_every_date(acts, probes):
    series = count_series(acts)
    dates = [p.on for p in series]
    assert dates == sorted(set(dates))  # one point per date, in order
    for on in [*probes, *dates]:
        before = [p for p in series if p.on <= on]
        expected = counts_on(acts.values(), on)
        got = before[-1].counts if before else rules.Counts(not_party=len(acts))
        assert got == expected, on


@settings(max_examples=40)
@given(universes(), st.data())
def test_series_respects_dated_group_membership(acts, data):
    members = {}
    for iso3 in acts:
        start = data.draw(st.none() | days)
        end = data.draw(
            st.none()
            | st.dates(
                min_value=(start or date(2008, 1, 1)) + timedelta(days=1),
                max_value=date(2063, 1, 1),
            )
        )
        members[iso3] = [rules.Period(start, end)]
    series = count_series(acts, members)
    for on in [data.draw(days) for _ in range(5)] + [p.on for p in series]:
        inside = [a for iso3, a in acts.items() if members[iso3][0].contains(on)]
        before = [p for p in series if p.on <= on]
        baseline = sum(1 for iso3 in acts if members[iso3][0].start is None)
        got = before[-1].counts if before else rules.Counts(not_party=baseline)
        assert got == counts_on(inside, on)
