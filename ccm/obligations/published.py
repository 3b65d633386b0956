"""Published Article 3/4 figures next to the counts the system computes for the same date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from .counts import destroyed_totals, obligation_counts
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
REQUESTERS = {"sp_requested_art3_extension": 3, "sp_requested_art4_extension": 4}


@dataclass
class Comparison:
    figure: PublishedFigure
    computed: int | None
    difference: Decimal | None
    why: str


def compare() -> list[Comparison]:
    """Each published figure with the computed count on its date, and why they differ.

    Counts come from the recorded obligations, so missing rows explain most
    differences (data/README.md lists them); quantities destroyed are summed over the few
    States whose figures are recorded.
    """
    out = []
    requests = list(ExtensionRequest.objects.select_related("obligation__state"))
    records = stockpile_records()
    cache: dict[date, dict] = {}
    for fig in PublishedFigure.objects.filter(topic="obligations"):
        computed: int | None = None
        why = ""
        if fig.as_of is None:
            why = _("The published page is undated: no date to compute for.")
        elif fig.measure in COMPUTED:
            if fig.as_of not in cache:
                cache[fig.as_of] = obligation_counts(deadlines_on(fig.as_of))
            article, key = COMPUTED[fig.measure]
            computed = cache[fig.as_of][article][key]
        elif fig.measure in QUANTITIES:
            computed = destroyed_totals(records, fig.as_of)[QUANTITIES[fig.measure]]
        elif fig.measure in REQUESTERS:
            computed = len(
                {
                    r.obligation.state_id
                    for r in requests
                    if r.obligation.article == REQUESTERS[fig.measure]
                    and r.submitted_on
                    and r.submitted_on <= fig.as_of
                }
            )
        else:
            why = _(
                "Not computed: this measure (a percentage, a yearly figure or clearance) is not "
                "recorded as structured data yet."
            )
        difference = None if computed is None else Decimal(computed) - fig.value
        if difference is not None:
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
            if fig.as_of_precision != "day":
                why += " " + _(
                    "The published date is known only to the %(precision)s; computed on its first day."
                ) % {"precision": fig.get_as_of_precision_display()}
        out.append(Comparison(fig, computed, difference, why))
    return out
