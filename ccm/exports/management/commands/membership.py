import json
import sys
from datetime import date

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ccm.core.commands import BaseCommand
from ccm.exports import tabular
from ccm.exports.tables import membership_totals
from ccm.states import membership


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("--as-of: “%(value)s” is not a date in the form YYYY-MM-DD") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = gettext_lazy("Membership on a date: the same content as GET /api/v1/membership/summary.")

    def add_arguments(self, parser):
        parser.add_argument("--as-of", default=None, help=_("YYYY-MM-DD (default: today)"))
        parser.add_argument("--grouping", default=None, help=_("grouping code, e.g. ccm-region"))
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")

    def handle(self, *args, as_of, grouping, format, **options):
        on = _date(as_of) if as_of else timezone.localdate()
        try:
            data = membership.summary(on, grouping)
        except membership.UnknownGrouping as exc:
            raise CommandError(f"--grouping: {exc}") from None
        if format == "json":
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        keys = list(data["totals"])
        blocks = [("", _("All States"), data["totals"])] + [
            (g["code"], g["name"], g["totals"]) for g in data.get("groups", [])
        ]
        if format == "csv":
            rows = [{"as_of": data["as_of"], "group": code, "totals": t} for code, _n, t in blocks]
            # no byte order mark: this goes to a terminal or a pipe, not to Excel
            tabular.write_csv(membership_totals(keys), rows, self.stdout, bom=False)
            return
        headers = [_("as of %(date)s") % {"date": data["as_of"]}, *keys]
        rows = [[name, *(str(t[k]) for k in keys)] for _code, name, t in blocks]
        widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
        for r in [headers, *rows]:
            self.stdout.write(
                "  ".join(
                    c.ljust(w) if i == 0 else c.rjust(w)
                    for i, (c, w) in enumerate(zip(r, widths, strict=True))
                )
            )
        if sys.stdout.isatty():
            self.stdout.write(
                _(
                    "states_parties counts every deposited instrument not withdrawn; in_force those bound on the date."
                )
            )
