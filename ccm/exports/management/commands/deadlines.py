import json
from datetime import date

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ccm.core.commands import BaseCommand
from ccm.exports import tabular
from ccm.exports.tables import DEADLINES
from ccm.obligations.choices import DeadlineArticle
from ccm.obligations.forms import DeadlineFilterForm
from ccm.obligations.querysets import deadlines_on
from ccm.obligations.serialize import deadline_row


class Command(BaseCommand):
    help = gettext_lazy(
        "Deadlines of Articles 3, 4 and 7 on a date, with their status and explanation."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", default="", help=gettext_lazy("YYYY-MM-DD (default: today)"))
        parser.add_argument("--state", default="", help=gettext_lazy("ISO3 code"))
        parser.add_argument(
            "--article", default="", choices=["", *map(str, DeadlineArticle.values)]
        )
        parser.add_argument(
            "--overdue", action="store_true", help=gettext_lazy("only overdue deadlines")
        )
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")

    def handle(self, *args, as_of, state, article, overdue, format, **options):
        form = DeadlineFilterForm(
            {
                "as_of": as_of,
                "state": state,
                "article": article,
                "status": "overdue" if overdue else "",
            }
        )
        if not form.is_valid():
            raise CommandError(
                "; ".join(f"--{k.replace('_', '-')}: {' '.join(v)}" for k, v in form.errors.items())
            )
        q = form.cleaned_data
        on: date = q["as_of"] or timezone.localdate()
        items = deadlines_on(
            on, iso3=q["state"] or None, article=q["article"], status=q["status"] or None
        )
        if format == "csv":
            # no byte order mark: this goes to a terminal or a pipe, not to Excel
            tabular.write_csv(DEADLINES, items, self.stdout, bom=False)
            return
        rows = [deadline_row(d) for d in items]
        if format == "json":
            self.stdout.write(
                json.dumps({"as_of": on.isoformat(), "items": rows}, indent=2, ensure_ascii=False)
            )
        else:
            self.stdout.write(_("Deadlines as of %(date)s") % {"date": on.isoformat()})
            for r in rows:
                year = f" {r['year']}" if r["year"] else ""
                self.stdout.write(
                    f"{r['state']}  {r['obligation']}{year:<6} {r['due'] or '—':<10}  {r['status']}"
                )
