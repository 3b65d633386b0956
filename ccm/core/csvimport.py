"""Reading reference CSV files all or nothing, and writing them as a sync.

A Reader collects every error of a file by line and column while yielding its
rows; callers validate each row and raise ReferenceDataInvalid with all the
errors of all files before anything is written. `sync` then makes a table
equal to the rows, writing only what differs.
"""

from __future__ import annotations

import contextvars
import csv
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PRECISIONS = ("day", "month", "year")


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
        value = row[column] or "day"
        if value not in PRECISIONS:
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


_keep: contextvars.ContextVar[Callable[[object], bool] | None] = contextvars.ContextVar(
    "ccm_import_keep", default=None
)
_kept: contextvars.ContextVar[list | None] = contextvars.ContextVar("ccm_import_kept", default=None)


@contextmanager
def keeping(predicate: Callable[[object], bool]) -> Iterator[list]:
    """Within the block, `sync` neither updates nor deletes a row for which `predicate` is
    true (e.g. a record edited in the application since the last import); the rows it kept
    are collected in the list this yields."""
    kept: list = []
    t1, t2 = _keep.set(predicate), _kept.set(kept)
    try:
        yield kept
    finally:
        _keep.reset(t1)
        _kept.reset(t2)


@dataclass(frozen=True)
class Change:
    """One row written by `sync`: created, updated (with the values it had) or deleted."""

    action: str  # "created", "updated", "deleted" ("kept" rows are not written)
    obj: object
    before: dict


def sync(model, keys: tuple[str, ...], rows: list[dict], scope: dict | None = None) -> list[Change]:
    """Make the rows of `model` within `scope` exactly `rows`, matched on `keys`.

    Rows that already hold the same values are not written, so re-loading the
    same files writes nothing; changed rows are updated, missing ones created,
    and rows no longer in the files deleted. Returns what was written, so callers
    can record it.
    """
    attnames = [model._meta.get_field(k).attname for k in keys]  # state_id, not state: no query

    def plain(value):
        return getattr(value, "pk", value)

    existing = {
        tuple(getattr(o, a) for a in attnames): o for o in model.objects.filter(**(scope or {}))
    }
    changes: list[Change] = []
    keep, kept = _keep.get(), _kept.get()

    def kept_back(obj) -> bool:
        if keep is not None and keep(obj):
            if kept is not None:
                kept.append(obj)
            return True
        return False

    for values in rows:
        obj = existing.pop(tuple(plain(values[k]) for k in keys), None)
        if obj is None:
            changes.append(Change("created", model.objects.create(**values), {}))
            continue
        before = {
            f: getattr(obj, model._meta.get_field(f).attname)
            for f, v in values.items()
            if getattr(obj, model._meta.get_field(f).attname) != plain(v)
        }
        if before and not kept_back(obj):
            for f, v in values.items():
                setattr(obj, f, v)
            obj.save()
            changes.append(Change("updated", obj, before))
    for obj in existing.values():
        if kept_back(obj):
            continue
        changes.append(Change("deleted", obj, {"pk": obj.pk}))
        obj.delete()
    return changes
