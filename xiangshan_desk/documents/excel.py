"""Excel output shared by every workbook: text stays text, print-ready sheets, columns fit Chinese text."""
from __future__ import annotations

import datetime as dt
from copy import copy
from pathlib import Path

from ..errors import AppError

PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
FOOTER = "第 &P 页 共 &N 页"


def text_width(text: str) -> float:
    # CJK characters are about twice as wide as Latin ones in Excel's column units.
    return sum(2.1 if ord(ch) > 0x2E80 else 1.1 for ch in text)


def new_workbook():
    from openpyxl import Workbook
    workbook = Workbook()
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
                    formats: dict[int, str] | None = None):
    """A print-ready sheet: a title row, a header row, the rows; returns the worksheet.

    Every str is written as a text cell (never a formula); dates get a date format; ``formats`` maps a
    0-based column to a number format for its numbers.
    """
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    formats = formats or {}
    ws = workbook.create_sheet(sheet)
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    if len(headers) > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.row_dimensions[1].height = 24
    ws.append(headers)
    thin = Side(style="thin", color="808080")
    border = Border(top=thin, bottom=thin, left=thin, right=thin)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [text_width(h) for h in headers]
    # openpyxl registers a style each time one is assigned (costly on 100,000 cells): style the first cell of
    # each kind, then copy its style array. Rows are counted here; ws.max_row scans every row.
    styles: dict[tuple, object] = {}

    def style(cell, key: tuple, apply) -> None:
        if key in styles:
            cell._style = copy(styles[key])
            return
        apply(cell)
        styles[key] = copy(cell._style)

    def text_style(wrap):
        def apply(cell):
            cell.alignment = Alignment(vertical="top", wrap_text=wrap)
            cell.border = border
        return apply

    def number_style(number_format):
        def apply(cell):
            cell.number_format = number_format
            cell.border = border
        return apply

    row = ws.max_row
    for values in rows:
        row += 1
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=column)
            cell.value = value
            if isinstance(value, str):
                # Typed text never becomes a formula, even when it begins with = + - @.
                cell.data_type = TYPE_STRING
                wrap = len(value) > 40
                style(cell, ("text", wrap), text_style(wrap))
            elif isinstance(value, dt.date):
                style(cell, ("date",), number_style(DATE))
            elif column - 1 in formats and isinstance(value, (int, float)):
                style(cell, ("number", formats[column - 1]), number_style(formats[column - 1]))
            else:
                style(cell, ("plain",), number_style("General"))
            shown = value.isoformat() if isinstance(value, dt.date) else ("" if value is None else str(value))
            widths[column - 1] = max(widths[column - 1], min(text_width(shown), 60))
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 62)
    ws.freeze_panes = "B3" if sheet == "分单位统计" else "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = FOOTER
    ws.evenFooter.center.text = FOOTER
    return ws


def save_workbook(workbook, path: str | Path) -> Path:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(path)
    except OSError as exc:
        raise AppError(f"无法保存文件 {path}：{exc.strerror or exc}（文件是否正在 Excel 中打开？）") from exc
    return path


def write_table(path: str | Path, title: str, headers: list[str], rows: list[list], sheet: str = "列表") -> Path:
    """One list as a workbook of one print-ready sheet."""
    workbook = new_workbook()
    add_table_sheet(workbook, sheet, title, headers, rows)
    return save_workbook(workbook, path)
