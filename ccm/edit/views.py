"""Editing pages for focal points (their own State) and ISU staff (every State).

Each view reaches the State through ccm.accounts.access.state_for_edit, so another
State's page answers 404 exactly like a State that does not exist; every save goes
through the services as one recorded action (through = editing page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ccm.accounts.access import access, editable_states, state_for_edit
from ccm.core.forms import add_service_errors
from ccm.history.concurrency import EditConflict
from ccm.history.models import Via
from ccm.obligations import services
from ccm.obligations.choices import Article
from ccm.obligations.forms import ExtensionRequestForm, ObligationForm, StockpileRecordForm
from ccm.obligations.models import ExtensionRequest, Obligation, StockpileRecord


@login_required
def home(request):
    """The States the user may edit: a focal point goes straight to theirs."""
    states = editable_states(request.user).order_by("name")
    a = access(request.user)
    if a.state_id is not None and not a.staff:
        return redirect("edit:state", iso3=states.get().iso3)
    q = request.GET.get("q", "").strip()
    if q:
        states = states.filter(name__icontains=q) | states.filter(iso3__iexact=q)
    return render(request, "edit/home.html", {"states": states[:200], "q": q, "access": a})


@login_required
def state(request, iso3: str):
    st = state_for_edit(request.user, iso3)
    obligations = {
        ob.article: ob
        for ob in Obligation.objects.filter(state=st).prefetch_related(
            "stockpile_records",
            Prefetch("extension_requests", ExtensionRequest.objects.select_related("decided_at")),
        )
    }
    return render(
        request,
        "edit/state.html",
        {
            "state": st,
            "articles": [(a, obligations.get(a.value)) for a in Article],
            "access": access(request.user),
        },
    )


def _saved(request, st, what: str):
    messages.success(request, what)
    return redirect("edit:state", iso3=st.iso3)


def _conflict(request, form, conflict: EditConflict):
    form.refresh_token(conflict.obj)
    messages.error(request, str(conflict))
    return conflict


@login_required
@require_http_methods(["GET", "POST"])
def obligation(request, iso3: str, article: int):
    st = state_for_edit(request.user, iso3)
    if article not in Article.values:
        raise Http404
    ob = Obligation.objects.filter(state=st, article=article).first()
    staff = access(request.user).staff
    kwargs = {"state": st, "article": article, "staff": staff, "instance": ob}
    form = ObligationForm(request.POST or None, **kwargs)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_obligation(
                st,
                article,
                actor=request.user,
                via=Via.FORM,
                expected=form.expected(),
                **form.facts(),
            )
        except EditConflict as exc:
            conflict = _conflict(request, form, exc)
        except ValidationError as exc:
            add_service_errors(form, [(None, m) for m in exc.messages])
        else:
            return _saved(
                request, saved.state, _("Article %(article)d saved.") % {"article": article}
            )
    return render(
        request,
        "edit/form.html",
        {
            "state": st,
            "form": form,
            "conflict": conflict,
            "record": ob,
            "title": _("Article %(article)d obligation of %(state)s")
            % {"article": article, "state": st.name},
        },
        status=409 if conflict else (400 if form.errors else 200),
    )


@login_required
@require_http_methods(["GET", "POST"])
def stockpile_record(request, iso3: str, pk: int | None = None):
    st = state_for_edit(request.user, iso3)
    ob = get_object_or_404(Obligation, state=st, article=3)
    record = get_object_or_404(StockpileRecord, pk=pk, obligation=ob) if pk else None
    form = StockpileRecordForm(
        request.POST or None,
        obligation=ob,
        staff=access(request.user).staff,
        instance=record,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_stockpile_record(
                ob,
                record=record,
                actor=request.user,
                via=Via.FORM,
                expected=form.expected(),
                **form.values(),
            )
        except EditConflict as exc:
            conflict = _conflict(request, form, exc)
        except ValidationError as exc:
            add_service_errors(form, [(None, m) for m in exc.messages])
        else:
            return _saved(request, st, _("Stockpile record saved."))
    return render(
        request,
        "edit/form.html",
        {
            "state": st,
            "form": form,
            "conflict": conflict,
            "record": record,
            "title": _("Stockpile record of %(state)s") % {"state": st.name},
        },
        status=409 if conflict else (400 if form.errors else 200),
    )


@login_required
@require_http_methods(["GET", "POST"])
def extension_request(request, iso3: str, article: int):
    st = state_for_edit(request.user, iso3)
    ob = get_object_or_404(Obligation, state=st, article=article)
    form = ExtensionRequestForm(request.POST or None, obligation=ob)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_extension_request(
                ob,
                submitted_on=data["submitted_on"],
                requested_deadline=data["requested_deadline"],
                actor=request.user,
                via=Via.FORM,
                source_url=data["source_url"],
                notes=data["notes"],
            )
        except ValidationError as exc:
            add_service_errors(form, [(None, m) for m in exc.messages])
        else:
            return _saved(request, st, _("Extension request submitted."))
    return render(
        request,
        "edit/form.html",
        {
            "state": st,
            "form": form,
            "title": _("Extension request under Article %(article)d by %(state)s")
            % {"article": article, "state": st.name},
            "history_url": reverse("history:record", args=["obligations.obligation", ob.pk]),
        },
        status=400 if form.errors else 200,
    )
