"""Deadlines page, its downloads and the iCalendar feed."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from ccm.core.caching import cached_get
from ccm.exports import tabular
from ccm.exports.tables import DEADLINES
from ccm.obligations import deadlines as rules
from ccm.obligations.counts import destroyed_totals, obligation_counts
from ccm.obligations.forms import DeadlineFilterForm
from ccm.obligations.published import compare
from ccm.obligations.querysets import deadlines_on, select, stockpile_records
from ccm.states.models import GroupMembership, State

from .vocabularies import VOCABULARIES


def _filtered(request):
    form = DeadlineFilterForm(request.GET)
    if not form.is_valid():
        return form, None, None, None
    q = form.cleaned_data
    on: date = q["as_of"] or timezone.localdate()
    members = None
    if q["region"]:
        members = set(
            GroupMembership.objects.valid_on(on)
            .filter(group__grouping__code="ccm-region", group__code=q["region"])
            .values_list("state__iso3", flat=True)
        )
    every = deadlines_on(on, soon_days=q["window"] or rules.SOON_DAYS)
    items = select(
        every,
        iso3=q["state"] or None,
        article=q["article"],
        status=q["status"] or None,
        members=members,
    )
    items.sort(key=lambda d: (d.due or date.max, d.iso3, d.kind.value))
    return form, on, items, every


@require_safe
@cached_get
def deadlines_page(request):
    form, on, items, every = _filtered(request)
    if items is None:
        return render(request, "public/deadlines.html", {"form": form}, status=400)
    fmt = request.GET.get("format")
    if fmt in tabular.FORMATS:
        sheet = tabular.Sheet(DEADLINES, items, on.isoformat())
        return tabular.http_response(fmt, f"ccm-deadlines-{on}", sheet)
    if fmt:
        form.add_error(None, _("Unknown format “%(fmt)s”: use csv or xlsx.") % {"fmt": fmt})
        return render(request, "public/deadlines.html", {"form": form}, status=400)
    chosen = bool(form.cleaned_data["article"] or form.cleaned_data["status"])
    if not chosen:
        items = [d for d in items if rules.listed_by_default(d)]
    names = dict(State.objects.values_list("iso3", "name"))
    return render(
        request,
        "public/deadlines.html",
        {
            "form": form,
            "on": on,
            "items": items,
            "names": names,
            "counts": obligation_counts(every),
            "destroyed": destroyed_totals(stockpile_records(), on),
            "query": request.GET.urlencode(),
            "default_list": not chosen,
        },
    )


@require_safe
@cached_get
def deadlines_ics(request):
    """An iCalendar feed of deadlines (all, or ?state=ISO3, ?article=3|4|7) a calendar subscribes to."""
    form, _on, items, _every = _filtered(request)
    if items is None:
        return HttpResponse(
            "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    cal = Calendar()
    cal.add("prodid", "-//CCM Tracker//Convention on Cluster Munitions deadlines//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "CCM deadlines")
    stamp = timezone.now()
    for d in items:
        if d.due is None:
            continue
        event = Event()
        year = f" {d.year}" if d.year else ""
        event.add(
            "uid", f"{d.iso3}-{d.kind.value}{year.strip() and '-' + year.strip()}@ccm-tracker"
        )
        event.add("dtstamp", stamp)
        event.add("dtstart", d.due)
        event.add(
            "summary",
            f"{d.iso3}: {d.kind.label}{year} ({d.status.label})",
        )
        event.add("description", str(d.explanation))
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ccm-deadlines.ics"'
    return response


@require_safe
@cached_get
def published_figures(request):
    """Published Article 3/4 counts beside the computed ones, with why they differ."""
    return render(request, "public/published_figures.html", {"rows": compare(), **VOCABULARIES})
