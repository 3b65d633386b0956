"""Reading reference CSV files all or nothing, and writing them as a sync.

A Reader collects every error of a file by line and column while yielding its
rows; callers validate each row and raise ReferenceDataInvalid with all the
errors of all files before anything is written. `sync` then brings a table in line
with the rows, writing only what differs; it removes records that have left a file
only when the run prunes (`importing(ImportRun(prune=True))`), and lists them otherwise.
"""

from __future__ import annotations

import contextvars
import csv
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from .choices import Precision
from .validators import field_errors

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class RowError:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" + (f" [{self.column}]" if self.column else "")
        return f"{where}: {self.message}"


class ReferenceDataInvalid(Exception):
    """The files were rejected; `errors` lists every problem found."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class Reader:
    """Collects errors for one file while reading its rows."""

    def __init__(
        self,
        path: Path,
        columns: list[str],
        errors: list[RowError],
        today: date,
        past_only: frozenset[str] = frozenset(),
    ):
        self.name = path.name
        self.columns = columns
        self.errors = errors
        self.path = path
        self.today = today
        self.past_only = past_only

    def error(self, line: int, column: str, message: str) -> None:
        self.errors.append(RowError(self.name, line, column, message))

    def check_fields(
        self, line: int, model, values: dict, columns: dict[str, str] | None = None
    ) -> None:
        """The checks of `model`'s own fields (sources, plausible dates, lengths) on a row's
        values, as the editing pages and the services run them; each error is reported at
        its column (`columns`: field → column, where they differ)."""
        for name, message in field_errors(model, values):
            self.error(line, (columns or {}).get(name, name), message)

    def once_per_state(self, seen: dict[str, int], iso3: str, line: int) -> None:
        """Record the State's first line; report a later one as a duplicate."""
        if iso3 in seen:
            self.error(
                line,
                "iso3",
                _("duplicate State %(iso3)s (first on line %(first)s)")
                % {"iso3": iso3, "first": seen[iso3]},
            )
        else:
            seen[iso3] = line

    def rows(self) -> Iterable[tuple[int, dict[str, str]]]:
        count = 0
        for item in self._rows():
            count += 1
            yield item
        if count == 0 and not any(e.file == self.name for e in self.errors):
            self.error(1, "", _("the file has no rows: an empty file would remove every record"))

    def _rows(self) -> Iterable[tuple[int, dict[str, str]]]:
        try:
            with self.path.open(newline="", encoding="utf-8-sig") as fh:
                reader = csv.DictReader(fh)
                missing = [c for c in self.columns if c not in (reader.fieldnames or [])]
                if missing:
                    self.error(
                        1, "", _("missing column(s): %(cols)s") % {"cols": ", ".join(missing)}
                    )
                    return
                for row in reader:
                    if None in row:
                        self.error(reader.line_num, "", _("more cells than columns in the header"))
                        continue
                    yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
        except FileNotFoundError:
            self.error(0, "", _("file not found"))
        except UnicodeDecodeError as exc:
            self.error(0, "", _("not UTF-8 text: %(err)s") % {"err": exc})
        except csv.Error as exc:
            self.error(0, "", _("not a CSV file: %(err)s") % {"err": exc})

    def date(self, line: int, row: dict[str, str], column: str) -> date | None:
        value = row[column]
        if not value:
            return None
        try:
            if not ISO_DATE.fullmatch(value):
                raise ValueError(value)
            parsed = date.fromisoformat(value)
        except ValueError:
            self.error(
                line,
                column,
                _("“%(value)s” is not a date in the form YYYY-MM-DD") % {"value": value},
            )
            return None
        if parsed > self.today and column in self.past_only:
            self.error(line, column, _("%(value)s is in the future") % {"value": value})
            return None
        return parsed

    def precision(self, line: int, row: dict[str, str], column: str) -> str:
        """A `*_precision` cell: day, month or year (day when empty)."""
        value = row[column] or Precision.DAY.value
        if value not in Precision.values:
            self.error(line, column, _("“%(value)s” is not day, month or year") % {"value": value})
        return value

    def yes_no(self, line: int, row: dict[str, str], column: str) -> bool:
        value = row[column]
        if value not in ("yes", "no"):
            self.error(line, column, _("“%(value)s” is not yes or no") % {"value": value})
        return value == "yes"

    def choice(self, line: int, row: dict[str, str], column: str, allowed) -> str:
        value = row[column]
        if value not in allowed:
            self.error(
                line,
                column,
                _("“%(value)s” is not one of %(allowed)s")
                % {"value": value, "allowed": ", ".join(a for a in allowed if a) or "—"},
            )
        return value


@dataclass(frozen=True)
class Absent:
    """A record in the database that its file no longer holds, and what the import did."""

    file: str
    record: str  # the record as a person reads it
    outcome: str  # LISTED, REMOVED, EDITED or HELD


LISTED = "listed"  # would go with --prune; left in place
REMOVED = "removed"  # pruned (through the recorded path)
EDITED = "edited"  # kept: changed in the application since it was imported
HELD = "held"  # kept: records entered or changed in the application depend on it
# (deleting it would take them too, or they refer to it and forbid deleting it)


