"""Excel output shared by every workbook: text stays text, print-ready sheets, columns fit Chinese text."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import AppError

PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
FOOTER = "第 &P 页 共 &N 页"


# Excel's column units per character: CJK characters are about twice as wide as Latin ones.
WIDE, NARROW = 2.1, 1.1


def text_width(text: str) -> float:
    # Counted from the UTF-8 length (CJK takes three bytes, ASCII one), which is done in C: this runs for the
    # longest texts of every column of a 100,000-case workbook.
    characters = len(text)
    wide = (len(text.encode("utf-8")) - characters) // 2
    return WIDE * wide + NARROW * (characters - wide)


def new_workbook(write_only: bool = True):
    """A workbook without sheets. Write-only (streamed; rows are added once, in order, with ``add_table_sheet``)
    unless the caller needs to go back to cells it has written."""
    from openpyxl import Workbook
    workbook = Workbook(write_only=write_only)
    if not write_only:
        workbook.remove(workbook.active)
    return workbook


def put_row(ws, row_index: int, values) -> None:
    """Write one row of plain cells: every str as text (never a formula), dates with a date format.

    (Made cell by cell: ``ws.append`` followed by ``ws[ws.max_row]`` scans the whole sheet for every row.)
    """
    from openpyxl.cell.cell import TYPE_STRING
    for column_index, value in enumerate(values, start=1):
        cell = ws.cell(row_index, column_index, value)
        if isinstance(value, str):
            cell.data_type = TYPE_STRING
        elif isinstance(value, (dt.date, dt.datetime)):
            cell.number_format = DATE


def add_table_sheet(workbook, sheet: str, title: str, headers: list[str], rows: list[list],
                    formats: dict[int, str] | None = None, bold_last: bool = False, notes: tuple[str, ...] = ()):
    """A print-ready sheet of a write-only workbook: a title row, a header row, the rows, then ``notes`` after a
    blank row; returns the worksheet (for conditional formats and charts, written when the workbook is saved).

    Every str is written as a text cell (never a formula); dates get a date format; ``formats`` maps a
    0-based column to a number format for its numbers; ``bold_last`` sets the last row (a total) in bold.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.worksheet import Worksheet

    formats = formats or {}
    ws = workbook.create_sheet(sheet)
    # a streamed sheet takes its column widths before its rows
    widths = [text_width(h) for h in headers]
    for index, column in enumerate(zip(*rows)):
        shown = {value if isinstance(value, str) else ("" if value is None else str(value)) for value in column
                 if not isinstance(value, dt.date)}
        widest = 11.0 if any(isinstance(value, dt.date) for value in column) else 0.0     # yyyy-mm-dd
        # longest first; a text is at most WIDE units a character, so the shorter ones cannot be wider
        for text in sorted(shown, key=len, reverse=True):
            if WIDE * len(text) <= widest:
                break
            widest = max(widest, text_width(text))
        widths[index] = max(widths[index], min(widest, 60))
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 62)
    ws.row_dimensions[1].height = 24
    # what goes before the rows in the file: written with the first row
    ws.freeze_panes = "B3" if sheet == "分单位统计" else "A3"
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    heading = WriteOnlyCell(ws, title)
    heading.font = Font(bold=True, size=14)
    ws.append([heading])
    if len(headers) > 1:
        ws.merged_cells.add(CellRange(min_col=1, min_row=1, max_col=len(headers), max_row=1))
    thin = Side(style="thin", color="808080")
    border = Border(top=thin, bottom=thin, left=thin, right=thin)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, header)
        cell.font = Font(bold=True)
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
            elif key[0] == "number":
                cell.number_format = key[1]
            if bold:
                cell.font = Font(bold=True)
            styles[key] = cell._style
        return cell

    last = len(rows) - 1
    for index, values in enumerate(rows):
        bold = bold_last and index == last
        cells = []
        for column, value in enumerate(values):
            if isinstance(value, str):
                wrap = len(value) > 40
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
        ws.append(cells)
    if notes:
        ws.append([])
        for note in notes:
            ws.append([note])
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.print_options.gridLines = True
    ws.HeaderFooter.oddFooter.center.text = FOOTER
    ws.HeaderFooter.evenFooter.center.text = FOOTER
    return ws


def save_workbook(workbook, path: str | Path) -> Path:
    # all or nothing: a failure (a full disk, a value the format cannot carry) leaves a file already there as it was
    from ..outputs import save_atomically
    return save_atomically(path, lambda temporary: workbook.save(temporary), "Excel 文件")


def write_table(path: str | Path, title: str, headers: list[str], rows: list[list], sheet: str = "列表") -> Path:
    """One list as a workbook of one print-ready sheet."""
    workbook = new_workbook()
    add_table_sheet(workbook, sheet, title, headers, rows)
    return save_workbook(workbook, path)
