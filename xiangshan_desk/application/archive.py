"""一键归档 (issue #22): a case's materials in one ZIP, in order, with a 卷内目录 in the official Word layout."""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from xiangshan_desk.application import materials
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.persistence.models import Case, Unit

INDEX_NAME = "卷内目录.docx"
INDEX_HEADERS = ["序号", "文件名称", "日期", "页数", "备注"]


@dataclass(frozen=True)
class ArchiveEntry:
    number: int
    file_name: str              # the name inside the ZIP: 序号-类型-原文件名
    title: str                  # 文件名称 in the index
    date: dt.date | None
    pages: int | None
    remark: str


@dataclass(frozen=True)
class ArchiveResult:
    path: Path
    count: int
    entries: tuple[ArchiveEntry, ...]


def _safe(name: str) -> str:
    """A file name that unpacks the same on Windows: no folders, no characters Windows refuses."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(" .") or "文件"


def plan(case_id: int) -> list[tuple[ArchiveEntry, int]]:
    """The archive's entries in order (proceeding, type, date), each with its material id."""
    rows = materials.list_materials(case_id)
    current = Case.select(Case.current_case_number).where(Case.id == case_id).scalar()
    width = max(2, len(str(len(rows))))
    result = []
    for number, row in enumerate(rows, 1):
        stem = row.name.rsplit(".", 1)[0] if "." in row.name else row.name
        # the case's current 案号 heads the index; an earlier proceeding's 案号 is named in its rows
        remark = ("全案" if not row.proceeding_id else row.level if row.case_number == current
                  else f"{row.level} {row.case_number}")
        result.append((ArchiveEntry(number, f"{number:0{width}d}-{row.kind}-{_safe(row.name)}",
                                    f"{row.kind}（{stem}）", row.date, row.pages, remark), row.id))
    return result


def index_document(case_id: int, entries: list[ArchiveEntry]):
    """The 卷内目录 as an OfficialDocument (GB/T 9704 layout)."""
    from xiangshan_desk.application.documents.word import OfficialDocument
    case = Case.select(Case.current_case_number, Case.cause, Case.plaintiffs, Unit.name.alias("unit_name")).join(
        Unit, on=(Case.unit == Unit.id)).where(Case.id == case_id).objects().first()
    document = OfficialDocument()
    document.title("卷内目录")
    document.paragraph(f"案号：{case.current_case_number}　被告单位：{case.unit_name}", indent=False)
    document.paragraph(f"原告：{case.plaintiffs}　案由：{case.cause}", indent=False)
    document.table(INDEX_HEADERS, [[e.number, e.title, e.date, e.pages if e.pages else "", e.remark] for e in entries],
                   whole=["999", 3.0, "2026年12月31日", "999", 2.0])   # 文件名称 and 备注 may wrap
    return document


def export_archive(case_id: int, out: str | os.PathLike, progress=None) -> ArchiveResult:
    """Write the ZIP (slow for large cases: run in the background). Page counts need the text extraction, so
    files still waiting for it are read first."""
    if not Case.select().where(Case.id == case_id).exists():
        raise AppError(f"案件不存在（编号 {case_id}）")
    materials.extract_pending()
    planned = plan(case_id)
    if not planned:
        raise AppError("该案件还没有案卷材料，无法归档")
    entries = [entry for entry, _ in planned]
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            buffer = io.BytesIO()
            index_document(case_id, entries).doc.save(buffer)
            archive.writestr(INDEX_NAME, buffer.getvalue())
            for done, (entry, material_id) in enumerate(planned, 1):
                file_id = materials.Material.select(materials.Material.file).where(
                    materials.Material.id == material_id).scalar()
                archive.writestr(entry.file_name, materials.read_bytes(file_id))
                if progress:
                    progress(done, len(planned))
        os.replace(partial, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise AppError(f"无法写入 {out}：{exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return ArchiveResult(out, len(entries), tuple(entries))
