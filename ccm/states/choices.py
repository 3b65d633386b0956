from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentKind(models.TextChoices):
    """Art. 16: how a State expresses its consent to be bound."""

    RATIFICATION = "ratification", _("ratification")
    ACCEPTANCE = "acceptance", _("acceptance")
    APPROVAL = "approval", _("approval")
    ACCESSION = "accession", _("accession")


class StatusChoice(models.TextChoices):
    """Labels for ccm.states.status.Status (derived, never stored)."""

    STATE_PARTY = "state_party", _("State Party")
    SIGNATORY = "signatory", _("Signatory")
    NOT_PARTY = "not_party", _("State not party")
    WITHDRAWN = "withdrawn", _("Withdrawn")
