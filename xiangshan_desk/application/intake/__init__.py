"""Court papers in, case out (issue #23): read a court document, recognise it, propose what to record."""
from __future__ import annotations

from pathlib import Path

from xiangshan_desk.application.intake.reading import UnreadableFile, ocr_available, read
from xiangshan_desk.application.intake.recognition import DOCUMENT_TYPES, FIELD_LABELS, FIELD_NAMES, Extraction, Found, recognise

__all__ = ["DOCUMENT_TYPES", "FIELD_LABELS", "FIELD_NAMES", "Extraction", "Found", "UnreadableFile", "extract",
           "ocr_available", "read", "recognise"]


def extract(path: str | Path, render_pages: bool = False) -> Extraction:
    """Read and recognise a file; nothing is saved."""
    source = read(path, render_pages)
    result = recognise(source.text, source.source)
    result.pages = source.pages
    return result
