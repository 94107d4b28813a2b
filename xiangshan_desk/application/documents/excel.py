"""Excel output shared by every workbook: text stays text, print-ready sheets, columns fit Chinese text."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from xiangshan_desk.application.outputs import needs_replacing, writable

PERCENT = "0.0%"
SCORE = "0.0"
DATE = "yyyy-mm-dd"
FOOTER = "第 &P 页 共 &N 页"
# A font every Chinese Windows has (not Calibri, which has no CJK glyphs and prints them from a fallback).
FONT_NAME = "宋体"
# Text columns are capped at this width (about 17 Chinese characters) and longer texts wrap, so that every sheet
# prints at a legible scale on A4 landscape.
TEXT_CAP = 36.0
# A sheet wider than this (column units, about 70 % on A4 landscape: 8 pt print) narrows its wrapping text
# columns, widest first, down to NARROWEST (about eight Chinese characters a line). Not narrower: a column that
# wraps its common texts doubles the rows' height and the pages.
PAGE_WIDTH, NARROWEST = 200.0, 19.0
# Points per printed line of a wrapped cell (11 pt 宋体 and the CJK fonts that stand in for it).
LINE_HEIGHT = 15.5
FLAG_FILL, FLAG_FONT = "F4B6B6", "9C0006"
ROW_HEIGHTS = True


def font(**kwargs):
    from openpyxl.styles import Font
    return Font(name=FONT_NAME, **kwargs)


def chinese_date(day: dt.date | None) -> str:
    """A date as texts print it: 2026年9月15日 (the same as stats.chinese_date; this module stays light)."""
    return "" if day is None else f"{day.year}年{day.month}月{day.day}日"


def set_default_font(workbook) -> None:
    """Make 宋体 the workbook's default font (the Normal style and every unstyled cell)."""
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList
    base = Font(name=FONT_NAME, sz=11, family=3, charset=134)
    workbook._fonts = IndexedList([base])
    for style in workbook._named_styles:
        if style.name == "Normal":
            style.font = base


def fit_to_page(ws) -> None:
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def print_setup(ws, title_rows: str = "2:2", footer: str = FOOTER) -> None:
    """A4 landscape, one page wide, the title rows repeated, page numbers in the footer.

    (A streamed sheet writes its sheet properties with its first row: call ``fit_to_page`` before the rows.)"""
    from openpyxl.worksheet.worksheet import Worksheet
    fit_to_page(ws)
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.8
    ws.page_margins.header, ws.page_margins.footer = 0.3, 0.35
    ws.print_options.horizontalCentered = True
    ws.HeaderFooter.oddFooter.center.text = footer
    ws.HeaderFooter.evenFooter.center.text = footer


# Excel's column units per character: CJK characters are about twice as wide as Latin ones.
WIDE, NARROW = 2.1, 1.1


def text_width(text: str) -> float:
    # Counted from the UTF-8 length (CJK takes three bytes, ASCII one), which is done in C: this runs for the
    # longest texts of every column of a 100,000-case workbook.
    characters = len(text)
    wide = (len(text.encode("utf-8")) - characters) // 2
    return WIDE * wide + NARROW * (characters - wide)


def _broken_line_width(header: str) -> float:
    """The width a header with line breaks of its own needs for its longest line (0 for a header of one line)."""
    lines = header.split("\n")
    return max(text_width(line) for line in lines) if len(lines) > 1 else 0.0


def new_workbook(write_only: bool = True):
    """A workbook without sheets. Write-only (streamed; rows are added once, in order, with ``add_table_sheet``)
    unless the caller needs to go back to cells it has written."""
    from openpyxl import Workbook
    workbook = Workbook(write_only=write_only)
    if not write_only:
        workbook.remove(workbook.active)
    set_default_font(workbook)
    return workbook


def put_row(ws, row_index: int, values) -> None:
    """Write one row of plain cells: every str as text (never a formula), dates with a date format.

    (Made cell by cell: ``ws.append`` followed by ``ws[ws.max_row]`` scans the whole sheet for every row.)
    """
    from openpyxl.cell.cell import TYPE_STRING
    for column_index, value in enumerate(values, start=1):
        if isinstance(value, str) and needs_replacing(value):
            value = writable(value)             # stored before the boundary refused it: "�", never a crash
        cell = ws.cell(row_index, column_index, value)
        if isinstance(value, str):
            cell.data_type = TYPE_STRING
        elif isinstance(value, (dt.date, dt.datetime)):
            cell.number_format = DATE


