"""Published Article 3/4 figures next to the counts the system computes for the same date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from ccm.core.choices import Precision

from .choices import Article
from .counts import destroyed_totals, obligation_counts
from .deadlines import requested_extension_by
from .models import ExtensionRequest, PublishedFigure
from .querysets import deadlines_on, stockpile_records

COMPUTED = {  # measure → (article key, count key) in obligation_counts
    "sp_with_art3_obligations": ("art3", "outstanding"),
    "sp_completed_stockpile_destruction": ("art3", "completed"),
    "sp_with_stockpiles": ("art3", "outstanding"),
    "sp_with_art4_obligations": ("art4", "outstanding"),
    "sp_contaminated": ("art4", "outstanding"),
    "sp_completed_clearance": ("art4", "completed"),
}
QUANTITIES = {  # measure → key in destroyed_totals
    "cluster_munitions_destroyed": "cluster_munitions",
    "submunitions_destroyed": "submunitions",
}
REQUESTERS = {  # measure → the article whose extension was requested
    "sp_requested_art3_extension": Article.STOCKPILES,
    "sp_requested_art4_extension": Article.CLEARANCE,
}


@dataclass
class Comparison:
    figure: PublishedFigure
    computed: int | None
    difference: Decimal | None
    why: str


class _Computed:
    """The system's counts on the dates published figures give, each date computed once."""

    def __init__(self) -> None:
        requests = list(
            ExtensionRequest.objects.values_list(
                "obligation__article", "obligation__state__iso3", "submitted_on"
            )
        )
        self.submitted = {
            a: [(iso3, on) for art, iso3, on in requests if art == a] for a in Article
        }
        self.records = stockpile_records()
        self.counts: dict[date, dict] = {}

    def value(self, measure: str, on: date) -> int | None:
        """The computed count of a published measure on `on`, or None if not computed."""
        if measure in COMPUTED:
            if on not in self.counts:
                self.counts[on] = obligation_counts(deadlines_on(on))
            article, key = COMPUTED[measure]
            return self.counts[on][article][key]
        if measure in QUANTITIES:
            return destroyed_totals(self.records, on)[QUANTITIES[measure]]
        if measure in REQUESTERS:
            return len(requested_extension_by(self.submitted[REQUESTERS[measure]], on))
        return None


def _why_differs(fig: PublishedFigure, difference: Decimal) -> str:
    if difference == 0:
        why = _("Agrees.")
    elif difference < 0 and fig.measure in QUANTITIES:
        why = _(
            "Fewer than published: quantities destroyed are recorded for a few States "
            "only (data/obligations/stockpile_records.csv)."
        )
    elif difference < 0:
        why = _(
            "Fewer than published: the reference data lacks obligations or completions the "
            "source counted (see data/README.md, known gaps)."
        )
    else:
        why = _(
            "More than published: completions or clarifications before this date are missing "
            "from the reference data, or the source counted differently."
        )
    if fig.as_of_precision != Precision.DAY:
        why += " " + _(
            "The published date is known only to the %(precision)s; computed on its first day."
        ) % {"precision": fig.get_as_of_precision_display()}
    return why


def compare() -> list[Comparison]:
    """Each published figure with the computed count on its date, and why they differ.

    Counts come from the recorded obligations, so missing rows explain most
    differences (data/README.md lists them); quantities destroyed are summed over the few
    States whose figures are recorded.
    """
    out = []
    computed = _Computed()
    for fig in PublishedFigure.objects.filter(topic="obligations"):
        if fig.as_of is None:
            why = _("The published page is undated: no date to compute for.")
            out.append(Comparison(fig, None, None, why))
            continue
        value = computed.value(fig.measure, fig.as_of)
        if value is None:
            why = _(
                "Not computed: this measure (a percentage, a yearly figure or clearance) is not "
                "recorded as structured data yet."
            )
            out.append(Comparison(fig, None, None, why))
            continue
        difference = Decimal(value) - fig.value
        out.append(Comparison(fig, value, difference, _why_differs(fig, difference)))
    return out
