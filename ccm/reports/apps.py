from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

NEVER_REVERTED = _(
    "Article 7 reports are never reverted from their history: they change only through "
    "their steps (saving a draft, submitting, amending, visibility), each recorded as a "
    "report event. To correct a submitted report, amend it."
)


def report_events(report) -> list:
    """The report's events, as entries of its history."""
    from ccm.history.reading import Entry

    from .models import ReportEvent

    return [
        Entry.event(e.recorded_at, e.actor, e.get_via_display(), e.get_kind_display())
        for e in ReportEvent.objects.filter(report=report).select_related("actor")
    ]


class ReportsConfig(AppConfig):
    name = "ccm.reports"
    verbose_name = _("Article 7 reports")

    def ready(self) -> None:
        from ccm.history.registry import FACT, RevertPolicy, register
        from ccm.obligations.querysets import SUBMISSION_SOURCES

        from .models import PublishedOverdue, Report, ReportLine, ReportPart

        # The Article 7 deadlines read when each report was first submitted from here.
        if Report.objects.first_submissions not in SUBMISSION_SOURCES:
            SUBMISSION_SOURCES.append(Report.objects.first_submissions)

        # A report changes only through its steps, each a service writing a report event;
        # parts and figures follow their report (decision 0004).
        never = RevertPolicy(False, NEVER_REVERTED)
        register(Report, state_path="state", revert=never, events=report_events)
        register(ReportPart, state_path="report__state", revert=never)
        register(ReportLine, state_path="part__report__state", revert=never)
        register(PublishedOverdue, state_path="state", revert=FACT)  # a listing as printed
