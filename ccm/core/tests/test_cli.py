"""The `ccm` console script on a database that has not been created yet."""

import os
import subprocess
import sys

from django.conf import settings


def test_a_command_on_an_empty_database_says_how_to_create_it(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ccm.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run(
        [sys.executable, "-c", "from ccm.cli import main; main()", "deadlines", "--state", "BOL"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "ccm migrate && ccm load_reference_data" in done.stderr