def _never(obj) -> bool:
    return False


def _always(obj) -> bool:
    return True


@dataclass
class ImportRun:
    """What one load may do and what it did.

    `edited(obj)`: the record was changed in the application since it was imported (the
    files no longer speak for it: it is neither updated nor removed). `imported(obj)`: the
    record came from the files at some time (a record entered in the application was
    never in a file, so it is not "missing" from one). `prune`: remove the records that
    have left their file; without it they are only listed in `absent`."""

    edited: Callable[[object], bool] = _never
    imported: Callable[[object], bool] = _always
    prune: bool = False
    kept: list = field(default_factory=list)  # rows of the files not written: edited
    absent: list[Absent] = field(default_factory=list)


_run: contextvars.ContextVar[ImportRun | None] = contextvars.ContextVar(
    "ccm_import_run", default=None
)


@contextmanager
def importing(run: ImportRun) -> Iterator[ImportRun]:
    """Within the block, `sync` follows `run` and records in it what it kept and found absent.
    Outside any run, `sync` removes nothing."""
    token = _run.set(run)
    try:
        yield run
    finally:
        _run.reset(token)


@dataclass(frozen=True)
class Change:
    """One row written by `sync`: created, updated (with the values it had) or deleted."""

    action: str  # "created", "updated", "deleted" (rows kept or left in place are not written)
    obj: object
    before: dict


def _plain(value):
    return getattr(value, "pk", value)


def _cascade(obj) -> list | None:
    """The other records deleting `obj` would delete with it; None when a protected
    reference forbids deleting it."""
    collector = Collector(using=router.db_for_write(type(obj)))
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError):
        return None
    return [other for objs in collector.data.values() for other in objs if other is not obj]


def _with(others: list) -> str:
    """“, with 5 State names, 1 group membership”: what would go with a record."""
    counts: dict[str, int] = {}
    for other in others:
        meta = other._meta
        counts[meta.label] = counts.get(meta.label, 0) + 1
    parts = []
    for label, n in counts.items():
        meta = next(o._meta for o in others if o._meta.label == label)
        name = meta.verbose_name if n == 1 else meta.verbose_name_plural
        parts.append(f"{n} {name}")
    return _(", with %(records)s") % {"records": ", ".join(parts)} if parts else ""


def sync(
    model,
    keys: tuple[str, ...],
    rows: list[dict],
    scope: dict | None = None,
    *,
    file: str,
    describe: Callable[[object], str] = str,
) -> list[Change]:
    """Make the rows of `model` within `scope` match `rows` (read from `file`), matched on
    `keys`, writing only what differs.

    Records that already hold a row's values are not written, so reloading the same files
    writes nothing. Where several rows share a key (two undated figures of one measure and
    value from different pages), a row first takes the record that holds exactly its
    values, then the oldest one left, so equal keys never multiply. Changed records are
    updated, missing ones created. Records no longer in the file are listed in the run's
    `absent`, and deleted only when the run prunes, unless the application changed them
    or depends on them. Returns what was written, so callers can record it.
    """
    run = _run.get() or ImportRun()
    attname = {f.name: f.attname for f in model._meta.concrete_fields}

    def key_of_row(values: dict) -> tuple:
        return tuple(_plain(values[k]) for k in keys)

    def differences(obj, values: dict) -> dict:
        return {
            f: getattr(obj, attname[f])
            for f, v in values.items()
            if getattr(obj, attname[f]) != _plain(v)
        }

    existing: dict[tuple, list] = {}
    for obj in model.objects.filter(**(scope or {})).order_by("pk"):
        existing.setdefault(tuple(getattr(obj, attname[k]) for k in keys), []).append(obj)

    unmatched = []
    for values in rows:
        group = existing.get(key_of_row(values), [])
        same = next((o for o in group if not differences(o, values)), None)
        if same is None:
            unmatched.append(values)
        else:
            group.remove(same)

    changes: list[Change] = []
    for values in unmatched:
        group = existing.get(key_of_row(values))
        if not group:
            changes.append(Change("created", model.objects.create(**values), {}))
            continue
        obj = group.pop(0)
        if run.edited(obj):
            run.kept.append(obj)
            continue
        before = differences(obj, values)
        for f, v in values.items():
            setattr(obj, f, v)
        obj.save()
        changes.append(Change("updated", obj, before))

    for obj in (o for group in existing.values() for o in group):
        if not run.imported(obj):
            continue  # entered in the application: no file ever held it
        record = f"{model._meta.verbose_name} {describe(obj)}"
        if run.edited(obj):
            run.absent.append(Absent(file, record, EDITED))
            continue
        others = _cascade(obj)
        if others is None or any(run.edited(o) or not run.imported(o) for o in others):
            run.absent.append(Absent(file, record, HELD))
            continue
        record += _with(others)
        if not run.prune:
            run.absent.append(Absent(file, record, LISTED))
            continue
        pk = obj.pk
        obj.delete()
        changes.append(Change("deleted", obj, {"pk": pk}))
        run.absent.append(Absent(file, record, REMOVED))
    return changes
