"""API router: versioned under /api/v1/, with the OpenAPI schema and its docs (served offline)."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, include, path, re_path, resolve
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)

from ccm.core.caching import cached_get
from ccm.history.api import HistoryView
from ccm.obligations.api import views as obligations
from ccm.obligations.api import writes
from ccm.reports.api import views as reports
from ccm.states.api import views as states

# Swagger UI injects its own <style> elements: the documentation page (and only it) allows
# inline styles; scripts stay this site's own files. (Redoc is not offered: it fetches a logo
# from its vendor and starts a blob worker.)
docs_csp = csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]})

v1 = [
    path("membership/summary", cached_get(states.SummaryView.as_view()), name="membership-summary"),
    path(
        "membership/timeseries",
        cached_get(states.TimeseriesView.as_view()),
        name="membership-timeseries",
    ),
    path("states/", cached_get(states.StateListView.as_view()), name="state-list"),
    path("states/<str:iso3>", cached_get(states.StateDetailView.as_view()), name="state-detail"),
    path("deadlines", cached_get(obligations.DeadlineListView.as_view()), name="deadline-list"),
    path(
        "obligations", cached_get(obligations.ObligationListView.as_view()), name="obligation-list"
    ),
    path(
        "obligations/counts",
        cached_get(obligations.ObligationCountsView.as_view()),
        name="obligation-counts",
    ),
    path(
        "obligations/<str:iso3>/<int:article>",
        cached_get(writes.ObligationWriteView.as_view()),
        name="obligation-detail",
    ),
    path(
        "obligations/<str:iso3>/<int:article>/extension-requests",
        writes.ExtensionRequestCreateView.as_view(),
        name="extension-request-create",
    ),
    path(
        "states/<str:iso3>/stockpile-records",
        writes.StockpileRecordCreateView.as_view(),
        name="stockpile-record-create",
    ),
    path(
        "states/<str:iso3>/stockpile-records/<int:pk>",
        cached_get(writes.StockpileRecordWriteView.as_view()),
        name="stockpile-record-detail",
    ),
    path("history/<str:label>/<int:pk>", HistoryView.as_view(), name="history"),
    path(
        "extension-requests",
        cached_get(obligations.ExtensionRequestListView.as_view()),
        name="extension-request-list",
    ),
    path("reports", cached_get(reports.ReportListView.as_view()), name="report-list"),
    path("reports/<int:pk>", cached_get(reports.ReportDetailView.as_view()), name="report-detail"),
    path(
        "reporting/status",
        cached_get(reports.ReportingStatusView.as_view()),
        name="reporting-status",
    ),
    path("reporting/rates", cached_get(reports.RatesView.as_view()), name="reporting-rates"),
    path("reporting/overdue", cached_get(reports.OverdueView.as_view()), name="reporting-overdue"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (CSP).
    path("docs/", docs_csp(SpectacularSwaggerSplitView.as_view(url_name="v1:schema")), name="docs"),
]


@csrf_exempt  # nothing is there to protect: a write to no resource is a 404, not a 403
def not_found(request, *args, **kwargs):
    """Any other path under /api/: the API's JSON 404, not the site's HTML page (a client
    of the API reads JSON whatever it asked for). A path that lacks only its final slash is
    redirected to it, as the site does (APPEND_SLASH)."""
    path_info = request.path_info
    if settings.APPEND_SLASH and request.method in ("GET", "HEAD") and not path_info.endswith("/"):
        try:
            match = resolve(f"{path_info}/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse({"detail": _("Not found.")}, status=404)


urlpatterns = [
    path("v1/", include((v1, "v1"), namespace="v1")),
    re_path(r"", not_found, name="not-found"),
]
