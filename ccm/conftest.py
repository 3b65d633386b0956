"""Shared fixtures: the real reference data, loaded once per test database."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone, translation

from ccm.reference.loader import load_all
from ccm.states.models import State


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
