"""Word output laid out per GB/T 9704-2012 (党政机关公文格式): page, grid, fonts, titles, tables, sign-off, page numbers."""
from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from pathlib import Path
from typing import Sequence


TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
# Fonts a PC without the GB2312 fonts shows instead (named in the document's font table).
FALLBACKS = {BODY_FONT: "仿宋", HEADING2_FONT: "楷体", TITLE_FONT: "宋体"}
TITLE_PT, BODY_PT, TABLE_PT, PAGE_NUMBER_PT = 22, 16, 12, 14
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
# The type area (版心) is 156 mm × 225 mm: 22 lines of 28 characters of 三号 仿宋 (GB/T 9704 5.2.2).
TEXT_WIDTH_TWIPS = 8845                 # 156 mm
LINE_PITCH_TWIPS = 579                  # 225 mm / 22 lines
LINE_PT = LINE_PITCH_TWIPS / 20
# 28 characters of 16 pt need 448 pt, the line has 442.2 pt: each character is set 0.25 pt closer (15.75 pt,
# 441 pt a line). Word's character grid (linesAndChars, charSpace -842) would do the same in Word and WPS, but
# LibreOffice (7.4) gives a character wider than the grid's pitch two cells (16 characters a line), so the
# grid is a line grid and the 28 characters come from the spacing, the same in all three.
CHAR_SPACING_TWENTIETHS = -5
CHARS_PER_LINE, LINES_PER_PAGE = 28, 22
TITLE_CHARS = 20                        # 二号 characters on a 156 mm line
CELL_MARGIN_TWIPS = 108                 # "Table Grid": 0.19 cm left and right in every cell
BUREAU = "象山县司法局"
APPLICATION = "象山县行政应诉工作台"
SIGN_OFF_STYLE, TITLE_STYLE = "落款", "公文标题"
_JAPANESE_FONTS = {"ＭＳ 明朝", "ＭＳ ゴシック", "MS Mincho", "MS Gothic"}


