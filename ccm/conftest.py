"""Shared fixtures and collection rules for every test under ccm/.

- the real reference data, loaded once per test database;
- the named personas (ccm/testing/personas.py) as fixtures;
- every test that drives a browser is marked `browser`, wherever it lives;
- the hypothesis profiles: "dev" (the default) and "ci" (HYPOTHESIS_PROFILE=ci)."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone, translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from ccm.reference.loader import load_all
from ccm.states.models import State
from ccm.testing import personas

# --- hypothesis -------------------------------------------------------------------------
# Timing is never a test's verdict (DESIGN habit 10): on a loaded machine (two cores shared
# by parallel workers) a slow example is not a wrong one, so neither profile has a deadline
# or the "too slow" health check. "ci" is also reproducible: the same examples on every run
# (derandomize, no example database), a fixed number of them, and no failure for inputs a
# strategy draws larger than hypothesis likes.
hypothesis_settings.register_profile(
    "dev", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=100,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


# --- collection ---------------------------------------------------------------------------
BROWSER_FIXTURES = {"page", "context", "browser"}  # pytest-playwright's


def drives_a_browser(item: pytest.Item) -> bool:
    """A test that asks for a Playwright page (or context or browser), or lives in a
    test_browser*.py file."""
    uses = set(getattr(item, "fixturenames", ()))
    return bool(uses & BROWSER_FIXTURES) or item.path.name.startswith("test_browser")


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(config, items):
    """Mark every browser test `browser`, so that `-m browser` and `-m "not browser"` select
    them without each file having to remember `pytestmark`."""
    for item in items:
        if drives_a_browser(item) and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)


# --- data ---------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_all(settings.CCM_DATA_DIR, today=timezone.localdate())


@pytest.fixture
def reference_data(db):
    """The reference data in the database (reloaded if a transactional test flushed it)."""
    if not State.objects.exists():
        load_all(settings.CCM_DATA_DIR, today=timezone.localdate())
    return settings.CCM_DATA_DIR


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English, whatever language an earlier request activated."""
    with translation.override("en"):
        yield


@pytest.fixture
def data_copy(tmp_path):
    """A copy of every reference file, to spoil one at a time."""
    target = tmp_path / "data"
    shutil.copytree(Path(settings.CCM_DATA_DIR), target)
    return target


# --- personas (ccm/testing/personas.py) ---------------------------------------------------
@pytest.fixture
def isu_officer(reference_data):
    """An ISU officer: reads and edits every State's records."""
    return personas.ISU_OFFICER.create()


@pytest.fixture
def coordinator(reference_data):
    """A thematic coordinator (stockpile destruction): reads restricted records, edits none."""
    return personas.COORDINATOR.create()


@pytest.fixture
def lao_focal_point(reference_data):
    """The focal point for Lao PDR: edits Lao PDR's records."""
    return personas.LAO_FOCAL_POINT.create()


@pytest.fixture
def chile_focal_point(reference_data):
    """The focal point for Chile: must not edit Lao PDR's records."""
    return personas.CHILE_FOCAL_POINT.create()
