"""Report files received by e-mail are checked by their content: a PDF must parse and have a
page, a DOCX or XLSX must hold its format's parts and unpack to a bounded size at a bounded
ratio (read from the archive's directory, nothing extracted). Real files pass."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ccm.reports import services
from ccm.reports.models import Report
from ccm.states.models import State

from .conftest import LAST_YEAR

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def real_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Article 7 report"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def real_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Article 7 report", level=1)
    document.add_paragraph("Form A: national implementation measures.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def real_xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Form B", "cluster munitions", 500])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_entry(archive: bytes, name: str, megabytes: int) -> bytes:
    """The archive with one more entry of `megabytes` MB of zeros (written in chunks)."""
    out = io.BytesIO(archive)
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as z,
        z.open(name, "w", force_zip64=True) as entry,
    ):
        for _ in range(megabytes):
            entry.write(chunk)
    return out.getvalue()


def upload(name: str, content: bytes, mime: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, mime)


def _errors(f) -> list[str]:
    return [message for _field, message in services.upload_errors(f)]


@pytest.mark.parametrize(
    ("name", "make"), [("r.pdf", real_pdf), ("r.docx", real_docx), ("r.xlsx", real_xlsx)]
)
def test_real_pdf_docx_and_xlsx_files_are_accepted(name, make):
    f = upload(name, make())
    assert _errors(f) == []
    assert f.tell() == 0  # the file is left ready to be stored


@pytest.mark.parametrize(
    ("megabytes", "why"),
    [(120, "more than 100 MB"), (30, "times its size")],  # too large; compressed too far
)
def test_docx_zip_bomb_is_refused(megabytes, why):
    bomb = with_entry(real_docx(), "word/media/image1.bin", megabytes)
    assert len(bomb) < 1024 * 1024  # what is uploaded is small …
    errors = _errors(upload("report.docx", bomb, DOCX))
    assert len(errors) == 1 and why in errors[0]  # … what it would unpack to is not


def test_an_xlsx_zip_bomb_is_refused():
    bomb = with_entry(real_xlsx(), "xl/media/image1.bin", 30)
    assert "times its size" in _errors(upload("report.xlsx", bomb, XLSX))[0]


def test_html_with_pdf_header_is_refused():
    html = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n"
    assert _errors(upload("report.pdf", html, "application/pdf")) == [
        "The file begins like a PDF but is not a readable PDF document."
    ]


def test_a_pdf_cut_short_and_an_archive_without_its_document_are_refused():
    pdf = real_pdf()
    assert _errors(upload("r.pdf", pdf[: len(pdf) // 2]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:  # a DOCX's first entries, and nothing else
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/styles.xml", "<w:styles/>")
    errors = _errors(upload("r.docx", out.getvalue()))
    assert errors and "not a" in errors[0]


def test_a_received_report_with_a_refused_file_is_not_recorded(reference_data):
    before = Report.objects.count()
    bomb = with_entry(real_docx(), "word/media/image1.bin", 30)
    with pytest.raises(ValidationError) as exc:
        services.record_received_report(
            State.objects.get(iso3="PER"),
            "annual",
            LAST_YEAR - 1,
            upload=upload("report.docx", bomb, DOCX),
            submitted_on=timezone.localdate(),
            actor=None,
            today=timezone.localdate(),
            visibility="public",
        )
    assert "file" in exc.value.message_dict
    assert Report.objects.count() == before
    report = services.record_received_report(
        State.objects.get(iso3="PER"),
        "annual",
        LAST_YEAR - 1,
        upload=upload("report.pdf", real_pdf(), "application/pdf"),
        submitted_on=timezone.localdate(),
        actor=None,
        today=timezone.localdate(),
        visibility="public",
    )
    assert report.file.read().startswith(b"%PDF")
