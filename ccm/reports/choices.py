"""Closed vocabularies of Article 7 reports (the 2010 reporting forms, CCM/MSP/2010/WP.4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportKind(models.TextChoices):
    INITIAL = "initial", _("initial report")
    ANNUAL = "annual", _("annual report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report status", "draft")
    SUBMITTED = "submitted", pgettext_lazy("report status", "submitted")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    RESTRICTED = "restricted", _("restricted (staff, coordinators and the State)")


class Channel(models.TextChoices):
    ONLINE = "online", _("submitted online")
    EMAIL = "email", _("received by e-mail, recorded by the ISU")
    PUBLISHED = "published", _("known from published sources")


class Form(models.TextChoices):
    """One part per form of the reporting formats (data/reporting/article7_forms.csv)."""

    A = "A", _("A. National implementation measures")
    B = "B", _("B. Stockpiles and destruction")
    C = "C", _("C. Technical characteristics")
    D = "D", _("D. Cluster munitions retained and transferred")
    E = "E", _("E. Status of conversion programmes")
    F = "F", _("F. Contaminated areas and clearance")
    G = "G", _("G. Warning to the population and risk education")
    H = "H", _("H. Victim assistance")
    I = "I", _("I. National resources and international cooperation and assistance")  # noqa: E741
    J = "J", _("J. Other relevant matters")


class Answer(models.TextChoices):
    """A part's answer: "nothing to report" is an answer; silence is not."""

    ANSWERED = "answered", _("answered")
    NOTHING = "nothing", _("nothing to report")
    UNCHANGED = "unchanged", _("unchanged since an earlier report")
    NOT_ANSWERED = "not_answered", _("not answered")


class LineKind(models.TextChoices):
    """A structured figure in a part; `LINE_FORMS` says which form it belongs to and
    `LINE_COLUMNS` which of its columns it uses."""

    STOCKPILE_DECLARED = "stockpile_declared", _("stockpile held")
    DESTROYED = "destroyed", _("destroyed in the period")
    DISCOVERED = "discovered", _("discovered after completion")
    RETAINED = "retained", _("retained (Art. 3(6))")
    TRANSFERRED = "transferred", _("transferred for destruction or retention")
    AREA_CONTAMINATED = "area_contaminated", _("area contaminated")
    AREA_CLEARED = "area_cleared", _("area cleared in the period")
    RISK_EDUCATION = "risk_education", _("people reached by risk education")
    VICTIMS = "victims", _("cluster munition victims recorded")
    NATIONAL_RESOURCES = "national_resources", _("national resources allocated")
    ASSISTANCE_GIVEN = "assistance_given", _("assistance given")
    ASSISTANCE_RECEIVED = "assistance_received", _("assistance received")


LINE_FORMS = {
    LineKind.STOCKPILE_DECLARED: Form.B,
    LineKind.DESTROYED: Form.B,
    LineKind.DISCOVERED: Form.B,
    LineKind.RETAINED: Form.D,
    LineKind.TRANSFERRED: Form.D,
    LineKind.AREA_CONTAMINATED: Form.F,
    LineKind.AREA_CLEARED: Form.F,
    LineKind.RISK_EDUCATION: Form.G,
    LineKind.VICTIMS: Form.H,
    LineKind.NATIONAL_RESOURCES: Form.I,
    LineKind.ASSISTANCE_GIVEN: Form.I,
    LineKind.ASSISTANCE_RECEIVED: Form.I,
}
_MUNITIONS = ("cluster_munitions", "submunitions")
LINE_COLUMNS = {
    LineKind.STOCKPILE_DECLARED: _MUNITIONS,
    LineKind.DESTROYED: _MUNITIONS,
    LineKind.DISCOVERED: _MUNITIONS,
    LineKind.RETAINED: _MUNITIONS,
    LineKind.TRANSFERRED: _MUNITIONS,
    LineKind.AREA_CONTAMINATED: ("area_m2",),
    LineKind.AREA_CLEARED: ("area_m2",),
    LineKind.RISK_EDUCATION: ("people",),
    LineKind.VICTIMS: ("people",),
    LineKind.NATIONAL_RESOURCES: ("amount",),
    LineKind.ASSISTANCE_GIVEN: ("amount",),
    LineKind.ASSISTANCE_RECEIVED: ("amount",),
}


class EventKind(models.TextChoices):
    """Typed steps in the life of a report."""

    STARTED = "started", _("draft started")
    SUBMITTED = "submitted", _("submitted")
    AMENDMENT_STARTED = "amendment_started", _("amendment started")
    AMENDED = "amended", _("amendment submitted")
    RECEIVED = "received", _("received by e-mail and recorded")
    VISIBILITY = "visibility", _("visibility changed")
    FACTS = "facts", _("obligation facts updated from the report")


class ReportingStatus(models.TextChoices):
    """A report's timeliness on a date."""

    ON_TIME = "on_time", _("on time")
    LATE = "late", _("late")
    MISSING = "missing", _("overdue: no submission recorded")
    NOT_YET_DUE = "not_yet_due", _("not yet due")