def add_table_sheet(workbook, sheet: str, title: str, headers: list[str], rows: list[list],
                    formats: dict[int, str] | None = None, bold_last: bool = False, notes: tuple[str, ...] = (),
                    flagged: set[tuple[int, int]] | frozenset = frozenset()):
    """A print-ready sheet of a write-only workbook: a title row, a header row, the rows, then ``notes`` after a
    blank row; returns the worksheet (for charts, written when the workbook is saved).

    Every str is written as a text cell (never a formula); dates get a date format; ``formats`` maps a
    0-based column to a number format for its numbers (a "—" there is right-aligned like the numbers);
    ``bold_last`` sets the last row (a total) in bold; ``flagged`` (row, column) cells, 0-based, are red (a
    loss rate at or above 8%). Text columns are at most TEXT_CAP wide and longer texts wrap.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import TYPE_STRING, Cell
    from openpyxl.styles import Alignment, Border, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange

    formats = formats or {}
    # text the format cannot carry (stored by an older version) is replaced by "�" and counted, never a crash
    title, headers, notes = writable(title), [writable(h) for h in headers], tuple(writable(n) for n in notes)
    ws = workbook.create_sheet(sheet)
    # a streamed sheet takes its column widths before its rows
    widths = [text_width(h) for h in headers]
    whole: set[int] = set()           # columns that never wrap (dates, 案号, the first column)
    for index, column in enumerate(zip(*rows)):
        if _kept_whole(headers[index], column):
            whole.add(index)
        # a number as shown: a rate "100.0%", a score "98.5"
        shown = {value if isinstance(value, str) else ("" if value is None else
                                                       "100.0%" if isinstance(value, float) else str(value))
                 for value in column if not isinstance(value, dt.date)}
        widest = 12.0 if any(isinstance(value, dt.date) for value in column) else 0.0     # yyyy-mm-dd
        # longest first; a text is at most WIDE units a character, so the shorter ones cannot be wider
        for text in sorted(shown, key=len, reverse=True):
            if WIDE * len(text) <= widest:
                break
            widest = max(widest, text_width(text))
        widths[index] = min(widest, TEXT_CAP) if index in formats else max(widths[index], min(widest, TEXT_CAP))
    # a header wraps onto up to four lines rather than widening a column of small numbers; a header broken on
    # purpose (败诉率 / （判决口径）) keeps each of its lines whole
    widths = [max(width, text_width(headers[index]) / 4 + 0.5, 5.0, _broken_line_width(headers[index]))
              if index in formats else max(width, text_width(headers[index]) / 2 + 1)
              for index, width in enumerate(widths)]
    shown = [min(max(width + (1.5 if index in formats else 2), 7 if index in formats else 8), TEXT_CAP + 2)
             for index, width in enumerate(widths)]
    shown = _narrowed(shown, [index for index in range(len(headers)) if index and index not in formats
                              and index not in whole])
    for column, width in enumerate(shown, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    limits = [width - 2 for width in shown]
    header_lines = max((sum(-(-int(text_width(line) + 0.99) // max(int(w - 1), 1)) for line in h.split("\n"))
                        for h, w in zip(headers, shown)), default=1)
    ws.row_dimensions[1].height = 24
    ws.row_dimensions[2].height = 14 * max(1, min(header_lines, 5)) + 6
    fit_to_page(ws)
    # what goes before the rows in the file: written with the first row
    ws.freeze_panes = "B3" if sheet == "分单位统计" else "A3"

    heading = WriteOnlyCell(ws, title)
    heading.font = font(bold=True, size=14)
    heading.alignment = Alignment(horizontal="center", vertical="center")
    ws.append([heading])
    if len(headers) > 1:
        ws.merged_cells.add(CellRange(min_col=1, min_row=1, max_col=len(headers), max_row=1))
    thin = Side(style="thin", color="808080")
    border = Border(top=thin, bottom=thin, left=thin, right=thin)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, header)
        cell.font = font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header_cells.append(cell)
    ws.append(header_cells)

    # The grid is printed (print_options.gridLines) rather than drawn as a border on every cell: a streamed
    # sheet writes a plain value fast, while every styled cell is a cell object of its own (on 100,000 cases the
    # borders were most of the workbook's time). Cells that need a style get one, shared per kind.
    styles: dict[tuple, object] = {}

    def styled(value, key: tuple, bold: bool):
        cell = WriteOnlyCell(ws, value)
        key = key + (bold,)
        if key in styles:
            cell._style = styles[key]
        else:
            if key[0] == "text":
                cell.alignment = Alignment(vertical="top", wrap_text=key[1])
            elif key[0] == "dash":
                cell.alignment = Alignment(horizontal="right", vertical="top")
            elif key[0] in ("number", "flag", "top"):
                cell.alignment = Alignment(vertical="top")
                if key[1] is not None:
                    cell.number_format = key[1]
            if key[0] == "flag":
                cell.fill = PatternFill("solid", fgColor=FLAG_FILL)
                cell.font = font(bold=True, color=FLAG_FONT)
            elif bold:
                cell.font = font(bold=True)
            styles[key] = cell._style
        return cell

    last = len(rows) - 1
    for index, values in enumerate(rows):
        bold = bold_last and index == last
        cells = []
        lines = 1
        for column, value in enumerate(values):
            if (index, column) in flagged:
                value = styled(value, ("flag", formats.get(column, "General")), bold)
            elif isinstance(value, str):
                if needs_replacing(value):
                    value = writable(value)
                if column in formats:           # "—" in a column of numbers
                    value = styled(value, ("dash",), bold)
                    value.data_type = TYPE_STRING
                    cells.append(value)
                    continue
                # (a CJK text is up to WIDE units a character: only a long one needs measuring)
                wrap = WIDE * len(value) > limits[column] + 0.5 and text_width(value) > limits[column] + 0.5
                if wrap:
                    # the row's height for its lines: not every program grows a streamed row by itself
                    lines = max(lines, sum(-(-int(text_width(part) + 0.99) // max(int(limits[column]), 1))
                                           for part in value.split("\n")) or 1)
                if wrap or bold or value.startswith("="):
                    value = styled(value, ("text", wrap), bold)
                    # Typed text never becomes a formula, even when it begins with =.
                    value.data_type = TYPE_STRING
            elif column in formats and isinstance(value, (int, float)):
                value = styled(value, ("number", formats[column]), bold)
            elif bold:
                value = styled(value, ("plain",), bold)
            # a date gets openpyxl's yyyy-mm-dd format as it is written
            cells.append(value)
        if lines > 1:
            # a row of several lines reads from the top: its one-line cells too (only these rows pay for it)
            cells = [cell if isinstance(cell, Cell) or cell is None or cell == ""
                     else styled(cell, ("top", DATE if isinstance(cell, (dt.date, dt.datetime)) else None), bold)
                     for cell in cells]
            if ROW_HEIGHTS:
                ws.row_dimensions[index + 3].height = LINE_HEIGHT * min(lines, 12) + 3
        ws.append(cells)
    if notes:
        ws.append([])
        total = sum(limits) + 2 * len(limits)
        for number, note in enumerate(notes):
            # across the table's width, wrapped: a note wider than the table is not cut off in print
            row = len(rows) + 4 + number
            cell = WriteOnlyCell(ws, note)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            lines = max(1, -(-int(text_width(note)) // max(int(total), 1)))
            ws.row_dimensions[row].height = 15 * lines + 3
            if len(headers) > 1:
                ws.merged_cells.add(CellRange(min_col=1, min_row=row, max_col=len(headers), max_row=row))
            ws.append([cell])
    print_setup(ws, footer=f"{sheet}　" + FOOTER)
    ws.print_options.gridLines = True
    return ws


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}( 周.)?$")


def _kept_whole(header: str, column) -> bool:
    """A column whose texts stay on one line: case numbers, and dates written as text (2026-12-15 周二)."""
    if "案号" in header:
        return True
    texts = [value for value in column if isinstance(value, str) and value]
    return bool(texts) and all(_ISO_DAY.match(text) for text in texts)


def _narrowed(shown: list[float], flexible: list[int]) -> list[float]:
    """Column widths that fit PAGE_WIDTH if the wrapping text columns (``flexible``) can give way: the widest
    of them are narrowed to one common width, never below NARROWEST."""
    if sum(shown) <= PAGE_WIDTH or not flexible:
        return shown
    room = PAGE_WIDTH - sum(width for index, width in enumerate(shown) if index not in flexible)
    widths = sorted(shown[index] for index in flexible)
    cap = widths[-1]
    for done, width in enumerate(widths):
        share = room / (len(widths) - done)        # what each of this column and the wider ones may have
        if share <= width:
            cap = share
            break
        room -= width
    cap = max(cap, NARROWEST)
    return [min(width, cap) if index in flexible else width for index, width in enumerate(shown)]


def save_workbook(workbook, path: str | Path) -> Path:
    # all or nothing: a failure (a full disk, a value the format cannot carry) leaves a file already there as it was
    from xiangshan_desk.application.outputs import save_atomically

    def save(temporary):
        try:
            workbook.save(temporary)
        except BaseException:
            _close_unsaved_sheets(workbook)
            raise
    return save_atomically(path, save, "Excel 文件")


def _close_unsaved_sheets(workbook) -> None:
    """A write-only workbook whose saving failed: end the sheets' half-written streams now (their temporary files
    are removed when the program ends), instead of leaving them to break when they are garbage-collected."""
    if not workbook.write_only:
        return
    for sheet in workbook.worksheets:
        if not sheet.closed:
            try:
                sheet.close()
            except Exception:  # noqa: BLE001 - the save's own error is the one to report
                pass


def write_table(path: str | Path, title: str, headers: list[str], rows: list[list], sheet: str = "列表") -> Path:
    """One list as a workbook of one print-ready sheet."""
    workbook = new_workbook()
    add_table_sheet(workbook, sheet, title, headers, rows)
    return save_workbook(workbook, path)
