"""The base of the project's management commands."""

from django.core.management.base import BaseCommand as DjangoBaseCommand


class BaseCommand(DjangoBaseCommand):
    """A management command whose `help` and argument help may be lazy translations.

    argparse formats help texts with `re` and `%`, which need real strings: the lazy
    texts are made into strings, in the active language, when the parser is built.
    """

    def create_parser(self, prog_name, subcommand, **kwargs):
        if self.help:
            self.help = str(self.help)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        for action in parser._actions:
            if action.help is not None and not isinstance(action.help, str):
                action.help = str(action.help)
        return parser
