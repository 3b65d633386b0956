"""The extension-request lifecycle through its services and through the admin."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from ccm.meetings.models import Meeting
from ccm.obligations import services
from ccm.obligations.deadlines import DeadlineStatus
from ccm.obligations.models import ExtensionRequest, Obligation, ObligationEvent
from ccm.obligations.querysets import deadlines_on


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_superuser(
        "isu", "isu@example.org", "a long passphrase here"
    )


@pytest.fixture
def chad(reference_data):
    """Chad, Art. 4: deadline 1 October 2026 by the 12MSP decision."""
    return Obligation.objects.select_related("state").get(state__iso3="TCD", article=4)


def snapshot():
    return (
        list(
            ExtensionRequest.objects.values_list("pk", "decision", "granted_deadline", "decided_at")
        ),
        ObligationEvent.objects.count(),
    )


def test_full_lifecycle_moves_the_deadline(chad, officer):
    req = services.submit_extension_request(
        chad, submitted_on=date(2026, 3, 1), requested_deadline=date(2031, 10, 1), actor=officer
    )
    assert req.sequence == 3 and req.decision == "pending"
    services.record_analysis(
        req, analysed_on=date(2026, 6, 1), symbol="CCM/CONF/2026/5", actor=officer
    )
    before = {d.kind.value: d for d in deadlines_on(date(2026, 11, 23), iso3="TCD")}[
        "art4.clearance"
    ]
    assert before.status is DeadlineStatus.AWAITING_DECISION  # the request has no decision yet
    three_rc = Meeting.objects.get(code="3RC")
    services.decide_extension_request(
        req,
        outcome="granted_shorter",
        meeting=three_rc,
        granted_until=date(2029, 10, 1),
        actor=officer,
    )
    after = {d.kind.value: d for d in deadlines_on(date(2026, 11, 23), iso3="TCD")}[
        "art4.clearance"
    ]
    assert after.due == date(2029, 10, 1) and after.status is DeadlineStatus.NOT_YET_DUE
    assert "3RC" in after.explanation
    kinds = list(req.events.values_list("kind", "actor__username"))
    assert kinds == [("submitted", "isu"), ("analysed", "isu"), ("decided", "isu")]


def test_too_long_a_request_is_refused_and_nothing_saved(chad, officer):
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.submit_extension_request(
            chad, submitted_on=date(2026, 3, 1), requested_deadline=date(2032, 1, 1), actor=officer
        )
    assert "at most 5 years" in str(exc.value.message_dict["requested_deadline"])
    assert snapshot() == before


def test_a_request_after_the_deadline_is_refused(chad, officer):
    with pytest.raises(ValidationError) as exc:
        services.submit_extension_request(
            chad, submitted_on=date(2026, 10, 2), requested_deadline=date(2028, 1, 1), actor=officer
        )
    assert "submitted_on" in exc.value.message_dict


@pytest.mark.parametrize("meeting", [Meeting(code="99MSP", kind="msp"), "IM2022"])
def test_a_decision_by_a_meeting_that_does_not_exist_or_cannot_decide(chad, officer, meeting):
    req = services.submit_extension_request(
        chad, submitted_on=date(2026, 3, 1), requested_deadline=date(2030, 10, 1), actor=officer
    )
    if isinstance(meeting, str):
        meeting = Meeting.objects.get(code=meeting)  # an intersessional meeting does not decide
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.decide_extension_request(
            req, outcome="granted", meeting=meeting, granted_until=date(2030, 10, 1), actor=officer
        )
    assert "decided_at" in exc.value.message_dict
    assert snapshot() == before


def test_the_admin_goes_through_the_services(chad, officer, client):
    client.force_login(officer)
    url = "/admin/obligations/extensionrequest/add/"
    form = {
        "obligation": chad.pk,
        "submitted_on": "2026-03-01",
        "submitted_precision": "day",
        "requested_deadline": "2033-01-01",
        "decision": "pending",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    before = snapshot()
    r = client.post(url, form)
    assert r.status_code == 200 and "at most 5 years" in r.content.decode()
    assert snapshot() == before
    form["requested_deadline"] = "2030-10-01"
    r = client.post(url, form)
    assert r.status_code == 302
    req = ExtensionRequest.objects.get(obligation=chad, sequence=3)
    assert list(req.events.values_list("kind", "actor__username")) == [("submitted", "isu")]
