"""Art. 15-17 and 20 on real named cases (DOMAIN.md's worked example and the data)."""

from datetime import date

import pytest

from ccm.states import status as rules
from ccm.states.models import State
from ccm.states.status import StateActs, Status, entry_into_force_for, status_on


@pytest.mark.parametrize(
    ("deposited", "expected"),
    [
        (date(2013, 4, 30), date(2013, 10, 1)),  # DOMAIN.md worked example
        (date(2010, 7, 28), date(2011, 1, 1)),  # Comoros
        (date(2023, 2, 28), date(2023, 8, 1)),  # DOMAIN.md, Art. 17(2)
        (date(2010, 10, 19), date(2011, 4, 1)),  # DOMAIN.md, Art. 17(2)
        (date(2010, 2, 16), date(2010, 8, 1)),  # the thirtieth instrument, Art. 17(1)
        (
            date(2008, 12, 3),
            date(2010, 8, 1),
        ),  # ratified on the day of signature (Holy See, Ireland, Norway, Sierra Leone)
        (date(2010, 3, 1), date(2010, 9, 1)),  # first month after the thirtieth
        (date(2009, 12, 31), date(2010, 8, 1)),
    ],
)
def test_entry_into_force(deposited, expected):
    assert entry_into_force_for(deposited).value == expected


def test_worked_example_explanation_cites_article():
    eif = entry_into_force_for(date(2013, 4, 30))
    assert "Art. 17(2)" in eif.explanation
    assert "30 April 2013" in eif.explanation


def test_comoros_from_the_data(reference_data):
    com = State.objects.with_acts().get(iso3="COM")
    assert com.instrument.deposited_on == date(2010, 7, 28)
    assert com.status_on(date(2010, 12, 31)).bound is False
    on = com.status_on(date(2011, 1, 1))
    assert on.status is Status.STATE_PARTY and on.bound
    assert on.entry_into_force.value == date(2011, 1, 1)


def test_lithuania_withdrawal(reference_data):
    ltu = State.objects.with_acts().get(iso3="LTU")
    before = ltu.status_on(date(2025, 3, 5))
    after = ltu.status_on(date(2025, 3, 6))
    assert (before.status, before.bound) == (Status.STATE_PARTY, True)
    assert "6 March 2025" in before.explanation
    assert (after.status, after.bound) == (Status.WITHDRAWN, False)
    assert "Art. 20" in after.explanation


def test_signatory_and_not_party(reference_data):
    ago = State.objects.with_acts().get(iso3="AGO")  # Angola signed 3 Dec 2008, no instrument
    assert ago.status_on(date(2008, 12, 2)).status is Status.NOT_PARTY
    assert ago.status_on(date(2008, 12, 3)).status is Status.SIGNATORY
    usa = State.objects.with_acts().get(iso3="USA")
    assert usa.status_on(date(2026, 1, 1)).status is Status.NOT_PARTY


def test_withdrawal_from_notification_only_takes_six_months():
    acts = StateActs(
        "XXX",
        date(2008, 12, 3),
        "ratification",
        date(2009, 1, 5),
        withdrawal_notified_on=date(2030, 8, 31),
    )
    eff = rules.withdrawal_effective(acts)
    assert eff.value == date(2031, 2, 28)  # six months later, clamped to the month's end
    assert status_on(acts, date(2031, 2, 27)).status is Status.STATE_PARTY
    assert status_on(acts, date(2031, 2, 28)).status is Status.WITHDRAWN
    assert "armed conflict" in eff.explanation


def test_deposit_day_makes_a_state_party_not_yet_bound():
    acts = StateActs("XXX", None, "accession", date(2023, 2, 28))
    s = status_on(acts, date(2023, 2, 28))
    assert s.status is Status.STATE_PARTY and not s.bound
    assert "1 August 2023" in s.explanation


def test_explanation_never_cites_a_later_act(reference_data):
    ltu = State.objects.with_acts().get(iso3="LTU")
    assert "Withdrawal" not in ltu.status_on(date(2015, 1, 1)).explanation
    assert "takes effect on 6 March 2025" in ltu.status_on(date(2025, 1, 1)).explanation


def test_admin_forms_check_the_acts(reference_data):
    """Model validation (the admin's path) applies the same rules as the import."""
    from django.core.exceptions import ValidationError

    from ccm.states.models import Instrument, Withdrawal

    ago = State.objects.get(iso3="AGO")  # a signatory
    with pytest.raises(ValidationError) as exc:
        Instrument(state=ago, kind="accession", deposited_on=date(2024, 1, 1)).full_clean()
    assert "kind" in exc.value.message_dict
    Instrument(state=ago, kind="ratification", deposited_on=date(2024, 1, 1)).full_clean()
    lao = State.objects.get(iso3="LAO")
    with pytest.raises(ValidationError) as exc:
        Withdrawal(
            state=lao, notified_on=date(2026, 1, 1), effective_on=date(2026, 2, 1)
        ).full_clean()
    assert "effective_on" in exc.value.message_dict
