"""The public site: read-only, server-rendered. Only this layer decides what "today" is."""

from __future__ import annotations

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ccm.core.caching import cached_get
from ccm.exports import membership_table, tabular
from ccm.exports.tables import MEMBERSHIP
from ccm.obligations.deadlines import latest_and_next_reports
from ccm.obligations.models import ExtensionRequest
from ccm.obligations.querysets import deadlines_on, obligations_by_state
from ccm.obligations.timeline import obligation_timeline
from ccm.states import membership
from ccm.states.forms import SORTS, MembershipForm, StateFilterForm
from ccm.states.listing import state_rows
from ccm.states.models import Instrument, Signature, State, Withdrawal
from ccm.states.timeline import state_detail

from .vocabularies import VOCABULARIES

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOWNLOADS = [*tabular.FORMATS, "docx"]


def _bad_request(request, template, form, status=400):
    return render(request, template, {"form": form}, status=status)


def latest_acts(limit: int = 8) -> list[dict]:
    """The most recent depositary acts of any kind, with localized State names (4 queries)."""
    acts = [
        *(
            {"date": s.signed_on, "state": s.state, "what": _("signature")}
            for s in Signature.objects.select_related("state").order_by("-signed_on")[:limit]
        ),
        *(
            {"date": i.deposited_on, "state": i.state, "what": i.get_kind_display()}
            for i in Instrument.objects.select_related("state").order_by("-deposited_on")[:limit]
        ),
        *(
            {"date": w.effective_on or w.notified_on, "state": w.state, "what": _("withdrawal")}
            for w in Withdrawal.objects.select_related("state").order_by(
                "-effective_on", "-notified_on"
            )[:limit]
        ),
    ]
    acts = sorted(acts, key=lambda a: a["date"], reverse=True)[:limit]
    prefetch_related_objects([a["state"] for a in acts], "names")
    return acts


@require_safe
def ping(request):
    """A trivial view: the benchmark's baseline for throughput on the same server."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
@cached_get
def home(request):
    today = timezone.localdate()
    try:
        summary = membership.summary(today, "ccm-region")
    except membership.UnknownGrouping:  # a database without the CCM regions
        summary = membership.summary(today)
    series = membership.timeseries()["points"]
    chart = {
        "labels": [p["date"] for p in series],
        "states_parties": [p["states_parties"] for p in series],
        "in_force": [p["in_force"] for p in series],
        "signatories": [p["signatories"] for p in series],
        "titles": {
            "states_parties": _("States Parties"),
            "in_force": _("Bound (in force)"),
            "signatories": _("Signatories"),
        },
    }
    return render(
        request,
        "public/home.html",
        {
            "today": today,
            "summary": summary,
            "chart": chart,
            "latest": latest_acts(),
        },
    )


@require_safe
@cached_get
def membership_on_date(request):
    params = request.GET.copy()
    params.setdefault("grouping", "ccm-region")
    form = MembershipForm(params)
    if not form.is_valid():
        return _bad_request(request, "public/membership.html", form)
    on = form.cleaned_data["as_of"] or timezone.localdate()
    table = membership_table.build(on, form.cleaned_data["grouping"] or None)
    fmt = request.GET.get("format")
    if fmt:
        if fmt not in DOWNLOADS:
            form.add_error(
                None, _("Unknown format “%(fmt)s”: use csv, xlsx or docx.") % {"fmt": fmt}
            )
            return _bad_request(request, "public/membership.html", form)
        slug = form.cleaned_data["grouping"] or "all"
        filename = f"ccm-membership-{on.isoformat()}-{slug}"
        if fmt == "docx":
            return tabular.attachment(membership_table.to_docx(table), DOCX, f"{filename}.docx")
        sheet = tabular.Sheet(MEMBERSHIP, membership_table.rows(table), on.isoformat())
        return tabular.http_response(fmt, filename, sheet)
    query = params.urlencode()
    return render(
        request,
        "public/membership.html",
        {"form": form, "table": table, "on": on, "query": query, "formats": list(DOWNLOADS)},
    )


@require_safe
@cached_get
def state_list(request):
    form = StateFilterForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, "public/state_list.html", form)
    q = form.cleaned_data
    on = q["as_of"] or timezone.localdate()
    sort = q["sort"] or "name"
    rows = state_rows(on, status=q["status"], group=q.get("group_obj"), q=q["q"], sort=sort)
    params = request.GET.copy()
    sort_urls = {}
    for key in ("name", "status", "deposited", "eif"):
        params["sort"] = f"-{key}" if sort == key and f"-{key}" in SORTS else key
        sort_urls[key] = "?" + params.urlencode()
    return render(
        request,
        "public/state_list.html",
        {
            "form": form,
            "rows": rows,
            "on": on,
            "sort": sort,
            "sort_urls": sort_urls,
            **VOCABULARIES,
        },
    )


@require_safe
@cached_get
def state_page(request, iso3: str):
    form = MembershipForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, "public/state_list.html", form)
    on = form.cleaned_data["as_of"] or timezone.localdate()
    try:
        state = State.objects.with_acts().get(iso3=iso3.upper())
    except State.DoesNotExist:
        raise Http404(_("No State with ISO3 code “%(iso3)s”.") % {"iso3": iso3}) from None
    acts = state.acts()  # this State's acts only, from the row just read
    obligations = obligations_by_state(state.iso3)
    deadlines = deadlines_on(on, iso3=state.iso3, obligations=obligations, acts={state.iso3: acts})
    requests = ExtensionRequest.objects.filter(obligation__state=state).select_related(
        "obligation", "decided_at"
    )
    obligations = obligations.get(state.iso3, [])
    timeline = obligation_timeline(acts, obligations)
    return render(
        request,
        "public/state.html",
        {
            "state": state,
            "detail": state_detail(state, on),
            "on": on,
            "form": form,
            "deadlines": latest_and_next_reports(deadlines),
            "extension_requests": requests,
            "obligations": obligations,
            "timeline": timeline,
            **VOCABULARIES,
        },
    )


@require_safe
def choose_language(request):
    """Set the language cookie from a plain GET form and go back (no CSRF token in cached pages).

    Only the preference cookie is set; `next` must stay on this site.
    """
    code = request.GET.get("language", "")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
