"""Closed vocabularies of Articles 3, 4 and 7: obligations, extension decisions, deadlines.

One class per concept, used by the pure rules (ccm.obligations.deadlines), models, forms, the
API and templates alike. Only django.db.models' enumerations are imported: no ORM, no settings.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Article(models.IntegerChoices):
    STOCKPILES = 3, _("Article 3: stockpile destruction")
    CLEARANCE = 4, _("Article 4: clearance of cluster munition remnants")


class Basis(models.TextChoices):
    STOCKPILE = "stockpile", _("held stockpiles")
    CONTAMINATION_AT_EIF = "contamination_at_eif", _("contaminated areas at entry into force")
    CONTAMINATION_AFTER_EIF = (
        "contamination_after_eif",
        _("contamination arising after entry into force"),
    )
    NONE_DECLARED = "none_declared", _("declared none")
    UNKNOWN = "", _("not stated by the sources")


class ObligationStatus(models.TextChoices):
    ONGOING = "ongoing", _("ongoing")
    COMPLETED = "completed", _("completed")
    NO_OBLIGATION_CLARIFIED = "no_obligation_clarified", _("clarified: no obligation")
    UNKNOWN = "", _("unknown")


class Decision(models.TextChoices):
    """A meeting's decision on an extension request (Art. 3(3)-(5), 4(5)-(8))."""

    GRANTED = "granted", _("granted")
    GRANTED_SHORTER = "granted_shorter", _("granted for a shorter period")
    REFUSED = "refused", _("refused")
    PENDING = "pending", _("pending (meeting not yet held)")
    UNKNOWN = "unknown", _("decision not recorded")


class DeadlineKind(models.TextChoices):
    """Which deadline: Art. 3(2) stockpile destruction, Art. 4(1) clearance, Art. 7(1) initial
    report, Art. 7(2) annual update."""

    DESTRUCTION = "art3.destruction", _("Art. 3 stockpile destruction")
    CLEARANCE = "art4.clearance", _("Art. 4 clearance")
    INITIAL_REPORT = "art7.initial", _("Art. 7 initial report")
    ANNUAL_REPORT = "art7.annual", _("Art. 7 annual report")


class DeadlineStatus(models.TextChoices):
    """A deadline's status on a date, derived by ccm.obligations.deadlines and never stored.

    MET: completed, date not recorded. AWAITING_DECISION: past due, an extension request has
    no recorded decision. NOT_RECORDED: past due, and the record says neither way (the
    outcome of an obligation, or a report the record does not hold) — never called overdue.
    """

    NOT_YET_DUE = "not_yet_due", _("not yet due")
    DUE_SOON = "due_soon", _("due soon")
    OVERDUE = "overdue", _("overdue")
    MET_ON_TIME = "met_on_time", _("met on time")
    MET_LATE = "met_late", _("met late")
    MET = "met", _("met (date not recorded)")
    AWAITING_DECISION = "awaiting_decision", _("extension requested, decision not recorded")
    NOT_RECORDED = "not_recorded", _("past due, no submission recorded")
    NOT_APPLICABLE = "not_applicable", _("not applicable")
    WITHDRAWN = "withdrawn", _("withdrawn")


class DeadlineFlag(models.TextChoices):
    """What a deadline list's `status` filter offers besides a DeadlineStatus (pages, API, CLI):
    EXTENDED, a deadline moved by a granted extension (Art. 3(3), 4(5)), whatever its status."""

    EXTENDED = "extended", _("extended")


class DeadlineArticle(models.IntegerChoices):
    """The article a deadline list is filtered on (pages, API, CLI): Articles 3 and 4 are the
    obligations' (Article), Article 7 the reports' due dates of every State Party."""

    ARTICLE_3 = 3, _("Article 3")
    ARTICLE_4 = 4, _("Article 4")
    ARTICLE_7 = 7, _("Article 7")


class StockpileRecordKind(models.TextChoices):
    """A dated quantity in a State's Article 3 record."""

    DECLARED = "declared", _("stockpile declared")
    DESTROYED = "destroyed", _("destroyed")
    DISCOVERED = "discovered", _("discovered after the stockpile was declared")
    RETAINED = "retained", _("retained for training and development (Art. 3(6))")


class Qualifier(models.TextChoices):
    EXACT = "exact", _("exactly")
    APPROX = "approx", _("about")
    AT_LEAST = "at_least", _("at least")
    MORE_THAN = "more_than", _("more than")


class EventKind(models.TextChoices):
    """Typed steps in the life of an obligation and of its extension requests."""

    RECORDED = "recorded", _("obligation recorded")
    CHANGED = "changed", _("facts changed")
    COMPLETED = "completed", _("completion recorded")
    COMPLETION_DECLARED = "completion_declared", _("completion declared")
    STOCKPILE_RECORDED = "stockpile_recorded", _("quantity recorded")
    SUBMITTED = "submitted", _("extension requested")
    ANALYSED = "analysed", _("request analysed")
    DECIDED = "decided", _("request decided")
    REQUEST_CHANGED = "request_changed", _("request corrected")
