"""Hand-made ledgers for the tests: a workbook with the ledger's headers and one row per dict (missing cells
empty)."""


def ledger_file(path, rows, headers=None):
    from openpyxl import Workbook

    from xiangshan_desk.application.ledger import HEADERS
    headers = headers or HEADERS
    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append([row.get(h) for h in headers])
    book.save(path)
    return path
