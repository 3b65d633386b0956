from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ccm.states import importer


class Command(BaseCommand):
    help = gettext_lazy(
        "Validate and load the reference data (States, groupings, depositary's acts). "
        "All or nothing; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=settings.CCM_DATA_DIR,
            help=_("folder holding states.csv and ccm_participation.csv"),
        )

    def handle(self, *args, data_dir: Path, **options):
        try:
            result = importer.load(data_dir, today=timezone.localdate())
        except importer.ReferenceDataInvalid as exc:
            lines = [_("Rejected: %(n)d error(s); nothing was changed.") % {"n": len(exc.errors)}]
            lines += [f"  {e}" for e in exc.errors]
            raise CommandError("\n".join(lines)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Loaded %(states)d States, %(signatures)d signatures, %(instruments)d instruments, "
                    "%(withdrawals)d withdrawals from %(dir)s."
                )
                % {**result.__dict__, "dir": data_dir}
            )
        )
