"""Word output laid out per GB/T 9704-2012 (党政机关公文格式): page, fonts, headings, tables, page numbers."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import AppError

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
# Fonts a PC without the GB2312 fonts shows instead (named in the document's font table).
FALLBACKS = {BODY_FONT: "仿宋", HEADING2_FONT: "楷体", TITLE_FONT: "宋体"}
TITLE_PT, BODY_PT, TABLE_PT, PAGE_NUMBER_PT = 22, 16, 12, 14
LINE_PT = 28.9                    # 22 lines on the type area of 225 mm
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}


def chinese_date(day: dt.date | None) -> str:
    """2025年3月24日 (GB/T 9704 writes dates in full, without leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _set_fonts(run_or_style, name: str, size: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt
    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), name)


class OfficialDocument:
    """A python-docx document with the official layout; add content with the methods below."""

    def __init__(self, template: str | Path | None = None) -> None:
        from docx import Document
        self.doc = Document(str(template)) if template else Document()
        self._setup_page()
        self._setup_styles()
        self._page_numbers()
        self._font_table()

    # --- layout ------------------------------------------------------------------------------

    def _setup_page(self) -> None:
        from docx.shared import Mm
        for section in self.doc.sections:
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.top_margin = Mm(MARGINS_MM["top"])
            section.bottom_margin = Mm(MARGINS_MM["bottom"])
            section.left_margin = Mm(MARGINS_MM["left"])
            section.right_margin = Mm(MARGINS_MM["right"])
            section.footer_distance = Mm(25)

    def _setup_styles(self) -> None:
        from docx.enum.text import WD_LINE_SPACING
        from docx.shared import Pt
        normal = self.doc.styles["Normal"]
        _set_fonts(normal, BODY_FONT, BODY_PT)
        fmt = normal.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PT)
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)

    def _page_numbers(self) -> None:
        """"— 1 —" in 4号 宋体 at the bottom: odd pages right, even pages left."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        self.doc.settings.odd_and_even_pages_header_footer = True
        for section in self.doc.sections:
            for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                                  (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
                paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
                paragraph.alignment = align
                paragraph.paragraph_format.first_line_indent = 0
                self._run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
                self._field(paragraph, "PAGE")
                self._run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)

    def _field(self, paragraph, instruction: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
            run = paragraph.add_run()
            _set_fonts(run, PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
            if kind is not None:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
                run._r.append(element)
            elif text == instruction:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = f" {instruction} "
                run._r.append(element)
            else:
                run.text = text

    def _font_table(self) -> None:
        """Name 仿宋/楷体/宋体 as the alternatives of the GB2312 fonts in the document's font table."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        try:
            part = self.doc.part.part_related_by(RT.FONT_TABLE)
        except KeyError:
            return
        from lxml import etree
        root = etree.fromstring(part.blob)
        existing = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
        for name in (TITLE_FONT, BODY_FONT, HEADING1_FONT, HEADING2_FONT, PAGE_NUMBER_FONT):
            if name in existing:
                continue
            font = OxmlElement("w:font")
            font.set(qn("w:name"), name)
            if name in FALLBACKS:
                alt = OxmlElement("w:altName")
                alt.set(qn("w:val"), FALLBACKS[name])
                font.append(alt)
            charset = OxmlElement("w:charset")
            charset.set(qn("w:val"), "86")            # GB2312
            font.append(charset)
            family = OxmlElement("w:family")
            family.set(qn("w:val"), "modern" if name != HEADING1_FONT else "swiss")
            font.append(family)
            root.append(font)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    # --- content -----------------------------------------------------------------------------

    @staticmethod
    def _run(paragraph, text: str, font: str = BODY_FONT, size: float = BODY_PT, bold: bool | None = None):
        # Text a clerk typed goes in as text: python-docx escapes < & > and quotes; line breaks become breaks.
        lines = str(text).split("\n")
        run = paragraph.add_run(lines[0])
        _set_fonts(run, font, size, bold)
        for line in lines[1:]:
            run.add_break()
            run.add_text(line)
        return run

    def title(self, text: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing = Pt(36)
        paragraph.paragraph_format.space_after = Pt(LINE_PT)
        self._run(paragraph, text, TITLE_FONT, TITLE_PT)

    def heading(self, text: str, level: int = 1) -> None:
        """一、 in 黑体 (level 1); （一） in 楷体 (level 2); 1. and （1） in 仿宋 (level 3)."""
        from docx.shared import Pt
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        font = {1: HEADING1_FONT, 2: HEADING2_FONT}.get(level, BODY_FONT)
        self._run(paragraph, text, font, BODY_PT)

    def paragraph(self, text: str, indent: bool = True, align: str | None = None) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt
        paragraph = self.doc.add_paragraph()
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        if align == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif align == "center":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(paragraph, text)

    def addressee(self, text: str) -> None:
        self.paragraph(f"{text}：", indent=False)

    def table(self, headers: list[str], rows: list[list], widths_mm: list[float] | None = None) -> None:
        """A bordered table in 仿宋 小四, its header row repeated on every page."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"                    # borders visible when printed
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = table.rows[0]
        properties = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)
        for cell, text in zip(header.cells, headers):
            self._cell(cell, text, bold=True, center=True)
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values):
                self._cell(cell, "" if value is None else (chinese_date(value) if isinstance(value, dt.date)
                                                           else str(value)))
        if widths_mm:
            table.autofit = False
            for column, width in zip(table.columns, widths_mm):
                column.width = Mm(width)
            for row in table.rows:
                for cell, width in zip(row.cells, widths_mm):
                    cell.width = Mm(width)

    def _cell(self, cell, text: str, bold: bool = False, center: bool = False) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.first_line_indent = 0
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(paragraph, text, BODY_FONT, TABLE_PT, bold or None)

    def signature(self, organisation: str, day: dt.date | str | None) -> None:
        """The issuing organisation and the date, right-aligned, four characters from the right edge.

        ``day`` None leaves the date as a placeholder for the template (``{{ date }}``).
        """
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt
        self.doc.add_paragraph()
        date_text = "{{ date }}" if day is None else (day if isinstance(day, str) else chinese_date(day))
        for text in (organisation, date_text):
            paragraph = self.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = Pt(BODY_PT * 4)
            self._run(paragraph, text)

    def page_break(self) -> None:
        self.doc.add_page_break()

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.doc.save(str(path))
        except OSError as exc:
            raise AppError(f"无法保存文件 {path}：{exc.strerror or exc}（文件是否正在 Word 中打开？）") from exc
        return path
