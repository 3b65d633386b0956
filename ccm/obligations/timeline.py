"""A State's Article 3 and 4 history in date order: entry into force, original deadlines,
extension requests and decisions, destruction and discoveries, completion and its declaration.

Built from the recorded facts (ccm.obligations.querysets.obligations_by_state) and the
deadline rules, so every line says where its date comes from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ccm.core.choices import Precision
from ccm.states.status import StateActs

from . import deadlines as rules
from .choices import Article, Basis, ObligationStatus, Qualifier, StockpileRecordKind
from .models import ExtensionRequest, Obligation, StockpileRecord


@dataclass(frozen=True)
class Entry:
    on: date
    precision: str
    article: int
    text: str
    verified: bool = True

    def label(self) -> str:
        return rules.fmt_precise(self.on, self.precision)


def _quantities(rec: StockpileRecord) -> str:
    parts = []
    if rec.cluster_munitions is not None:
        parts.append(
            _("%(n)s cluster munitions")
            % {"n": number_format(rec.cluster_munitions, force_grouping=True)}
        )
    if rec.submunitions is not None:
        parts.append(
            _("%(n)s explosive submunitions")
            % {"n": number_format(rec.submunitions, force_grouping=True)}
        )
    text = _(" and ").join(parts)
    if text and rec.qualifier != Qualifier.EXACT:
        text = f"{rec.get_qualifier_display()} {text}"
    return text


def _original(acts: StateActs, ob: Obligation) -> Iterator[Entry]:
    """The deadline before any extension (Art. 3(2), 4(1)), unless the State declared none."""
    facts = ob.facts()
    found = rules.original_deadline(acts, facts)
    if found and facts.basis != Basis.NONE_DECLARED:
        text = _("Original deadline. %(why)s") % {"why": found[1]}
        yield Entry(found[0], Precision.DAY, ob.article, text)


def _submitted(req: ExtensionRequest, article: int) -> Iterator[Entry]:
    if not req.submitted_on:
        return
    until = (
        _(", asking until %(d)s")
        % {"d": rules.fmt_precise(req.requested_deadline, req.requested_deadline_precision)}
        if req.requested_deadline
        else ""
    )
    text = _("Extension request %(n)d submitted%(until)s.") % {"n": req.sequence, "until": until}
    yield Entry(req.submitted_on, req.submitted_precision, article, text, req.verified)


def _decided(req: ExtensionRequest, article: int) -> Iterator[Entry]:
    """The decision, on the day the deciding meeting closed (Art. 3(4), 4(6))."""
    meeting = req.decided_at
    if not meeting or not meeting.closed_on:
        return
    values = {"meeting": meeting.code, "n": req.sequence, "decision": req.get_decision_display()}
    if req.granted_deadline:
        when = rules.fmt_precise(req.granted_deadline, req.granted_deadline_precision)
        text = _("%(meeting)s: request %(n)d %(decision)s; new deadline %(d)s.") % {
            **values,
            "d": when,
        }
    else:
        text = _("%(meeting)s: request %(n)d, %(decision)s.") % values
    yield Entry(meeting.closed_on, Precision.DAY, article, text, req.verified)


def _stockpile(rec: StockpileRecord) -> Iterator[Entry]:
    """A dated quantity under Article 3; discovered stocks also on the day they were destroyed."""
    what = _quantities(rec)
    art3 = Article.STOCKPILES
    if rec.kind != StockpileRecordKind.DISCOVERED:
        if rec.on:
            text = _("%(kind)s: %(what)s.") % {
                "kind": capfirst(rec.get_kind_display()),
                "what": what,
            }
            yield Entry(rec.on, rec.on_precision, art3, text, rec.verified)
        return
    if rec.on:
        text = _("Stocks discovered: %(what)s.") % {"what": what or _("quantity not recorded")}
        yield Entry(rec.on, rec.on_precision, art3, text, rec.verified)
    if rec.destroyed_on:
        text = _("Discovered stocks destroyed.")
        yield Entry(rec.destroyed_on, rec.destroyed_precision, art3, text, rec.verified)


def _completion(ob: Obligation) -> Iterator[Entry]:
    """Completion, and its declaration (or the clarification that there is no obligation)."""
    if ob.completed_on:
        yield Entry(
            ob.completed_on, ob.completed_precision, ob.article, _("Completed."), ob.verified
        )
    if not ob.completion_declared_on:
        return
    text = (
        _("Completion declared")
        if ob.status == ObligationStatus.COMPLETED
        else _("No obligation clarified")
    )
    if ob.declared_to:
        text = _("%(what)s to %(meeting)s") % {"what": text, "meeting": ob.declared_to.code}
    yield Entry(
        ob.completion_declared_on,
        ob.completion_declared_precision,
        ob.article,
        f"{text}.",
        ob.verified,
    )


def _entries(acts: StateActs, ob: Obligation) -> Iterator[Entry]:
    yield from _original(acts, ob)
    for req in ob.extension_requests.all():
        yield from _submitted(req, ob.article)
        yield from _decided(req, ob.article)
    for rec in ob.stockpile_records.all():
        yield from _stockpile(rec)
    yield from _completion(ob)


def obligation_timeline(acts: StateActs, obligations: list[Obligation]) -> list[Entry]:
    """Every dated fact of the State's obligations, oldest first."""
    out = [e for ob in obligations for e in _entries(acts, ob)]
    out.sort(key=lambda e: (e.on, e.article))
    return out
