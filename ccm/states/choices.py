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


StatusChoice = Status
"""The former name of Status, kept only for importers not yet switched (settings'
ENUM_NAME_OVERRIDES, ccm.states.forms, ccm.states.api.serializers): the same class, not a
second vocabulary. Remove when they import Status."""
