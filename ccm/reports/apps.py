from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "ccm.reports"
    verbose_name = _("Article 7 reports")

    def ready(self) -> None:
        from ccm.obligations.querysets import SUBMISSION_SOURCES

        from .querysets import first_submissions

        if first_submissions not in SUBMISSION_SOURCES:
            SUBMISSION_SOURCES.append(first_submissions)
