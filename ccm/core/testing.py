"""Helpers the test suites share (kept out of conftest so they can be imported)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf


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


def pdf_bytes(marker: str = "") -> bytes:
    """A real one-page PDF (pypdf's writer) that passes the upload checks; `marker`, if
    given, is appended as a PDF comment so tests can look for it in what is served."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue() + (f"%{marker}\n".encode() if marker else b"")
