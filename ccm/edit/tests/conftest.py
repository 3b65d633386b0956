"""People with each role, for the permission matrix and the editing tests (the personas of
ccm/testing/personas.py; `make_user`, `token_for` and `PASSWORD` stay importable from here)."""

import pytest

from ccm.testing import personas
from ccm.testing.personas import PASSWORD, make_user, token_for

__all__ = ["PASSWORD", "make_user", "token_for"]


@pytest.fixture
def people(reference_data):
    """A focal point for Peru, Chad and Norway, a coordinator and an ISU officer."""
    return personas.people("PER", "TCD", "NOR", "coordinator", "staff", "nobody")
