"""Helpers the test suites share (kept out of conftest so they can be imported)."""

from __future__ import annotations

from pathlib import Path


def replace_line(path: Path, startswith: str, new: str | None) -> int:
    """Replace the first line of `path` starting with `startswith` by `new` (or duplicate it
    when `new` is None); return its 1-based line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith(startswith):
            if new is None:
                lines.insert(i + 1, line)
            else:
                lines[i] = new + "\n"
            path.write_text("".join(lines), encoding="utf-8")
            return i + 1
    raise AssertionError(f"no line starts with {startswith!r} in {path}")
