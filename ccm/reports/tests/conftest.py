"""People and reports for the reports tests: focal points of Peru and Norway, a coordinator,
an ISU officer, and helpers that build reports through the services."""

import pytest
from django.utils import timezone

from ccm.reports import services
from ccm.reports.choices import Form
from ccm.states.models import State
from ccm.testing import personas
from ccm.testing.personas import token_for

__all__ = ["token_for"]

LAST_YEAR = timezone.localdate().year - 1


@pytest.fixture
def people(reference_data):
    """Focal points of Peru and Norway, a coordinator and an ISU officer (ccm.testing.personas)."""
    return personas.people("PER", "NOR", "coordinator", "staff", "nobody")


def complete_draft(iso3: str, year: int = LAST_YEAR, *, text: str = "Information", **header):
    report = services.start_report(
        State.objects.get(iso3=iso3), "annual", year, actor=None, today=timezone.localdate()
    )
    if header:
        report = services.save_header(report, actor=None, **header)
    for form in Form:
        if form != Form.J:
            services.save_part(report, form, actor=None, answer="answered", text=f"{text} {form}")
    return report


def submitted(iso3: str, year: int = LAST_YEAR, *, on=None, **header):
    report = complete_draft(iso3, year, **header)
    return services.submit_report(report, on=on or timezone.localdate(), actor=None)
