"""Closed vocabularies of the depositary's acts and of a State's standing.

One class per concept, used by the rules (ccm.states.status), models, forms, the API and
templates alike. Only django.db.models' enumerations are imported: no ORM, no settings.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentKind(models.TextChoices):
    """Art. 16: how a State expresses its consent to be bound."""

    RATIFICATION = "ratification", _("ratification")
    ACCEPTANCE = "acceptance", _("acceptance")
    APPROVAL = "approval", _("approval")
    ACCESSION = "accession", _("accession")


class Status(models.TextChoices):
    """A State's standing on a date (Art. 15-17, 20), derived by ccm.states.status.classify and
    never stored. `STATE_PARTY` covers both bound and not-yet-bound."""

    STATE_PARTY = "state_party", _("State Party")
    SIGNATORY = "signatory", _("Signatory")
    NOT_PARTY = "not_party", _("State not party")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Act(models.TextChoices):
    """A dated act in a State's timeline (ccm.states.timeline): signature (Art. 16(1)), the
    deposit of its instrument (Art. 16(2)-(3)), a withdrawal notified and taking effect
    (Art. 20). The labels are the timeline's wording."""

    SIGNATURE = "signature", _("Signature")
    INSTRUMENT = "instrument", _("Instrument deposited")
    WITHDRAWAL_NOTIFIED = "withdrawal_notified", _("Withdrawal received by the depositary")
    WITHDRAWAL_EFFECTIVE = "withdrawal_effective", _("Withdrawal takes effect")
