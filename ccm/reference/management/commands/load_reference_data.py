from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ccm.core.commands import BaseCommand
from ccm.core.csvimport import ReferenceDataInvalid
from ccm.reference.loader import load_all


class Command(BaseCommand):
    help = gettext_lazy(
        "Validate and load the reference data (States, groupings, depositary's acts, meetings, "
        "obligations, extension requests). All or nothing; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=settings.CCM_DATA_DIR,
            help=gettext_lazy("folder holding the reference files (see data/README.md)"),
        )

    def handle(self, *args, data_dir: Path, **options):
        try:
            counts = load_all(data_dir, today=timezone.localdate())
        except ReferenceDataInvalid as exc:
            lines = [_("Rejected: %(n)d error(s); nothing was changed.") % {"n": len(exc.errors)}]
            lines += [f"  {e}" for e in exc.errors]
            raise CommandError("\n".join(lines)) from None
        summary = ", ".join(f"{name.replace('_', ' ')}: {n}" for name, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                _("Loaded from %(dir)s: %(summary)s.") % {"dir": data_dir, "summary": summary}
            )
        )
