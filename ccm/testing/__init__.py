"""What the test suites share: the named personas (personas.py) and the files a checkout
ships (repository.py). Imported by tests and conftests only; nothing the site runs imports it."""
