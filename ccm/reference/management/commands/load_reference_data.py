from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ccm.core.commands import BaseCommand
from ccm.core.csvimport import EDITED, HELD, LISTED, REMOVED, ReferenceDataInvalid
from ccm.reference.loader import load_all


def _heading(outcome: str, file: str, n: int) -> str:
    values = {"file": file, "n": n}
    if outcome == LISTED:
        return (
            ngettext(
                "%(file)s: %(n)d record is in the database but not in the file; "
                "run with --prune to remove it:",
                "%(file)s: %(n)d records are in the database but not in the file; "
                "run with --prune to remove them:",
                n,
            )
            % values
        )
    if outcome == REMOVED:
        return (
            ngettext(
                "%(file)s: %(n)d record removed (not in the file):",
                "%(file)s: %(n)d records removed (not in the file):",
                n,
            )
            % values
        )
    if outcome == EDITED:
        return (
            ngettext(
                "%(file)s: %(n)d record is not in the file but was changed in the application "
                "since it was imported; it is kept (remove it in the application if it should go):",
                "%(file)s: %(n)d records are not in the file but were changed in the application "
                "since they were imported; they are kept (remove them in the application if they "
                "should go):",
                n,
            )
            % values
        )
    assert outcome == HELD, outcome
    return (
        ngettext(
            "%(file)s: %(n)d record is not in the file, but records entered or changed in the "
            "application depend on it; it is kept:",
            "%(file)s: %(n)d records are not in the file, but records entered or changed in the "
            "application depend on them; they are kept:",
            n,
        )
        % values
    )


class Command(BaseCommand):
    help = gettext_lazy(
        "Validate and load the reference data (States, groupings, depositary's acts, meetings, "
        "obligations, extension requests). All or nothing; loading the same files again "
        "writes nothing. Records that are no longer in the files are listed, and removed "
        "only with --prune."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=settings.CCM_DATA_DIR,
            help=gettext_lazy("folder holding the reference files (see data/README.md)"),
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help=gettext_lazy(
                "also remove the records that are no longer in the files (without it they "
                "are listed and kept); records changed in the application are always kept"
            ),
        )

    def handle(self, *args, data_dir: Path, prune: bool, **options):
        try:
            loaded = load_all(data_dir, today=timezone.localdate(), prune=prune)
        except ReferenceDataInvalid as exc:
            lines = [_("Rejected: %(n)d error(s); nothing was changed.") % {"n": len(exc.errors)}]
            lines += [f"  {e}" for e in exc.errors]
            raise CommandError("\n".join(lines)) from None
        summary = ", ".join(f"{name.replace('_', ' ')}: {n}" for name, n in loaded.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                _("Loaded from %(dir)s: %(summary)s.") % {"dir": data_dir, "summary": summary}
            )
        )
        groups: dict[tuple[str, str], list[str]] = {}
        for absent in loaded.absent:
            groups.setdefault((absent.file, absent.outcome), []).append(absent.record)
        for (file, outcome), records in groups.items():
            style = self.style.NOTICE if outcome == REMOVED else self.style.WARNING
            self.stdout.write(style(_heading(outcome, file, len(records))))
            for record in records:
                self.stdout.write(f"  {record}")
