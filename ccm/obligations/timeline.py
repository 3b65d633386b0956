"""A State's Article 3 and 4 history in date order: entry into force, original deadlines,
extension requests and decisions, destruction and discoveries, completion and its declaration.

Built from the recorded facts (ccm.obligations.querysets.obligations_by_state) and the
deadline rules, so every line says where its date comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ccm.states.status import StateActs

from . import deadlines as rules
from .models import Obligation


@dataclass(frozen=True)
class Entry:
    on: date
    precision: str
    article: int
    text: str
    verified: bool = True

    def label(self) -> str:
        return rules.fmt_precise(self.on, self.precision)


def _quantities(rec) -> str:
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
    if text and rec.qualifier != "exact":
        text = f"{rec.get_qualifier_display()} {text}"
    return text


def obligation_timeline(acts: StateActs, obligations: list[Obligation]) -> list[Entry]:
    """Every dated fact of the State's obligations, oldest first."""
    out: list[Entry] = []
    for ob in obligations:
        facts = ob.facts()
        found = rules.original_deadline(acts, facts)
        if found and facts.basis != "none_declared":
            out.append(
                Entry(
                    found[0],
                    "day",
                    ob.article,
                    _("Original deadline. %(why)s") % {"why": found[1]},
                )
            )
        for req in ob.extension_requests.all():
            if req.submitted_on:
                out.append(
                    Entry(
                        req.submitted_on,
                        req.submitted_precision,
                        ob.article,
                        _("Extension request %(n)d submitted%(until)s.")
                        % {
                            "n": req.sequence,
                            "until": (
                                _(", asking until %(d)s")
                                % {
                                    "d": rules.fmt_precise(
                                        req.requested_deadline, req.requested_deadline_precision
                                    )
                                }
                                if req.requested_deadline
                                else ""
                            ),
                        },
                        req.verified,
                    )
                )
            meeting = req.decided_at
            if meeting and meeting.closed_on:
                if req.granted_deadline:
                    text = _("%(meeting)s: request %(n)d %(decision)s; new deadline %(d)s.") % {
                        "meeting": meeting.code,
                        "n": req.sequence,
                        "decision": req.get_decision_display(),
                        "d": rules.fmt_precise(
                            req.granted_deadline, req.granted_deadline_precision
                        ),
                    }
                else:
                    text = _("%(meeting)s: request %(n)d, %(decision)s.") % {
                        "meeting": meeting.code,
                        "n": req.sequence,
                        "decision": req.get_decision_display(),
                    }
                out.append(Entry(meeting.closed_on, "day", ob.article, text, req.verified))
        for rec in ob.stockpile_records.all():
            what = _quantities(rec)
            if rec.kind == "discovered":
                if rec.on:
                    out.append(
                        Entry(
                            rec.on,
                            rec.on_precision,
                            3,
                            _("Stocks discovered: %(what)s.")
                            % {"what": what or _("quantity not recorded")},
                            rec.verified,
                        )
                    )
                if rec.destroyed_on:
                    out.append(
                        Entry(
                            rec.destroyed_on,
                            rec.destroyed_precision,
                            3,
                            _("Discovered stocks destroyed."),
                            rec.verified,
                        )
                    )
            elif rec.on:
                out.append(
                    Entry(
                        rec.on,
                        rec.on_precision,
                        3,
                        _("%(kind)s: %(what)s.")
                        % {"kind": capfirst(rec.get_kind_display()), "what": what},
                        rec.verified,
                    )
                )
        if ob.completed_on:
            out.append(
                Entry(
                    ob.completed_on,
                    ob.completed_precision,
                    ob.article,
                    _("Completed."),
                    ob.verified,
                )
            )
        if ob.completion_declared_on:
            text = (
                _("Completion declared")
                if ob.status == "completed"
                else _("No obligation clarified")
            )
            if ob.declared_to:
                text = _("%(what)s to %(meeting)s") % {"what": text, "meeting": ob.declared_to.code}
            out.append(
                Entry(
                    ob.completion_declared_on,
                    ob.completion_declared_precision,
                    ob.article,
                    f"{text}.",
                    ob.verified,
                )
            )
    out.sort(key=lambda e: (e.on, e.article))
    return out
