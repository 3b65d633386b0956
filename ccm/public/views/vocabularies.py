"""The closed vocabularies templates compare against (`{% if r.qualifier != Qualifier.EXACT %}`),
so no template spells a member as a string literal. Django's TextChoices are usable in
templates as they are (do_not_call_in_templates)."""

from ccm.core.choices import Precision
from ccm.obligations.choices import Qualifier
from ccm.reports.choices import Answer
from ccm.states.choices import Status

VOCABULARIES = {
    "Answer": Answer,
    "Precision": Precision,
    "Qualifier": Qualifier,
    "Status": Status,
}
