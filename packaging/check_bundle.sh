#!/usr/bin/env bash
# Builds the one-folder program with PyInstaller and proves the bundle is complete: the window starts
# offscreen on a demo database (seed data, migrations), and the bundled command line writes a Word and an
# Excel file (templates found). Run from the repository root with the project's venv at .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
"$python" -m pip install -q "pyinstaller>=6.10,<7"
work=$(mktemp -d)
start=$(date +%s)
"$python" -m PyInstaller --noconfirm --log-level ERROR --distpath "$work/dist" --workpath "$work/build" \
  packaging/xiangshan_desk.spec
echo "bundle built in $(( $(date +%s) - start )) s: $(du -sh "$work/dist/xiangshan_desk" | cut -f1)"
app="$work/dist/xiangshan_desk"
export QT_QPA_PLATFORM=offscreen XIANGSHAN_DESK_DATA="$work/data"
"$app/xiangshan-cli" --db "$work/demo.sqlite3" demo --cases 120 --seed 2
"$app/象山行政应诉工作台" --db "$work/demo.sqlite3" --exit-after-startup
number=$("$python" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select case_number from proceeding limit 1').fetchone()[0])" "$work/demo.sqlite3")
"$app/xiangshan-cli" --db "$work/demo.sqlite3" export filing-checklist --case "$number" --out "$work/登记表.docx"
"$app/xiangshan-cli" --db "$work/demo.sqlite3" export quarterly-stats --year 2026 --quarter 2 --out "$work/统计.xlsx"
"$python" - "$work" <<'PY'
import sys
from pathlib import Path
from docx import Document
from openpyxl import load_workbook
work = Path(sys.argv[1])
assert Document(str(work / "登记表.docx")).paragraphs[0].text == "行政应诉案件备案登记表"
assert load_workbook(work / "统计.xlsx").sheetnames[0] == "分单位统计"
assert (work / "dist/xiangshan_desk/_internal/docs/使用说明.md").is_file()
assert list((work / "dist/xiangshan_desk/_internal").rglob("qtbase_zh_CN.qm")), "Qt's Chinese translations missing"
assert (work / "dist/xiangshan_desk/_internal/resources/translations/qt_additions_zh_CN.qm").is_file(), "our Qt additions missing"
log = (work / "data/logs/xiangshan_desk.log").read_text(encoding="utf-8")
assert "qt_additions_zh_CN" in log and "qtbase_zh_CN" in log, "the bundled window did not load the Chinese catalogues"
print("bundle check: window started, Word and Excel written from the bundle")
PY
rm -rf "$work"
