"""Reading the text of a court paper: DOCX, text PDF, and — with the optional OCR extra — images and scans."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from xiangshan_desk.domain.errors import AppError

DOCX_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
SUFFIXES = DOCX_SUFFIXES + PDF_SUFFIXES + IMAGE_SUFFIXES
# a PDF page with fewer characters than this is taken for a scan and read by OCR
MIN_TEXT_CHARS = 20
OCR_INSTALL_HINT = '需要安装文字识别组件：pip install -e ".[ocr]"（rapidocr-onnxruntime，模型随安装包提供，无需联网下载）'
RENDER_SCALE = 2.0
# a court paper is a few MB at most; far larger files (or a DOCX that unpacks to hundreds of MB) are refused unread
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PAGES = 60
RED_PAPER_LEVEL = 150


class UnreadableFile(AppError):
    """A file the program cannot read (missing, damaged, of an unknown kind, or needing the OCR extra)."""


@dataclass
class ReadText:
    text: str
    source: str                                   # "text" or "ocr"
    pages: list[bytes] = field(default_factory=list)   # PNG of each page, when rendered


def read(path: str | Path, render_pages: bool = False) -> ReadText:
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(f"找不到文件：{path}")
    suffix = path.suffix.lower()
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UnreadableFile(f"{path.name} 超过 {MAX_FILE_BYTES // 1024 // 1024} MB，不像是法院文书，已拒绝读取")
    try:
        if suffix in DOCX_SUFFIXES:
            return ReadText(read_docx(path), "text")
        if suffix in PDF_SUFFIXES:
            return _read_pdf(path, render_pages)
        if suffix in IMAGE_SUFFIXES:
            data = path.read_bytes()
            return ReadText(ocr_image(data), "ocr", [data] if render_pages else [])
    except UnreadableFile:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file is the clerk's problem to know, not a bug
        raise UnreadableFile(f"无法读取文件 {path.name}：文件已损坏或格式不对（{type(exc).__name__}）") from exc
    raise UnreadableFile(f"不支持的文件类型：{path.name}（可读取 .docx、.pdf 和图片 .png/.jpg/.tif）")


def read_docx(path: Path) -> str:
    """Paragraphs and table cells in document order, a cell per line (two-column headers come out as lines)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    import zipfile
    with zipfile.ZipFile(path) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise UnreadableFile(f"{path.name} 解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，不像是法院文书，已拒绝读取")
    document = docx.Document(str(path))
    lines: list[str] = []

    def walk(parent) -> None:
        for child in parent.iter_inner_content():
            if isinstance(child, Paragraph):
                lines.append(child.text)
            elif isinstance(child, Table):
                for row in child.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:      # merged cells repeat
                            continue
                        seen.add(id(cell._tc))
                        walk(cell)
    walk(document)
    return "\n".join(lines)


def _read_pdf(path: Path, render_pages: bool) -> ReadText:
    import pypdf

    reader = pypdf.PdfReader(str(path))
    if len(reader.pages) > MAX_PAGES:
        raise UnreadableFile(f"{path.name} 有 {len(reader.pages)} 页，超过 {MAX_PAGES} 页，不像是一份法院文书，请只选所需的文书")
    texts = [page.extract_text() or "" for page in reader.pages]
    if sum(len("".join(t.split())) for t in texts) >= MIN_TEXT_CHARS * max(1, len(texts)) // 2:
        pages = render_pdf(path) if render_pages else []
        return ReadText("\n".join(texts), "text", pages)
    # a scanned PDF: render each page and read it
    if not ocr_available():
        raise UnreadableFile(f"{path.name} 是扫描件（没有文字层）。{OCR_INSTALL_HINT}")
    pages = render_pdf(path)
    return ReadText("\n".join(ocr_image(page) for page in pages), "ocr", pages if render_pages else [])


def render_pdf(path: Path, scale: float = RENDER_SCALE) -> list[bytes]:
    """Each page as PNG (pypdfium2, part of the OCR extra); empty when pypdfium2 is not installed."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return []
    pdf = pdfium.PdfDocument(str(path))
    pages = []
    try:
        for index in range(len(pdf)):
            image = pdf[index].render(scale=scale).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            pages.append(buffer.getvalue())
    finally:
        pdf.close()
    return pages


def ocr_available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


_engine = None


def _ocr_engine():
    global _engine
    if _engine is None:
        from rapidocr_onnxruntime import RapidOCR
        _engine = RapidOCR()
    return _engine


def drop_red(image):
    """Red seals over text: a seal's red is bright in the red channel, black ink is dark in every channel, so
    the red channel alone keeps the text and loses the seal."""
    import numpy as np
    red = np.asarray(image.convert("RGB"))[:, :, 0].astype(np.int16)
    # the seal's own strokes are light grey in the red channel: lift them to the paper's white
    return np.where(red > RED_PAPER_LEVEL, 255, red).astype(np.uint8)


def ocr_image(data: bytes) -> str:
    """The text of an image, line by line in reading order (RapidOCR)."""
    if not ocr_available():
        raise UnreadableFile(f"图片需要文字识别才能读取。{OCR_INSTALL_HINT}")
    import numpy as np
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    gray = drop_red(image)
    result, _elapse = _ocr_engine()(np.stack([gray] * 3, axis=-1))
    if not result:
        return ""
    return _fix(_lines(result))


# characters OCR confuses in words every court paper uses (令/今 in 责令)
OCR_FIXES = (("责今", "责令"), ("责分", "责令"))


def _fix(text: str) -> str:
    for wrong, right in OCR_FIXES:
        text = text.replace(wrong, right)
    return text


def _lines(result) -> str:
    """Group OCR boxes into lines by their vertical centre; order each line left to right."""
    boxes = []
    for box, text, _score in result:
        ys = [p[1] for p in box]
        xs = [p[0] for p in box]
        boxes.append(((min(ys) + max(ys)) / 2, min(xs), max(ys) - min(ys), text))
    boxes.sort()
    lines: list[list] = []
    for box in boxes:
        if lines and abs(box[0] - lines[-1][0][0]) < max(8.0, box[2] * 0.5):
            lines[-1].append(box)
        else:
            lines.append([box])
    return "\n".join("".join(b[3] for b in sorted(line, key=lambda b: b[1])) for line in lines)
