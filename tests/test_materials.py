"""Case materials (issue #22): storage, dedup, extraction, search, archive, backup and integrity, recycle bin."""
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile

import pytest
from docx import Document
from openpyxl import Workbook

from xiangshan_desk.application import archive, backup, caselist, cases, materials
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.persistence.models import AuditEntry, Material, MaterialFile

from .scenarios import AGENCY, GOVERNMENT, MATERIALS_NUMBER as NUMBER, make_docx, register_case

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_pdf(path, text):
    """A real PDF with embedded CJK fonts, written by Qt (as a scanner's or Word's PDF would be)."""
    from PySide6.QtGui import QFont, QPageSize, QPdfWriter, QTextDocument
    from PySide6.QtWidgets import QApplication
    QApplication.instance() or QApplication([])
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    document = QTextDocument()
    # one named font: Qt's choice under the zh_CN translations writes some glyphs without their Unicode mapping
    document.setDefaultFont(QFont("Noto Sans CJK SC", 12))
    document.setPlainText(text)
    document.print_(writer)
    del writer
    return path


@pytest.fixture
def two_cases(db, actor):
    return register_case(actor, AGENCY), register_case(actor, GOVERNMENT, cause="行政复议")


def test_one_stored_file_for_two_co_defendant_cases(two_cases, actor, tmp_path):
    complaint = make_docx(tmp_path / "起诉状.docx", "原告甲公司诉被告不予许可")
    for case_id in two_cases:
        materials.attach(actor, case_id, "起诉状副本", [complaint])
    assert MaterialFile.select().count() == 1
    assert Material.select().count() == 2
    folder = materials.materials_dir()
    if folder is not None:                   # SQLite: one file in the folder beside the database
        stored = [p for p in folder.rglob("*") if p.is_file()]
        sha = hashlib.sha256(complaint.read_bytes()).hexdigest()
        assert [p.name for p in stored] == [sha]
        assert folder == materials.folder_for(materials.database.obj.database)
    else:                                     # PostgreSQL: the bytes are in the database
        assert materials.read_bytes(MaterialFile.get().id) == complaint.read_bytes()
    rows = materials.list_materials(two_cases[1])
    assert [(r.kind, r.name) for r in rows] == [("起诉状副本", "起诉状.docx")]
    assert AuditEntry.select().where((AuditEntry.entity == "material") & (AuditEntry.action == "添加材料")).count() == 2


def test_refusals_store_nothing(two_cases, actor, tmp_path, monkeypatch):
    good = make_docx(tmp_path / "答辩状.docx", "答辩")
    with pytest.raises(AppError, match="未知的材料类型"):
        materials.attach(actor, two_cases[0], "判决书", [good])
    with pytest.raises(AppError, match="文件不存在"):
        materials.attach(actor, two_cases[0], "答辩状", [good, tmp_path / "没有.pdf"])
    monkeypatch.setattr(materials, "MAX_SIZE", 100)
    big = tmp_path / "证据.bin"
    big.write_bytes(b"x" * 101)
    with pytest.raises(AppError, match="超过单个材料"):
        materials.attach(actor, two_cases[0], "证据材料", [good, big])
    assert Material.select().count() == 0 and MaterialFile.select().count() == 0


def test_text_from_pdf_docx_xlsx_and_search(two_cases, actor, tmp_path, qapp):
    agency, government = two_cases
    pdf = make_pdf(tmp_path / "起诉状.pdf", "行政起诉状\n原告张三诉被告违法强拆一案 demolition")
    docx = make_docx(tmp_path / "答辩状.docx", "答辩人认为被答辩人的宅基地审批程序合法")
    workbook = Workbook()
    workbook.active.append(["证据名称", "证明目的"])
    workbook.active.append(["不动产登记簿", "权属清楚"])
    xlsx = tmp_path / "证据清单.xlsx"
    workbook.save(xlsx)
    materials.attach(actor, agency, "起诉状副本", [pdf])
    materials.attach(actor, agency, "答辩状", [docx])
    materials.attach(actor, government, "证据清单", [xlsx])
    assert materials.pending_count() == 3
    assert materials.extract_pending() == 3
    states = {f.text_state for f in MaterialFile.select(MaterialFile.text_state)}
    assert states == {"done"}
    assert MaterialFile.select(MaterialFile.pages).where(MaterialFile.size == pdf.stat().st_size).scalar() == 1

    def found(text):
        return sorted((h.case_number, h.unit, h.name) for h in materials.search(text))
    assert found("张三") == [(NUMBER, AGENCY, "起诉状.pdf")]                    # 2 characters: the pair index
    assert found("拆") == [(NUMBER, AGENCY, "起诉状.pdf")]                      # 1 character: a plain scan
    assert found("DE") == [(NUMBER, AGENCY, "起诉状.pdf")]                      # 2 letters: a scan, any case
    assert found("违法强拆") == [(NUMBER, AGENCY, "起诉状.pdf")]                # 3+: the trigram index
    assert found("demolition") == [(NUMBER, AGENCY, "起诉状.pdf")]              # a word inside a PDF
    assert found("宅基地") == [(NUMBER, AGENCY, "答辩状.docx")]                 # a word inside a DOCX
    assert found("登记簿") == [(NUMBER, GOVERNMENT, "证据清单.xlsx")]
    assert found("不存在的文字") == []
    hit = materials.search("宅基地")[0]
    assert "宅基地" in hit.snippet and hit.kind == "答辩状"
    assert set(hit.as_json()) == {"case_number", "unit", "name", "type", "snippet"}

    # the main search box finds the case by its materials' text too, marked 材料中
    rows = caselist.query_rows(caselist.CaseFilter(text="宅基地"))
    assert [r.id for r in rows] == [agency]
    assert caselist.material_only_hits("宅基地", [agency, government]) == {agency}
    assert caselist.material_only_hits("甲公司", [agency]) == set()          # found by its own plaintiffs
    assert [r.id for r in caselist.query_rows(caselist.CaseFilter(text="张三"))] == [agency]
    assert caselist.count_rows(caselist.CaseFilter(text="登记簿")) == 1


