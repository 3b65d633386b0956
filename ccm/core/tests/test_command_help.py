"""Every `ccm` command of the project answers --help (lazy help texts once crashed argparse)."""

import io
from contextlib import redirect_stdout

import pytest
from django.core.management import ManagementUtility, get_commands, load_command_class

from ccm.core.commands import BaseCommand

PROJECT_COMMANDS = sorted(name for name, app in get_commands().items() if app.startswith("ccm."))


def test_the_project_has_commands():
    assert {"membership", "deadlines", "load_reference_data", "send_reminders"} <= set(
        PROJECT_COMMANDS
    )


@pytest.mark.parametrize("name", PROJECT_COMMANDS)
def test_help_of_every_project_command_works(name):
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit) as done:
        ManagementUtility(["ccm", name, "--help"]).execute()
    assert done.value.code == 0
    assert f"usage: ccm {name}" in out.getvalue()


@pytest.mark.parametrize("name", PROJECT_COMMANDS)
def test_every_project_command_uses_the_base_that_makes_lazy_help_printable(name):
    assert isinstance(load_command_class(get_commands()[name], name), BaseCommand)
