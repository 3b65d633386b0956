from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

THROUGH_THE_SERVICES = _(
    "Restored through the obligation services: the treaty's rules run and the "
    "obligation's events record the change."
)
EXTENSION_REQUESTS_NEVER = _(
    "Extension requests are never reverted from their history: they change only through "
    "their steps (submitted, analysed, decided by a meeting), each checked against the "
    "treaty and recorded as an event."
)


def revert_obligation(obj, values: dict, actor) -> None:
    from ccm.history.models import Via
    from ccm.meetings.models import Meeting

    from . import services

    facts = {}
    for name in services.OBLIGATION_FIELDS:
        f = type(obj)._meta.get_field(name)
        if f.attname not in values:
            continue
        value = values[f.attname]
        if name == "declared_to":
            value = Meeting.objects.filter(pk=value).first() if value else None
        facts[name] = value
    services.save_obligation(obj.state, obj.article, actor=actor, via=Via.REVERT, **facts)


def revert_stockpile_record(obj, values: dict, actor) -> None:
    from ccm.history.models import Via

    from . import services

    services.save_stockpile_record(
        obj.obligation,
        record=obj,
        actor=actor,
        via=Via.REVERT,
        **{name: values[name] for name in services.RECORD_FIELDS if name in values},
    )


def events(**lookup) -> list:
    """The obligation events matching `lookup`, as entries of a record's history."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext

    from ccm.history.reading import Entry

    from .models import ObligationEvent

    out = []
    qs = ObligationEvent.objects.filter(**lookup).select_related("actor", "meeting", "request")
    for e in qs:
        when = date_format(e.on, "DATE_FORMAT") if e.on else ""
        title = e.get_kind_display()
        if e.request_id:
            title = gettext("%(event)s (request %(n)d)") % {"event": title, "n": e.request.sequence}
        if e.meeting_id:
            title = f"{title} · {e.meeting.code}"
        title = f"{title}{' · ' + when if when else ''}"
        out.append(Entry.event(e.recorded_at, e.actor, e.get_via_display(), title))
    return out


class ObligationsConfig(AppConfig):
    name = "ccm.obligations"
    label = "obligations"
    verbose_name = _("Obligations and deadlines")

    def ready(self) -> None:
        from ccm.history.registry import FACT, RevertPolicy, register

        from .models import ExtensionRequest, Obligation, PublishedFigure, StockpileRecord

        register(
            Obligation,
            state_path="state",
            revert=RevertPolicy(True, THROUGH_THE_SERVICES, revert_obligation),
            events=lambda obligation: events(obligation=obligation),
        )
        register(
            StockpileRecord,
            state_path="obligation__state",
            revert=RevertPolicy(True, THROUGH_THE_SERVICES, revert_stockpile_record),
        )
        # submitted → analysed → decided by a meeting: its services only move forward
        register(
            ExtensionRequest,
            state_path="obligation__state",
            revert=RevertPolicy(False, EXTENSION_REQUESTS_NEVER),
            events=lambda request: events(request=request),
        )
        register(PublishedFigure, state_path=None, revert=FACT)  # a count as printed