def test_filing_papers(two_cases, actor, tmp_path):
    agency = two_cases[0]
    assert materials.filing_papers(agency) == {"起诉状副本": False, "答辩状": False, "证据清单": False}
    materials.attach(actor, agency, "起诉状副本", [make_docx(tmp_path / "a.docx", "起诉")])
    materials.attach(actor, agency, "答辩状", [make_docx(tmp_path / "b.docx", "答辩")])
    assert materials.filing_papers(agency) == {"起诉状副本": True, "答辩状": True, "证据清单": False}


def test_archive_zip_and_index(two_cases, actor, tmp_path, qapp):
    agency = two_cases[0]
    proceeding = cases.Proceeding.get(cases.Proceeding.case == agency).id
    materials.attach(actor, agency, "证据清单", [make_docx(tmp_path / "证据清单.docx", "清单")], proceeding)
    materials.attach(actor, agency, "起诉状副本", [make_pdf(tmp_path / "起诉状.pdf", "起诉状")], proceeding)
    materials.attach(actor, agency, "其他", [make_docx(tmp_path / "说明.docx", "说明")])
    result = archive.export_archive(agency, tmp_path / "out" / "案卷.zip")
    with zipfile.ZipFile(result.path) as zipped:
        names = zipped.namelist()
        assert names == ["卷内目录.docx", "01-起诉状副本-起诉状.pdf", "02-证据清单-证据清单.docx", "03-其他-说明.docx"]
        assert zipped.read("01-起诉状副本-起诉状.pdf") == (tmp_path / "起诉状.pdf").read_bytes()
        index = Document(io.BytesIO(zipped.read("卷内目录.docx")))
    assert index.paragraphs[0].text == "卷内目录"
    table = [[cell.text for cell in row.cells] for row in index.tables[0].rows]
    assert table[0] == ["序号", "文件名称", "日期", "页数", "备注"]
    assert table[1][:2] == ["1", "起诉状副本（起诉状）"] and table[1][3] == "1"
    assert table[1][4] == "一审" and table[3][4] == "全案"          # the 案号 heads the index
    assert table[1][2].endswith("日")


@pytest.mark.sqlite_only
def test_backup_restore_and_integrity(two_cases, actor, tmp_path, db_path):
    agency, government = two_cases
    complaint = make_docx(tmp_path / "起诉状.docx", "起诉")
    materials.attach(actor, agency, "起诉状副本", [complaint])
    materials.attach(actor, government, "起诉状副本", [complaint])
    folder = tmp_path / "backups"
    first = backup.make_backup(folder=folder)
    assert len(list((folder / "materials").rglob("*.*"))) == 0          # no partial files left
    assert len([p for p in (folder / "materials").rglob("*") if p.is_file()]) == 1
    materials.attach(actor, agency, "答辩状", [make_docx(tmp_path / "答辩状.docx", "答辩")])
    copied_before = {p: p.stat().st_mtime_ns for p in (folder / "materials").rglob("*") if p.is_file()}
    backup.make_backup(folder=folder)
    after = {p: p.stat().st_mtime_ns for p in (folder / "materials").rglob("*") if p.is_file()}
    assert len(after) == 2 and all(after[p] == t for p, t in copied_before.items())   # only the new one copied
    assert materials.check_materials() == []

    # a damaged stored file is found and reported by case and name (both co-defendant cases hold it)
    sha = hashlib.sha256(complaint.read_bytes()).hexdigest()
    stored = materials.blob_path(materials.materials_dir(), sha)
    os.chmod(stored, 0o600)
    stored.write_bytes(b"damaged")
    problems = materials.check_materials()
    assert sorted((p.unit, p.case_number, p.name, p.problem) for p in problems) == sorted([
        (AGENCY, NUMBER, "起诉状.docx", "已损坏"), (GOVERNMENT, NUMBER, "起诉状.docx", "已损坏")])
    backup.make_backup(folder=folder)              # a damaged file never replaces the backup's sound copy
    assert materials.verify_file(materials.blob_path(folder / "materials", sha), sha, complaint.stat().st_size) is None
    stored.unlink()
    assert {p.problem for p in materials.check_materials()} == {"缺失"}

    # restore the first backup: the missing file comes back from the backup's folder, verified by hash
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.persistence.db import close_database
    close_database()
    backup.restore(first, db_path, folder)
    assert backup.check_materials_in_file(db_path) == []
    assert stored.read_bytes() == complaint.read_bytes()
    open_workspace(db_path)
    assert materials.check_materials() == []
    # a restore whose backup folder lacks a file reports it
    close_database()
    materials.remove_tree(folder / "materials")
    os.chmod(stored, 0o600)
    stored.unlink()
    backup.restore(first, db_path, folder)
    assert sorted((p.unit, p.problem) for p in backup.check_materials_in_file(db_path)) == sorted([
        (AGENCY, "缺失"), (GOVERNMENT, "缺失")])
    open_workspace(db_path)


