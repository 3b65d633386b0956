"""Every browser test carries the `browser` marker, given by ccm/conftest.py (issue 11:
"three browser test files lack the browser marker"), so `-m browser` runs all of them and
`-m "not browser"` none."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
BROWSER_FILES = sorted(
    p.relative_to(REPO).as_posix() for p in (REPO / "ccm").rglob("test_browser*.py")
)
# The folders holding them, with their other tests (which must stay out of `-m browser`).
FOLDERS = sorted({str(Path(name).parent) for name in BROWSER_FILES})


def collected(marker: str) -> set[str]:
    """The test files of FOLDERS that `pytest --collect-only -m <marker>` selects."""
    collect = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist"]
    done = subprocess.run(
        [*collect, "-m", marker, *FOLDERS],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return {line.split("::")[0] for line in done.stdout.splitlines() if "::" in line}


def test_every_browser_test_file_is_selected_by_the_browser_marker():
    assert "ccm/public/tests/test_browser_api_docs.py" in BROWSER_FILES
    assert "ccm/public/tests/test_browser_editing.py" in BROWSER_FILES
    assert "ccm/public/tests/test_browser_reports.py" in BROWSER_FILES
    assert sorted(collected("browser")) == BROWSER_FILES
    others = collected("not browser")
    assert others and others.isdisjoint(BROWSER_FILES)
