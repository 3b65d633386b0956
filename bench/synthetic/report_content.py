"""What a synthetic Article 7 report says, form by form (the 2010 reporting forms A–J):
answers a submission accepts (ccm.reports.rules.submission_errors) and figures each form's
columns take (ccm.reports.rules.line_errors)."""

from __future__ import annotations

import random
from decimal import Decimal

STOCKPILE_TYPES = ("M26", "BLU-63", "BL755", "M42/M46", "M77", "RBK-250", "MK-118", "KB-1")
CURRENCIES = ("USD", "EUR", "CHF", "GBP", "NOK", "JPY")
PARTNERS = ("UNDP", "NPA", "HALO Trust", "MAG", "UNMAS", "DanChurchAid", "Humanity & Inclusion")
NOTHING = "The State never produced, used, held or transferred cluster munitions."


class Content:
    """Answers and figures for the reports of States with stockpiles (`stockpiles`) and
    contaminated areas (`contaminated`), by State primary key."""

    def __init__(self, rnd: random.Random, stockpiles: set[int], contaminated: set[int]):
        self.rnd, self.stockpiles, self.contaminated = rnd, stockpiles, contaminated

    def _munitions(self) -> list[dict]:
        """Form B: stockpiles held and destroyed (never more destroyed than held)."""
        from ccm.reports.choices import LineKind

        rnd, out = self.rnd, []
        for _ in range(rnd.randint(1, 3)):
            label = rnd.choice(STOCKPILE_TYPES)
            cm, sub = rnd.randint(10, 50_000), rnd.randint(100, 2_000_000)
            out.append(
                {
                    "kind": LineKind.STOCKPILE_DECLARED,
                    "label": label,
                    "cluster_munitions": cm,
                    "submunitions": sub,
                }
            )
            out.append(
                {
                    "kind": LineKind.DESTROYED,
                    "label": label,
                    "cluster_munitions": rnd.randint(0, cm),
                    "submunitions": rnd.randint(0, sub),
                }
            )
        return out

    def lines(self, form: str, state: int) -> list[dict]:
        """The figures of one form for a State (none where the form has no figures for it)."""
        from ccm.reports.choices import Form, LineKind

        rnd = self.rnd
        holds, contaminated = state in self.stockpiles, state in self.contaminated
        if form == Form.B and holds:
            return self._munitions()
        if form == Form.D and holds:
            return [
                {
                    "kind": LineKind.RETAINED,
                    "label": rnd.choice(STOCKPILE_TYPES),
                    "cluster_munitions": rnd.randint(1, 300),
                    "submunitions": rnd.randint(10, 20_000),
                }
            ]
        if form == Form.F and contaminated:
            return [
                {
                    "kind": rnd.choice((LineKind.AREA_CONTAMINATED, LineKind.AREA_CLEARED)),
                    "label": f"Province {rnd.randint(1, 18)}",
                    "area_m2": Decimal(rnd.randint(1_000, 50_000_000)),
                }
                for _ in range(rnd.randint(1, 3))
            ]
        if form == Form.G and contaminated:
            return [{"kind": LineKind.RISK_EDUCATION, "people": rnd.randint(100, 90_000)}]
        if form == Form.H and contaminated:
            return [{"kind": LineKind.VICTIMS, "people": rnd.randint(1, 900)}]
        if form == Form.I:
            kinds = (
                LineKind.NATIONAL_RESOURCES,
                LineKind.ASSISTANCE_GIVEN,
                LineKind.ASSISTANCE_RECEIVED,
            )
            out = []
            for _ in range(rnd.randint(1, 3)):
                kind = rnd.choice(kinds)
                partner = rnd.choice(PARTNERS) if kind != LineKind.NATIONAL_RESOURCES else ""
                out.append(
                    {
                        "kind": kind,
                        "amount": Decimal(rnd.randint(1_000, 9_000_000)),
                        "currency": rnd.choice(CURRENCIES),
                        "partner": partner,
                    }
                )
            return out
        return []

    def answers(self, kind: str, state: int, earlier) -> dict[str, dict]:
        """Every form's answer in a submitted version: answered (text, figures), nothing to
        report (with the State's statement) or, in an annual report, unchanged since
        `earlier` (an earlier submitted report of the State, or None)."""
        from ccm.reports.choices import Answer, Form, ReportKind

        out = {}
        for form in Form:
            draw = self.rnd.random()
            lines = self.lines(form, state)
            if lines:
                out[form] = {"answer": Answer.ANSWERED, "text": "See the figures.", "lines": lines}
            elif earlier is not None and kind == ReportKind.ANNUAL and draw < 0.3:
                out[form] = {"answer": Answer.UNCHANGED, "unchanged_since": earlier}
            elif form == Form.A:
                law = f"{self.rnd.randint(1, 99)}/{self.rnd.randint(2009, 2025)}"
                out[form] = {"answer": Answer.ANSWERED, "text": f"Law No. {law}."}
            elif form == Form.J and draw < 0.5:
                out[form] = {"answer": Answer.NOT_ANSWERED}
            elif draw < 0.7:
                out[form] = {"answer": Answer.NOTHING, "statement": NOTHING}
            else:
                out[form] = {"answer": Answer.ANSWERED, "text": "Measures taken: see the annex."}
        return out

    def draft(self, answers: dict[str, dict]) -> dict[str, dict]:
        """A draft's answers: some forms not answered yet."""
        from ccm.reports.choices import Answer

        return {
            form: a if self.rnd.random() < 0.6 else {"answer": Answer.NOT_ANSWERED}
            for form, a in answers.items()
        }