def test_recycle_bin_keeps_materials_until_emptied(two_cases, actor, tmp_path):
    agency, government = two_cases
    shared = make_docx(tmp_path / "起诉状.docx", "起诉")
    own = make_docx(tmp_path / "答辩状.docx", "答辩")
    materials.attach(actor, agency, "起诉状副本", [shared])
    materials.attach(actor, government, "起诉状副本", [shared])
    materials.attach(actor, agency, "答辩状", [own])
    material = Material.get(Material.name == "答辩状.docx")
    materials.remove(actor, material.id)
    assert MaterialFile.select().count() == 2                     # removed from the case, still stored
    cases.move_to_recycle_bin(actor, agency)
    assert Material.select().where(Material.case == agency).count() == 1
    assert MaterialFile.select().count() == 2
    assert materials.extract_pending() == 2
    assert [h.unit for h in materials.search("起诉")] == [GOVERNMENT]        # the binned case is not listed
    cases.empty_recycle_bin(actor)
    # the shared complaint copy stays for the government's case; the removed 答辩状 goes
    assert [f.sha256 for f in MaterialFile.select(MaterialFile.sha256)] == [
        hashlib.sha256(shared.read_bytes()).hexdigest()]
    folder = materials.materials_dir()
    if folder is not None:
        assert len([p for p in folder.rglob("*") if p.is_file()]) == 1
    assert materials.check_materials() == []


def _cli(db_path, *args):
    env = {**os.environ, "PYTHONPATH": ROOT}
    return subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(db_path), *args],
                          capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT)


def test_cli_add_list_search_archive(two_cases, db_path, tmp_path):
    from xiangshan_desk.persistence.db import close_database
    close_database()
    docx = make_docx(tmp_path / "答辩状.docx", "答辩人认为宅基地审批合法")
    ambiguous = _cli(db_path, "materials", "add", "--case", NUMBER, "--type", "答辩状", str(docx))
    assert ambiguous.returncode == 2 and "请指明单位" in ambiguous.stderr
    bad_type = _cli(db_path, "materials", "add", "--case", NUMBER, "--unit", AGENCY, "--type", "判决", str(docx))
    assert bad_type.returncode == 2 and "未知的材料类型" in bad_type.stderr
    missing = _cli(db_path, "materials", "add", "--case", NUMBER, "--unit", AGENCY, "--type", "答辩状",
                   str(tmp_path / "没有.docx"))
    assert missing.returncode == 2 and "文件不存在" in missing.stderr
    added = _cli(db_path, "materials", "add", "--case", NUMBER, "--unit", AGENCY, "--proceeding", NUMBER,
                 "--type", "答辩状", str(docx))
    assert added.returncode == 0, added.stderr
    listed = _cli(db_path, "materials", "list", "--case", NUMBER, "--unit", AGENCY, "--json")
    assert [(r["type"], r["name"], r["level"]) for r in json.loads(listed.stdout)] == [("答辩状", "答辩状.docx", "一审")]
    found = _cli(db_path, "materials", "search", "宅基地", "--json")
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert [(h["case_number"], h["unit"], h["name"], h["type"]) for h in hits] == [
        (NUMBER, AGENCY, "答辩状.docx", "答辩状")]
    assert "宅基地" in hits[0]["snippet"]
    out = tmp_path / "案卷.zip"
    exported = _cli(db_path, "export", "archive", "--case", NUMBER, "--unit", AGENCY, "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert zipfile.ZipFile(out).namelist() == ["卷内目录.docx", "01-答辩状-答辩状.docx"]
    checked = _cli(db_path, "materials", "check")
    assert checked.returncode == 0 and "全部材料文件完好" in checked.stdout
