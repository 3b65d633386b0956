#!/usr/bin/env python
"""Django's manage.py; the `ccm` console script does the same."""

from ccm.cli import main

if __name__ == "__main__":
    main()
