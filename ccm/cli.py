"""The `ccm` console script: Django's management commands under the project's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccm.settings")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError, ProgrammingError

    try:
        execute_from_command_line([sys.argv[0], *sys.argv[1:]])
    except (OperationalError, ProgrammingError) as error:
        text = str(error)
        if "no such table" not in text and not ("relation" in text and "does not exist" in text):
            raise
        # A database without the project's tables: say how to make it, not a traceback.
        sys.stderr.write(
            f"The database has no table for this command ({text.splitlines()[0]}).\n"
            "Create it and load the reference data first: ./dev up, or "
            "ccm migrate && ccm load_reference_data\n"
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
