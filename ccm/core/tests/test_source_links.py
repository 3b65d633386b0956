"""Pages link a fact's sources only when they are web addresses (or pages of this site): a
`javascript:` source stored before it was refused, or written around the checks, is printed
as text, never as a link."""

from __future__ import annotations

import re

from ccm.core.caching import forget_data_version
from ccm.obligations.models import PublishedFigure, StockpileRecord
from ccm.reports.choices import ReportStatus, Visibility
from ccm.reports.models import PublishedOverdue, Report
from ccm.states.models import Instrument, Signature

JS = "javascript:alert(document.cookie)"
STORED = f"https://www.clusterconvention.org/ | {JS} | java\tscript:alert(2)"


def _hrefs(html: str) -> list[str]:
    return re.findall(r"""href\s*=\s*["']([^"']*)["']""", html, flags=re.IGNORECASE)


def _unsafe(hrefs: list[str]) -> list[str]:
    return [h for h in hrefs if re.sub(r"[\s\x00-\x1f]", "", h).lower().startswith(
        ("javascript:", "vbscript:", "data:")
    )]  # fmt: skip


def test_a_stored_javascript_source_is_never_rendered_as_a_link(reference_data, client):
    # Stored directly in the database, as a row written before the check existed would be.
    Signature.objects.filter(state__iso3="PER").update(source_url=STORED)
    Instrument.objects.filter(state__iso3="PER").update(source_url=STORED)
    StockpileRecord.objects.filter(obligation__state__iso3="PER").update(source_url=STORED)
    PublishedFigure.objects.update(source_url=STORED)
    PublishedOverdue.objects.update(source_url=JS)
    report = Report.objects.filter(
        status=ReportStatus.SUBMITTED, visibility=Visibility.PUBLIC
    ).first()
    Report.objects.filter(pk=report.pk).update(source_url=STORED)
    forget_data_version()

    pages = {
        "/states/PER/": 2,  # the timeline's acts and the stockpile records
        "/deadlines/published/": 1,
        f"/reports/{report.pk}/": 1,
        "/reports/published/": 0,  # the list names its source by the list's name
    }
    for url, links in pages.items():
        r = client.get(url)
        assert r.status_code == 200, url
        html = r.content.decode()
        hrefs = _hrefs(html)
        assert _unsafe(hrefs) == [], url
        assert hrefs.count("https://www.clusterconvention.org/") >= links, url
        assert "javascript:alert(document.cookie)" in html or url == "/reports/published/", url
