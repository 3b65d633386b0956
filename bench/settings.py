"""ccm.settings, plus the project's own static folder when ccm.settings does not list it.

bench/run.py uses this module only when ccm.settings cannot find ccm/static
(no STATICFILES_DIRS entry for it, while ccm is not an installed app): with
DEBUG=0 the manifest storage then raises "Missing staticfiles manifest entry"
and every HTML page answers 500, which would benchmark the error page. Once
ccm.settings lists ccm/static, run.py uses ccm.settings unchanged.
"""

from ccm.settings import *  # noqa: F403
from ccm.settings import BASE_DIR

PROJECT_STATIC = BASE_DIR / "ccm" / "static"

STATICFILES_DIRS = [*globals().get("STATICFILES_DIRS", []), PROJECT_STATIC]
