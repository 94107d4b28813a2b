"""Excel output shared by every list export: text stays text, headers repeat, columns fit Chinese text."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import AppError


def _width(text: str) -> float:
    # CJK characters are about twice as wide as Latin ones in Excel's column units.
    return sum(2.1 if ord(ch) > 0x2E80 else 1.1 for ch in text)


def write_table(path: str | Path, title: str, headers: list[str], rows: list[list], sheet: str = "列表") -> Path:
    """A print-ready sheet: a title row, a header row, the rows. Every str is written as a text cell."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    path = Path(path)
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(headers)
    thin = Side(style="thin", color="999999")
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [_width(h) for h in headers]
    for values in rows:
        ws.append([None] * len(values))
        row = ws.max_row
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=column)
            cell.value = value
            if isinstance(value, str):
                # Typed text never becomes a formula, even when it begins with = + - @.
                cell.data_type = TYPE_STRING
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            widths[column - 1] = max(widths[column - 1], _width(str(value)) if value is not None else 0)
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 60)
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    try:
        workbook.save(path)
    except OSError as exc:
        raise AppError(f"无法保存文件 {path}：{exc.strerror or exc}（文件是否正在 Excel 中打开？）") from exc
    return path
