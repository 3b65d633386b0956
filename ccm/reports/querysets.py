"""Who reads which report. Every page, export and endpoint lists reports through
`Report.objects.visible_to(user)`; a report the user may not read is "not found". The
Article 7 deadlines read when each report was first submitted through
`Report.objects.first_submissions()` (registered by ccm.reports.apps)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .choices import ReportKind, ReportStatus, Visibility


class ReportQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=ReportStatus.SUBMITTED)

    def visible_to(self, user):
        """Submitted public reports for everyone; restricted ones also for ISU staff,
        coordinators and the State's focal points; drafts for staff and the State only."""
        from ccm.accounts.access import access

        a = access(user)
        if a.staff:
            return self
        readable = Q(status=ReportStatus.SUBMITTED) & Q(visibility=Visibility.PUBLIC)
        if a.coordinator:
            readable |= Q(status=ReportStatus.SUBMITTED)
        if a.state_id is not None:
            readable |= Q(state_id=a.state_id)
        return self.filter(readable)

    def first_submissions(self, iso3: str | None = None):
        """iso3 → (initial report first submitted on, {year: annual report first submitted
        on}) from every submitted version, restricted ones included: that a State reported,
        and when, is what the deadlines need; what it reported stays restricted (1 query)."""
        qs = self.submitted()
        if iso3:
            qs = qs.filter(state__iso3=iso3)
        out: dict = {}
        rows = qs.values_list("state__iso3", "kind", "year").annotate(
            first=models.Min("submitted_on")
        )
        for code, kind, year, first in rows.order_by():
            entry = out.setdefault(code, [None, {}])
            if kind == ReportKind.INITIAL:
                entry[0] = first
            else:
                entry[1][year] = first
        return {code: (initial, annual) for code, (initial, annual) in out.items()}
