from datetime import date

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ccm.core.commands import BaseCommand
from ccm.reports.reminders import Planned, send_reminders


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("--on: “%(value)s” is not a date in the form YYYY-MM-DD") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = gettext_lazy(
        "E-mail focal points about Article 7 reports due soon or overdue; each reminder is "
        "sent once (run it daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", default=None, help=gettext_lazy("YYYY-MM-DD (default: today)"))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("list the reminders that would be sent; send and record nothing"),
        )

    def handle(self, *args, on, dry_run, **options):
        day = _date(on) if on else timezone.localdate()
        failed: list[Planned] = []

        def report_failure(p: Planned, error: Exception) -> None:
            failed.append(p)
            self.stderr.write(
                _("Not sent: %(state)s  %(email)s  %(reason)s (%(error)s)")
                % {"state": p.iso3, "email": p.email, "reason": p.reason, "error": error}
            )

        done = send_reminders(day, dry_run=dry_run, on_error=report_failure)
        for r in done:
            iso3 = r.iso3 if isinstance(r, Planned) else r.state.iso3
            self.stdout.write(f"{iso3}  {r.email}  {r.reason}  {r.subject}")
        n = len(done)
        if dry_run:
            total = ngettext(
                "%(n)d reminder would be sent on %(date)s (dry run: nothing sent or recorded).",
                "%(n)d reminders would be sent on %(date)s (dry run: nothing sent or recorded).",
                n,
            )
        else:
            total = ngettext(
                "%(n)d reminder sent for %(date)s.", "%(n)d reminders sent for %(date)s.", n
            )
        self.stdout.write(total % {"n": n, "date": day.isoformat()})
        if failed:
            raise CommandError(
                ngettext(
                    "%(n)d reminder could not be sent; it was not recorded and will be tried "
                    "again on the next run.",
                    "%(n)d reminders could not be sent; they were not recorded and will be "
                    "tried again on the next run.",
                    len(failed),
                )
                % {"n": len(failed)}
            )