def chinese_date(day: dt.date | None) -> str:
    """2025年3月24日 (GB/T 9704 writes dates in full, without leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def prose_dates(text: str) -> str:
    """ISO dates inside a sentence (2025-05-06) written as documents write them (2025年5月6日)."""
    return _ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text)


def text_width(text: str) -> float:
    """Width in characters of the font size: CJK and full-width forms (and %) 1, digits and Latin letters 0.6
    (a little more than half: the fonts that stand in for 仿宋 on other machines set them wider), and a quarter
    for each change between the two, where Word, WPS and LibreOffice put a little space (autoSpaceDN)."""
    wide = [unicodedata.east_asian_width(c) in "WF" or c == "%" for c in text]
    changes = sum(1 for a, b in zip(wide, wide[1:]) if a != b)
    return sum(1.0 if w else 0.6 for w in wide) + 0.25 * changes


def break_title(words: Sequence[str | tuple[str, int]], width: float = TITLE_CHARS) -> str:
    """A title set on balanced lines (GB/T 9704 7.3.1), broken only between the given words.

    Each word is kept whole (a unit name, a 案号, a date, a phrase such as "案件的"); a word may carry a penalty
    for a break after it, for boundaries that are allowed but weaker. The fewest lines that fit are used, and
    among them the most even split, lightly biased against weak boundaries. A word wider than a line is the
    only thing ever broken inside (at the line's end), since nothing else can hold it.
    """
    items = [(w, 0) if isinstance(w, str) else w for w in words]
    items = [(text, penalty) for text, penalty in items if text]
    if not items:
        return ""
    pieces = []
    for text, penalty in items:
        while text_width(text) > width:               # an over-long word: cut where the line ends
            cut = max(i for i in range(1, len(text) + 1) if text_width(text[:i]) <= width)
            pieces.append((text[:cut], 99))
            text = text[cut:]
        pieces.append((text, penalty))
    best = None
    for lines in range(1, len(pieces) + 1):
        for cuts in itertools.combinations(range(1, len(pieces)), lines - 1):
            bounds = (0, *cuts, len(pieces))
            rows = [pieces[a:b] for a, b in zip(bounds, bounds[1:])]
            widths = [text_width("".join(t for t, _ in row)) for row in rows]
            if max(widths) > width:
                continue
            mean = sum(widths) / len(widths)
            cost = sum((w - mean) ** 2 for w in widths) + 4 * sum(row[-1][1] for row in rows[:-1])
            if best is None or cost < best[0]:
                best = (cost, rows)
        if best is not None:
            break
    return "\n".join("".join(t for t, _ in row) for row in best[1])


class Paragraphs(list):
    """Text a clerk typed, one paragraph per line; a template prints it with {%p for line in … %}."""


def paragraphs(text: str | None, default: str | None = None) -> Paragraphs:
    """The paragraphs of text a clerk typed: one for each non-empty line (``default`` when there is none)."""
    lines = [line.strip() for line in str(text or "").splitlines() if line.strip()]
    return Paragraphs(lines or ([default] if default else []))


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


def _element(tag: str, **attributes):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


_AFTER_SNAP_TO_GRID = ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                       "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                       "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _no_grid(paragraph_or_style) -> None:
    """Text not of the body's size stays off the document grid: on it, every line of a title, a table cell or the
    page number would be rounded up to the body's 28.95 pt pitch (and, under a Bureau's character grid, its
    characters spaced to the 三号 pitch)."""
    from docx.oxml.ns import qn
    ppr = paragraph_or_style.element.get_or_add_pPr() if hasattr(paragraph_or_style, "element") else \
        paragraph_or_style._p.get_or_add_pPr()
    if ppr.find(qn("w:snapToGrid")) is None:         # in its place in CT_PPr's sequence (Word checks it)
        ppr.insert_element_before(_element("w:snapToGrid", val=0), *_AFTER_SNAP_TO_GRID)


def column_widths(headers: Sequence[str], whole: Sequence[str | None], size: float = TABLE_PT,
                  total: int = TEXT_WIDTH_TWIPS) -> list[int]:
    """Column widths in twips that fill the text block: a column given its longest text (``whole``, e.g. a date
    or a 案号) is exactly wide enough to hold that text and its header on one line; the other columns share
    what is left, in proportion to the weight given for them (a number) or to their headers' lengths, and wrap."""
    def need(text: str) -> int:
        return round(text_width(text) * size * 20) + 2 * CELL_MARGIN_TWIPS + 30
    fixed = {i: max(need(text), need(headers[i])) for i, text in enumerate(whole) if isinstance(text, str)}
    free = [i for i in range(len(headers)) if i not in fixed]
    rest = total - sum(fixed.values())
    if free:
        # Every wrapping column holds its header on at most two lines; what is left goes by weight.
        floor = {i: need(headers[i][:(len(headers[i]) + 1) // 2]) for i in free}
        rest -= sum(floor.values())
        if rest < 0:
            raise ValueError(f"table too wide for the text block: {headers}")
        weights = [whole[i] if isinstance(whole[i], (int, float)) else max(len(headers[i]), 2) for i in free]
        fixed.update({i: floor[i] + int(rest * w // sum(weights)) for i, w in zip(free, weights)})
    elif rest < 0:
        raise ValueError(f"table too wide for the text block: {headers}")
    return [fixed[i] for i in range(len(headers))]


class OfficialDocument:
    """A python-docx document with the official layout; add content with the methods below."""

    def __init__(self, template: str | Path | None = None, title: str = "") -> None:
        from docx import Document
        self.doc = Document(str(template)) if template else Document()
        self._setup_page()
        self._setup_styles()
        self._page_numbers()
        self._font_table()
        tidy_package(self.doc, title)

    # --- layout ------------------------------------------------------------------------------

    def _setup_page(self) -> None:
        for section in self.doc.sections:
            self._section_layout(section)

    @staticmethod
    def _section_layout(section) -> None:
        from docx.oxml.ns import qn
        from docx.shared import Mm
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = Mm(MARGINS_MM["top"])
        section.bottom_margin = Mm(MARGINS_MM["bottom"])
        section.left_margin = Mm(MARGINS_MM["left"])
        section.right_margin = Mm(MARGINS_MM["right"])
        section.header_distance = Mm(15)
        section.footer_distance = Mm(23)          # the page number's dash 7 mm below the type area
        sect_pr = section._sectPr
        for tag in ("w:pgNumType", "w:docGrid"):
            for old in sect_pr.findall(qn(tag)):
                sect_pr.remove(old)
        # Each section numbers its pages from 1 (a 催办单 per unit is a section of its own).
        number_type = _element("w:pgNumType", start=1)
        grid = _element("w:docGrid", type="lines", linePitch=LINE_PITCH_TWIPS)
        # Schema order: … pgMar, paperSrc, pgBorders, lnNumType, pgNumType, cols, … docGrid, printerSettings.
        cols = sect_pr.find(qn("w:cols"))
        if cols is not None:
            cols.addprevious(number_type)
        else:
            sect_pr.append(number_type)
        printer = sect_pr.find(qn("w:printerSettings"))
        if printer is not None:
            printer.addprevious(grid)
        else:
            sect_pr.append(grid)

    def _setup_styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml.ns import qn
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Pt
        styles = self.doc.styles
        normal = styles["Normal"]
        _set_fonts(normal, BODY_FONT, BODY_PT)
        fmt = normal.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PT)
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.widow_control = True
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY     # 两端对齐: full lines end flush at the right margin
        spacing = normal.element.get_or_add_rPr()
        if spacing.find(qn("w:spacing")) is None:
            size = spacing.find(qn("w:sz"))
            (size.addprevious if size is not None else spacing.append)(
                _element("w:spacing", val=CHAR_SPACING_TWENTIETHS))
        # The default size is 三号 too, for text outside any style (and a character grid a Bureau may add).
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for tag in ("w:sz", "w:szCs"):
            element = rpr.find(qn(tag))
            if element is None:
                element = _element(tag)
                rpr.append(element)
            element.set(qn("w:val"), str(BODY_PT * 2))
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            fonts.set(qn("w:eastAsia"), BODY_FONT)
            fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
        names = {s.name for s in styles}
        if TITLE_STYLE not in names:
            title = styles.add_style(TITLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
            title.base_style = normal
            _set_fonts(title, TITLE_FONT, TITLE_PT)
            title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            title.paragraph_format.line_spacing = Pt(35)
            title.paragraph_format.space_after = Pt(LINE_PT)
            title.paragraph_format.keep_with_next = True
            _no_grid(title)
        if SIGN_OFF_STYLE not in names:
            sign_off = styles.add_style(SIGN_OFF_STYLE, WD_STYLE_TYPE.PARAGRAPH)
            sign_off.base_style = normal
            sign_off.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            sign_off.paragraph_format.right_indent = Pt(BODY_PT * 4)
            sign_off.paragraph_format.keep_with_next = True

    def _page_numbers(self) -> None:
        """"— 1 —" in 4号 宋体 below the type area: odd pages right, even pages left, one character in."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Pt
        self.doc.settings.odd_and_even_pages_header_footer = True
        for section in self.doc.sections:
            for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                                  (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
                paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
                if "PAGE" in footer._element.xml:
                    continue
                paragraph.alignment = align
                fmt = paragraph.paragraph_format
                fmt.first_line_indent = 0
                fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                fmt.line_spacing = Pt(PAGE_NUMBER_PT)
                if align == WD_ALIGN_PARAGRAPH.RIGHT:
                    fmt.right_indent = Pt(PAGE_NUMBER_PT)
                else:
                    fmt.left_indent = Pt(PAGE_NUMBER_PT)
                _no_grid(paragraph)
                self._run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
                self._field(paragraph, "PAGE")
                self._run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)

    def _field(self, paragraph, instruction: str) -> None:
        from docx.oxml.ns import qn
        for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
            run = paragraph.add_run()
            _set_fonts(run, PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
            if kind is not None:
                run._r.append(_element("w:fldChar", fldCharType=kind))
            elif text == instruction:
                element = _element("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = f" {instruction} "
                run._r.append(element)
            else:
                run.text = text

    def _font_table(self) -> None:
        """Name 仿宋/楷体/宋体 as the alternatives of the GB2312 fonts in the document's font table."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml.ns import qn
        from lxml import etree
        try:
            part = self.doc.part.part_related_by(RT.FONT_TABLE)
        except KeyError:
            return
        root = etree.fromstring(part.blob)
        existing = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
        for name in (TITLE_FONT, BODY_FONT, HEADING1_FONT, HEADING2_FONT, PAGE_NUMBER_FONT):
            if name in existing:
                continue
            font = _element("w:font", name=name)
            if name in FALLBACKS:
                font.append(_element("w:altName", val=FALLBACKS[name]))
            font.append(_element("w:charset", val="86"))            # GB2312
            font.append(_element("w:family", val="modern" if name != HEADING1_FONT else "swiss"))
            root.append(font)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    # --- content -----------------------------------------------------------------------------

    @staticmethod
    def _run(paragraph, text: str, font: str = BODY_FONT, size: float = BODY_PT, bold: bool | None = None):
        # Text goes in as text: python-docx escapes < & > and quotes; a line break within a paragraph is a break.
        from xiangshan_desk.application.outputs import writable
        lines = writable(str(text)).split("\n")        # text XML cannot carry (an older version's) becomes "�"
        run = paragraph.add_run(lines[0])
        _set_fonts(run, font, size, bold)
        for line in lines[1:]:
            run.add_break()
            run.add_text(line)
        return run

    def title(self, text: str | Sequence[str | tuple[str, int]]) -> None:
        """The title in 二号 小标宋, centred; a list of words is set on balanced lines (break_title)."""
        paragraph = self.doc.add_paragraph(style=TITLE_STYLE)
        self._run(paragraph, text if isinstance(text, str) else break_title(text), TITLE_FONT, TITLE_PT)

    def heading(self, text: str, level: int = 1) -> None:
        """一、 in 黑体 (level 1); （一） in 楷体 (level 2); 1. and （1） in 仿宋 (level 3); kept with what follows."""
        from docx.shared import Pt
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        paragraph.paragraph_format.keep_with_next = True
        font = {1: HEADING1_FONT, 2: HEADING2_FONT}.get(level, BODY_FONT)
        self._run(paragraph, text, font, BODY_PT)

    def paragraph(self, text: str, indent: bool = True, align: str | None = None) -> None:
        """Body text; each line of ``text`` is a paragraph of its own, each with its own indent."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt
        for line in (str(text).split("\n") or [""]):
            paragraph = self.doc.add_paragraph()
            if indent:
                paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
            if align == "right":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif align == "center":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._run(paragraph, line)

    def tag(self, text: str) -> None:
        """A paragraph holding only a docxtpl tag ({%p … %}); it disappears when the template is filled."""
        self.paragraph(text, indent=False)

    def addressee(self, text: str) -> None:
        self.paragraph(f"{text}：", indent=False)

    def table(self, headers: list[str], rows: list[list], whole: Sequence[str | float | None] | None = None,
              longest_headers: Sequence[str] | None = None) -> None:
        """A bordered table in 仿宋 小四 across the text block: the header row repeated on every page, no row
        split across pages. ``whole`` gives, per column, the longest text that must not wrap, or the weight of a
        column that may wrap (None: its header's length); see column_widths. ``longest_headers``: the longest
        header each column will show, when ``headers`` are template tags filled in later."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.oxml.ns import qn
        from docx.shared import Twips
        widths = column_widths(longest_headers or headers, whole or [None] * len(headers))
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"                    # borders visible when printed
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        for old in tbl_pr.findall(qn("w:tblW")):
            tbl_pr.remove(old)
        style = tbl_pr.find(qn("w:tblStyle"))
        (style if style is not None else tbl_pr[0]).addnext(_element("w:tblW", w=sum(widths), type="dxa"))
        for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
            column.set(qn("w:w"), str(width))
        header = table.rows[0]
        for cell, text in zip(header.cells, headers):
            self._cell(cell, text, bold=True, center=True)
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values):
                self._cell(cell, "" if value is None else (chinese_date(value) if isinstance(value, dt.date)
                                                           else str(value)))
        for index, row in enumerate(table.rows):
            properties = row._tr.get_or_add_trPr()
            properties.append(_element("w:cantSplit"))
            if index == 0:
                properties.append(_element("w:tblHeader"))
            for cell, width in zip(row.cells, widths):
                cell.width = Twips(width)

    def _cell(self, cell, text: str, bold: bool = False, center: bool = False) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.first_line_indent = 0
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        _no_grid(paragraph)
        # Cells are set flush left (a justified cell would spread "已逾期 / 1043天" across its width).
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        self._run(paragraph, text, BODY_FONT, TABLE_PT, bold or None)

    def signature(self, organisation: str, day: dt.date | str | None) -> None:
        """The issuing organisation and the date, right-aligned, four characters from the right edge, after a
        blank line; kept on the page of the text's last lines (keep_sign_off_with_text).

        ``day`` None leaves the date as a placeholder for the template (``{{ date }}``).
        """
        self.doc.add_paragraph()
        date_text = "{{ date }}" if day is None else (day if isinstance(day, str) else chinese_date(day))
        for text in (organisation, date_text):
            paragraph = self.doc.add_paragraph(style=SIGN_OFF_STYLE)
            self._run(paragraph, text)
        paragraph.paragraph_format.keep_with_next = False      # the date: nothing after it to keep with
        keep_sign_off_with_text(self.doc)

    def new_letter(self) -> None:
        """A new section on a new page, its pages numbered from 1 (one 催办单 per unit)."""
        from docx.enum.section import WD_SECTION
        self._section_layout(self.doc.add_section(WD_SECTION.NEW_PAGE))

    def page_break(self) -> None:
        self.doc.add_page_break()

    def save(self, path: str | Path) -> Path:
        from xiangshan_desk.application.outputs import save_atomically
        return save_atomically(path, lambda temporary: self.doc.save(str(temporary)), "Word 文件")


def keep_sign_off_with_text(doc) -> None:
    """GB/T 9704 7.3.5.1: the sign-off never stands alone on a page. Every sign-off block (paragraphs in the
    落款 style) is kept with the blank line before it and with the text before that: the last two paragraphs
    of text (a closing "特此报告。" and the paragraph it closes), or the last two rows of a table, so that a page
    break pulls text onto the sign-off's page. Run again on a filled template, where the text is known."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph
    body = list(doc.element.body.iterchildren())

    def style_of(element) -> str:
        if element.tag != qn("w:p"):
            return ""
        return Paragraph(element, doc).style.name if element.pPr is not None and element.pPr.pStyle is not None \
            else ""

    def keep(paragraph_element) -> None:
        Paragraph(paragraph_element, doc).paragraph_format.keep_with_next = True

    for index, element in enumerate(body):
        if style_of(element) != SIGN_OFF_STYLE or (index and style_of(body[index - 1]) == SIGN_OFF_STYLE):
            continue
        _centre_signer(doc, body[index], body[index + 1] if index + 1 < len(body) else None)
        before = index - 1
        while before >= 0 and body[before].tag == qn("w:p") and not "".join(body[before].itertext()).strip():
            keep(body[before])
            before -= 1
        if before < 0:
            continue
        if body[before].tag == qn("w:p"):
            keep(body[before])
            previous = before - 1
            while previous >= 0 and body[previous].tag == qn("w:p") and \
                    not "".join(body[previous].itertext()).strip():
                previous -= 1
            if previous >= 0 and body[previous].tag == qn("w:p"):
                keep(body[previous])
        elif body[before].tag == qn("w:tbl"):
            for row in body[before].findall(qn("w:tr"))[-2:]:
                # Not a template's loop row: every row made from it would keep with the next, and Word would
                # then move a long table whole. The filled document's last rows are marked when it is finished.
                if "{%" in "".join(row.itertext()) or "{{" in "".join(row.itertext()):
                    continue
                for paragraph in row.iter(qn("w:p")):
                    keep(paragraph)


def _centre_signer(doc, signer, date) -> None:
    """GB/T 9704 7.3.5.1: the date four characters from the right edge, the issuing organisation centred over it
    (flush with the date's indent when it is the wider; a template's {{ }} is measured when it is filled)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt
    from docx.text.paragraph import Paragraph
    if date is None or date.tag != qn("w:p"):
        return
    signer, date = Paragraph(signer, doc), Paragraph(date, doc)
    if date.style.name != SIGN_OFF_STYLE or "{{" in signer.text + date.text:
        return
    offset = max(0.0, 4 + (text_width(date.text) - text_width(signer.text)) / 2)
    signer.paragraph_format.right_indent = Pt(round(BODY_PT * offset, 1))
    date.paragraph_format.right_indent = Pt(BODY_PT * 4)


def tidy_package(doc, title: str = "", author: str = BUREAU) -> None:
    """File properties and fonts fit for the Bureau: author, application, the real times; Chinese theme fonts and
    language; no Japanese fonts (WPS and Word would warn that they are missing), no python-docx thumbnail."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn
    from lxml import etree
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props = doc.core_properties
    props.author, props.last_modified_by, props.title = author, author, title or props.title
    props.comments, props.keywords, props.subject, props.category = "", "", "", ""
    props.created = props.modified = now
    props.revision = 1
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
    app = package.part_related_by(RT.EXTENDED_PROPERTIES)
    app._blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>{APPLICATION}</Application><Company>{BUREAU}</Company><DocSecurity>0</DocSecurity>"
        "</Properties>").encode("utf-8")
    # Theme: Chinese fonts for East Asian text, no Japanese script fonts.
    theme = doc.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    drawing = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for scheme, face in (("majorFont", HEADING1_FONT), ("minorFont", "宋体")):
        for fonts in root.iter(drawing + scheme):
            for ea in fonts.findall(drawing + "ea"):
                ea.set("typeface", face)
            for font in fonts.findall(drawing + "font"):
                if font.get("script") == "Jpan":
                    fonts.remove(font)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    fonts = doc.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(fonts.blob)
    for font in root.findall(qn("w:font")):
        if font.get(qn("w:name")) in _JAPANESE_FONTS or font.find(qn("w:charset")) is not None and \
                font.find(qn("w:charset")).get(qn("w:val")) == "80":       # Shift-JIS
            root.remove(font)
    fonts._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    settings = doc.settings.element
    language = settings.find(qn("w:themeFontLang"))
    if language is None:
        language = _element("w:themeFontLang")
        settings.append(language)
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for lang in defaults.iter(qn("w:lang")):
            lang.set(qn("w:eastAsia"), "zh-CN")
