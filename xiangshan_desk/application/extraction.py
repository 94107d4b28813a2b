"""Text and page counts of case materials (PDF, DOCX, XLSX, plain text; images and scans with the OCR extra)."""
from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass

log = logging.getLogger(__name__)

MAX_TEXT = 2_000_000            # characters kept per file: enough for any filing, bounded for the search index


@dataclass(frozen=True)
class Extracted:
    text: str
    pages: int | None
    state: str                  # done / none (nothing readable) / failed


def suffix(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def extract(data: bytes, name: str) -> Extracted:
    """The text of a file's bytes, by its name's suffix. Never raises: an unreadable file is ``failed``."""
    kind = suffix(name)
    try:
        if kind == "pdf":
            text, pages = _pdf(data)
        elif kind == "docx":
            text, pages = _docx(data)
        elif kind in ("xlsx", "xlsm"):
            text, pages = _xlsx(data), None
        elif kind in ("txt", "csv", "md"):
            text, pages = _plain(data), None
        elif kind in ("png", "jpg", "jpeg", "tif", "tiff", "bmp"):
            text, pages = _ocr_image(data), None
        else:
            return Extracted("", None, "none")
    except Exception as exc:  # noqa: BLE001 - a damaged or unusual file must not stop the others
        log.warning("text extraction failed for %s: %s", name, exc)
        return Extracted("", None, "failed")
    text = _tidy(text)[:MAX_TEXT]
    return Extracted(text, pages, "done" if text else "none")


# Chinese punctuation stays as written (NFKC would turn ：，（） into ASCII, and snippets would read oddly).
_KEEP = re.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
_HALF_BRACKETS = str.maketrans({"(": "（", ")": "）"})


def normalise(text: str) -> str:
    """The one form stored text and queries are compared in: NFKC (PDF writers often map CJK glyphs to Kangxi
    radicals, ⾏ for 行; full-width letters and digits become ASCII), Chinese punctuation kept."""
    if text.isascii():
        return text
    parts, last = [], 0
    for match in _KEEP.finditer(text):
        parts.append(unicodedata.normalize("NFKC", text[last:match.start()]))
        parts.append(match.group())
        last = match.end()
    parts.append(unicodedata.normalize("NFKC", text[last:]))
    return "".join(parts)


def _wide(char: str) -> bool:
    """A letter or digit outside ASCII (Chinese characters): pairs of these are indexed."""
    return not char.isascii() and unicodedata.category(char)[0] in "LN"


def bigrams(text: str) -> str:
    """Every pair of adjacent Chinese characters as a word ("张伟说" → "张伟 伟说"), for the two-character index."""
    pairs = []
    for index in range(len(text) - 1):
        first, second = text[index], text[index + 1]
        if _wide(first) and _wide(second):
            pairs.append(first + second)
    return " ".join(pairs)


def is_pair_query(text: str) -> bool:
    """Two Chinese characters: answered by the pair index."""
    return len(text) == 2 and _wide(text[0]) and _wide(text[1])


def normalise_query(text: str) -> str:
    """A query as the stored text has it; 案号 brackets typed half-width match the full-width ones (rules.md §6)."""
    return normalise(text.strip()).translate(_HALF_BRACKETS)


def _tidy(text: str) -> str:
    return re.sub(r"[ \t]+", " ", normalise(text.replace("\x00", ""))).strip()


def _pdf(data: bytes) -> tuple[str, int]:
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(data))
    parts = [page.extract_text() or "" for page in reader.pages]
    text = "\n".join(parts)
    if not text.strip():
        text = _ocr_pdf(data)           # a scanned PDF: pages are images
    return text, len(reader.pages)


def _docx(data: bytes) -> tuple[str, int | None]:
    import docx
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts), _docx_pages(data)


def _docx_pages(data: bytes) -> int | None:
    """The page count Word saved in docProps/app.xml, when it did (python-docx's own files have none)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            app = archive.read("docProps/app.xml").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile):
        return None
    match = re.search(r"<(?:\w+:)?Pages>(\d+)</", app)
    return int(match[1]) if match and int(match[1]) > 0 else None


def _xlsx(data: bytes) -> str:
    from openpyxl import load_workbook
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        lines = []
        for sheet in workbook.worksheets:
            lines.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells = [str(v) for v in row if v is not None]
                if cells:
                    lines.append(" ".join(cells))
        return "\n".join(lines)
    finally:
        workbook.close()


def _plain(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def ocr_available() -> bool:
    """Whether the optional OCR extra is installed (``pip install xiangshan_desk[ocr]``: rapidocr-onnxruntime);
    without it images and scanned PDFs keep no text."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def _ocr_image(data: bytes) -> str:
    if not ocr_available():
        return ""
    from rapidocr_onnxruntime import RapidOCR
    result, _elapsed = RapidOCR()(data)
    return "\n".join(line[1] for line in result or ())


def _ocr_pdf(data: bytes) -> str:
    if not ocr_available():
        return ""
    from pypdf import PdfReader
    parts = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for image in page.images:
            parts.append(_ocr_image(image.data))
    return "\n".join(parts)
