"""Case materials (案卷, issue #22): files kept with their case, content-addressed like Anki's media folder.

Each content is stored once by its SHA-256 and never modified: on SQLite as a file in the ``materials/`` folder
beside the database (``materials/ab/ab12…``), on PostgreSQL in the database so that every clerk sees it. A
``Material`` row puts a stored file into a case (optionally one proceeding) with its type and original name; two
co-defendant cases holding the same complaint copy share one stored file. A file no case holds any more is deleted
only when the recycle bin is emptied (``purge_unreferenced``).
"""
from __future__ import annotations

import datetime as dt
import enum
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from peewee import JOIN, fn

from xiangshan_desk.application import extraction
from xiangshan_desk.persistence.db import backend, database
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.persistence.models import Case, Material, MaterialFile, Proceeding, Unit

MAX_SIZE = 100 * 1024 * 1024


class MaterialKind(enum.StrEnum):
    """What a paper of the case file is; the archive lists them in this order."""
    COMPLAINT = "起诉状副本"
    APPEAL = "上诉状副本"
    RESPONSE_NOTICE = "应诉通知书"
    EVIDENCE_NOTICE = "举证通知书"
    SUMMONS = "开庭传票"
    DEFENSE = "答辩状"
    EVIDENCE_LIST = "证据清单"
    EVIDENCE = "证据材料"
    POWER_OF_ATTORNEY = "授权委托书"
    APPEARANCE_ID = "出庭人员身份证明"
    RISK_REPORT = "风险分析报告"
    DECISION = "裁判文书"
    LOSS_REPORT = "败诉个案报告"
    SUGGESTION = "司法建议书"
    OTHER = "其他"


KINDS = tuple(MaterialKind)
# the three papers of 备案 (rules.md §3 filing_due)
FILING_KINDS = (MaterialKind.COMPLAINT, MaterialKind.DEFENSE, MaterialKind.EVIDENCE_LIST)
FOLDER_NAME = "materials"
SHORT_QUERY = 3                 # the trigram index answers queries of 3+ characters; shorter ones scan
_CHUNK = 1024 * 1024

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class MaterialRow:
    id: int
    case_id: int
    proceeding_id: int | None
    case_number: str            # the proceeding's 案号, or the case's current one
    level: str
    kind: str
    name: str
    date: dt.date | None
    size: int
    sha256: str
    pages: int | None
    text_state: str
    added_at: dt.datetime
    added_by: str


@dataclass(frozen=True)
class SearchHit:
    material_id: int
    case_id: int
    case_number: str
    unit: str
    name: str
    kind: str
    snippet: str

    def as_json(self) -> dict:
        return {"case_number": self.case_number, "unit": self.unit, "name": self.name, "type": self.kind,
                "snippet": self.snippet}


@dataclass(frozen=True)
class Problem:
    """A referenced material whose stored file is missing or no longer has its hash."""

    case_id: int
    case_number: str
    unit: str
    name: str
    kind: str
    problem: str                # 缺失 / 已损坏

    @property
    def text(self) -> str:
        return f"{self.unit} {self.case_number}：{self.kind}“{self.name}”{self.problem}"


# ---------------------------------------------------------------------------------------------
# where the bytes are


def _sqlite() -> bool:
    return backend().is_sqlite


def folder_for(db_file: Path) -> Path:
    """The materials folder of a SQLite database file (beside it)."""
    return Path(db_file).parent / FOLDER_NAME


def materials_dir() -> Path | None:
    """The open database's materials folder; None on PostgreSQL (the bytes are in the database)."""
    if not _sqlite():
        return None
    return folder_for(Path(database.obj.database))


def blob_path(folder: Path, sha256: str) -> Path:
    return folder / sha256[:2] / sha256


def _hash_file(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _store_in_folder(path: Path, folder: Path) -> tuple[str, int]:
    """Copy ``path`` into the folder under its hash (hashing while copying); an existing copy is kept as it is."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)         # personal data: the owner's only
    digest, size = hashlib.sha256(), 0
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out, open(path, "rb") as source:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        target = blob_path(folder, sha)
        if target.exists() and target.stat().st_size == size:
            os.unlink(temp)
        else:
            target.parent.mkdir(mode=0o700, exist_ok=True)
            os.replace(temp, target)
            try:
                os.chmod(target, 0o400)         # never modified: read-only
            except OSError:
                pass
        return sha, size
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def read_bytes(file_id: int) -> bytes:
    """The stored content of a material file (AppError when it is missing)."""
    row = (MaterialFile.select(MaterialFile.sha256, MaterialFile.data).where(MaterialFile.id == file_id)
           .tuples().first())
    if row is None:
        raise AppError("材料不存在")
    sha, data = row
    folder = materials_dir()
    if folder is None:
        if data is None:
            raise AppError("材料文件缺失（数据库中没有其内容）")
        return bytes(data)
    try:
        return blob_path(folder, sha).read_bytes()
    except FileNotFoundError:
        raise AppError(f"材料文件缺失：{blob_path(folder, sha)}") from None


# ---------------------------------------------------------------------------------------------
# attaching


def check_paths(kind: str, paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Refuse an unknown type, a missing file or an over-size one before anything is stored."""
    if kind not in KINDS:
        raise AppError(f"未知的材料类型“{kind}”，可用类型：{'、'.join(KINDS)}")
    checked = []
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise AppError(f"文件不存在：{path}")
        size = path.stat().st_size
        if size > MAX_SIZE:
            raise AppError(f"文件“{path.name}”有 {size / 1024 / 1024:.1f} MB，超过单个材料 "
                           f"{MAX_SIZE // 1024 // 1024} MB 的上限，未保存。请压缩或拆分后再添加。")
        checked.append(path)
    if not checked:
        raise AppError("没有选择文件")
    return checked


def _store(path: Path) -> int:
    """The MaterialFile id of this file's content, storing it when new (inside the caller's transaction)."""
    folder = materials_dir()
    if folder is not None:
        sha, size = _store_in_folder(path, folder)
        data = None
    else:
        sha, size = _hash_file(path)
        data = None
    existing = MaterialFile.select(MaterialFile.id).where(MaterialFile.sha256 == sha).scalar()
    if existing is not None:
        if folder is None and MaterialFile.select().where((MaterialFile.id == existing)
                                                          & MaterialFile.data.is_null()).exists():
            # its content went missing (integrity check): the same file added again repairs it
            MaterialFile.update(data=path.read_bytes()).where(MaterialFile.id == existing).execute()
        return existing
    if folder is None:
        data = path.read_bytes()
    return MaterialFile.insert(sha256=sha, size=size, data=data, created_at=dt.datetime.now().replace(microsecond=0)
                               ).execute()


def attach(actor, case_id: int, kind: str, paths: Iterable[str | os.PathLike], proceeding_id: int | None = None,
           date: dt.date | None = None) -> list[int]:
    """Add files to a case's materials, all or none. Returns the new material ids; their text is extracted later
    (``extract_pending``)."""
    from xiangshan_desk.application import audit
    checked = check_paths(kind, paths)
    with database.atomic():
        case = Case.select(Case.id, Case.deleted_at).where(Case.id == case_id).first()
        if case is None:
            raise AppError(f"案件不存在（编号 {case_id}）")
        if case.deleted_at is not None:
            raise AppError("案件在回收站中，不能添加材料")
        if proceeding_id is not None and not Proceeding.select().where(
                (Proceeding.id == proceeding_id) & (Proceeding.case == case_id)).exists():
            raise AppError("所选审级不属于该案件")
        ids = []
        for path in checked:
            file_id = _store(path)
            material_id = Material.insert(case=case_id, proceeding=proceeding_id, file=file_id, kind=kind,
                                          name=path.name, date=date or dt.date.today(),
                                          added_at=dt.datetime.now().replace(microsecond=0),
                                          added_by=actor.operator or actor.os_user).execute()
            audit.record(actor, "添加材料", "material", material_id, case_id, {kind: (None, path.name)})
            ids.append(material_id)
    return ids


def remove(actor, material_id: int) -> None:
    """Take a file out of a case's materials. Its stored content stays until the recycle bin is emptied."""
    from xiangshan_desk.application import audit
    with database.atomic():
        row = Material.select(Material.case, Material.kind, Material.name).where(Material.id == material_id).first()
        if row is None:
            raise AppError("材料不存在或已移除")
        Material.delete().where(Material.id == material_id).execute()
        audit.record(actor, "移除材料", "material", material_id, row.case_id, {row.kind: (row.name, None)})


def list_materials(case_id: int) -> list[MaterialRow]:
    """A case's materials in the archive's order: proceeding, type (KINDS), date."""
    rows = (Material.select(Material.id, Material.case, Material.proceeding,
                            fn.COALESCE(Proceeding.case_number, Case.current_case_number),
                            fn.COALESCE(Proceeding.level, ""), Material.kind, Material.name, Material.date,
                            MaterialFile.size, MaterialFile.sha256, MaterialFile.pages, MaterialFile.text_state,
                            Material.added_at, Material.added_by)
            .join(MaterialFile, on=(Material.file == MaterialFile.id))
            .join_from(Material, Case, on=(Material.case == Case.id))
            .join_from(Material, Proceeding, join_type=JOIN.LEFT_OUTER, on=(Material.proceeding == Proceeding.id))
            .where(Material.case == case_id).tuples())
    items = [MaterialRow(*row) for row in rows]
    order = {kind: index for index, kind in enumerate(KINDS)}
    return sorted(items, key=lambda m: (m.proceeding_id is None, m.proceeding_id or 0, order.get(m.kind, 99),
                                        m.date or dt.date.min, m.id))


def export_copy(material_id: int, folder: Path | None = None) -> Path:
    """A copy of a material under its original name (to open with the system's program); the store is untouched."""
    row = Material.select(Material.file, Material.name).where(Material.id == material_id).first()
    if row is None:
        raise AppError("材料不存在或已移除")
    folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="xiangshan-material-"))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / row.name
    target.write_bytes(read_bytes(row.file_id))
    return target


def filing_papers(case_id: int, proceeding_id: int | None = None) -> dict[str, bool]:
    """Which of 起诉状副本 / 答辩状 / 证据清单 the case (or that proceeding, or the case as a whole) holds.
    For a second instance the appeal petition copy (上诉状副本) stands for the complaint copy."""
    query = Material.select(Material.kind).where(Material.case == case_id)
    if proceeding_id is not None:
        query = query.where((Material.proceeding == proceeding_id) | Material.proceeding.is_null())
    kinds = {kind for (kind,) in query.tuples()}
    if "上诉状副本" in kinds:
        kinds.add("起诉状副本")
    return {kind: kind in kinds for kind in FILING_KINDS}


def totals() -> tuple[int, int]:
    """How many stored files and their bytes (关于)."""
    count, size = MaterialFile.select(fn.COUNT(MaterialFile.id), fn.COALESCE(fn.SUM(MaterialFile.size), 0)).scalar(
        as_tuple=True)
    return count or 0, int(size or 0)


# ---------------------------------------------------------------------------------------------
# text


def _has_fts() -> bool:
    return _sqlite() and database.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'material_fts'").fetchone() is not None


def pending_count() -> int:
    return MaterialFile.select().where(MaterialFile.text_state == "pending").count()


def extract_pending(progress: Progress | None = None, limit: int | None = None) -> int:
    """Extract the text of every stored file still waiting (slow: run in the background). Returns how many."""
    ids = [i for (i,) in MaterialFile.select(MaterialFile.id).where(MaterialFile.text_state == "pending")
           .order_by(MaterialFile.id).limit(limit).tuples()]
    fts = _has_fts()
    for done, file_id in enumerate(ids):
        name = Material.select(Material.name).where(Material.file == file_id).order_by(Material.id).scalar() or ""
        try:
            result = extraction.extract(read_bytes(file_id), name)
        except AppError:
            result = extraction.Extracted("", None, "failed")
        with database.atomic():
            MaterialFile.update(text=result.text, pages=result.pages, text_state=result.state).where(
                MaterialFile.id == file_id).execute()
            if fts:
                database.execute_sql("DELETE FROM material_fts WHERE rowid = ?", (file_id,))
                database.execute_sql("DELETE FROM material_bigram WHERE rowid = ?", (file_id,))
                if result.text:
                    database.execute_sql("INSERT INTO material_fts (rowid, text) VALUES (?, ?)",
                                         (file_id, result.text))
                    database.execute_sql("INSERT INTO material_bigram (rowid, text) VALUES (?, ?)",
                                         (file_id, extraction.bigrams(result.text)))
        if progress:
            progress(done + 1, len(ids))
    return len(ids)


def _like_pattern(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _file_filter(text: str, newest: int | None = None) -> tuple[str, list]:
    """SQL selecting the ids of stored files whose text contains ``text``, and its parameters. ``newest``: only
    that many of the newest (the index stops there: a word found in every material costs no more than a rare one)."""
    p = database.param
    if _sqlite():
        limit = f" ORDER BY rowid DESC LIMIT {int(newest)}" if newest else ""
        if len(text) >= SHORT_QUERY and _has_fts():
            return f"SELECT rowid FROM material_fts WHERE material_fts MATCH {p}{limit}", [_fts_phrase(text)]
        if extraction.is_pair_query(text) and _has_fts():
            return (f"SELECT rowid FROM material_bigram WHERE material_bigram MATCH {p}{limit}",
                    [_fts_phrase(text)])
        if text.lower() == text.upper():        # nothing to fold (Chinese, digits): instr alone is 5× faster
            return f"SELECT id FROM material_file WHERE text_state = 'done' AND instr(text, {p}) > 0", [text]
        return (f"SELECT id FROM material_file WHERE text_state = 'done' AND instr(lower(text), {p}) > 0",
                [text.lower()])
    # PostgreSQL: ILIKE is answered by the pg_trgm index for 3+ characters, scanned for shorter ones
    return f"SELECT id FROM material_file WHERE text ILIKE {p}", [_like_pattern(text)]


def cases_containing(text: str, case_ids: list[int]) -> set[int]:
    """Of these few cases, those with a material whose text contains ``text`` (read directly: cheaper than the
    index when a word is in nearly every material)."""
    text = extraction.normalise_query(text)
    if len(text) < CASE_LIST_MINIMUM or not case_ids:
        return set()
    p = database.param
    found = "instr(lower(f.text), {p}) > 0" if _sqlite() else "strpos(lower(f.text), {p}) > 0"
    rows = database.execute_sql(
        f"SELECT DISTINCT m.case_id FROM material m JOIN material_file f ON f.id = m.file_id "
        f"WHERE m.case_id IN ({', '.join(str(int(i)) for i in case_ids)}) AND {found.format(p=p)}",
        [text.lower()]).fetchall()
    return {case_id for (case_id,) in rows}


CASE_LIST_MINIMUM = 2            # one character matches nearly every text: the case list does not search for it


COMMON = 1000                   # a word in more stored files than this is looked up case by case (case_condition)


def case_condition(text: str, case_id):
    """The case list's condition "a material of the case contains ``text``" for the case column ``case_id``.

    A word in few materials: the cases holding them, found once through the index. A word in nearly every
    material (宅基地 in a county's land cases): collecting tens of thousands of cases would cost more than the
    whole list, so each case the list reads has its own few texts checked instead, and the list stops after a
    screen (the count of such a search runs in the background)."""
    from peewee import SQL, NodeList
    text = extraction.normalise_query(text)
    table = _index_table(text)
    if table is None or len(text) < CASE_LIST_MINIMUM:
        return case_id.in_(case_ids_query(text))
    phrase = _fts_phrase(text)
    many = database.execute_sql(f"SELECT COUNT(*) FROM (SELECT rowid FROM {table} WHERE {table} MATCH ? "
                                f"LIMIT {COMMON + 1})", (phrase,)).fetchone()[0]
    if many <= COMMON:
        return case_id.in_(case_ids_query(text))
    # the case's few texts read directly (an index look-up per case costs more for a long phrase)
    folded = text.lower() != text.upper()
    found = "instr(lower(f.text), ?) > 0" if folded else "instr(f.text, ?) > 0"
    return NodeList((SQL("EXISTS (SELECT 1 FROM material m JOIN material_file f ON f.id = m.file_id "
                         "WHERE m.case_id ="), case_id, SQL(f"AND {found})", [text.lower()])))


def _index_table(text: str) -> str | None:
    """The SQLite full-text table that answers ``text``, or None (a scan, or PostgreSQL)."""
    if not _sqlite() or not _has_fts():
        return None
    if len(text) >= SHORT_QUERY:
        return "material_fts"
    return "material_bigram" if extraction.is_pair_query(text) else None


def case_ids_query(text: str):
    """A peewee SQL node ``(SELECT case_id …)`` of the cases whose materials contain ``text`` (the case list's
    search box); no case for a single character."""
    from peewee import SQL
    text = extraction.normalise_query(text)
    if len(text) < CASE_LIST_MINIMUM:
        return SQL("(SELECT case_id FROM material WHERE 1 = 0)")
    inner, params = _file_filter(text)
    return SQL(f"(SELECT case_id FROM material WHERE file_id IN ({inner}))", params)


def search(text: str, limit: int = 200) -> list[SearchHit]:
    """Materials whose text contains ``text``, newest first, with a snippet around the first occurrence; cases in
    the recycle bin left out."""
    text = extraction.normalise_query(text)
    if not text:
        return []
    p = database.param
    # the newest stored files first (a few more than asked: some may be only in cases in the recycle bin)
    inner, params = _file_filter(text, newest=limit * 2)
    # the newest hits first, then their snippets: computing a snippet for every hit of a common word before
    # sorting would read every text again
    ids = [i for (i,) in database.execute_sql(
        f'SELECT m.id FROM material m JOIN "case" c ON c.id = m.case_id WHERE c.deleted_at IS NULL '
        f"AND m.file_id IN ({inner}) ORDER BY m.id DESC LIMIT {int(limit)}", params).fetchall()]
    if not ids:
        return []
    start = "max(1, instr(lower(f.text), {p}) - 30)" if _sqlite() else "greatest(1, strpos(lower(f.text), {p}) - 30)"
    sql = (f"SELECT m.id, m.case_id, COALESCE(pr.case_number, c.current_case_number), u.name, m.name, m.kind, "
           f"substr(f.text, {start.format(p=p)}, 100) "
           f"FROM material m JOIN material_file f ON f.id = m.file_id JOIN \"case\" c ON c.id = m.case_id "
           f"JOIN unit u ON u.id = c.unit_id LEFT JOIN proceeding pr ON pr.id = m.proceeding_id "
           f"WHERE m.id IN ({', '.join(str(int(i)) for i in ids)}) ORDER BY m.id DESC")
    rows = database.execute_sql(sql, [text.lower()]).fetchall()
    return [SearchHit(*row[:6], _clean_snippet(row[6] or "")) for row in rows]


def _clean_snippet(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# integrity, recycle bin


def _referenced(file_ids: Iterable[int] | None = None):
    """(file id, sha256, size, case id, 案号, unit, name, kind) of every material row (or of these files)."""
    query = (Material.select(MaterialFile.id, MaterialFile.sha256, MaterialFile.size, Material.case,
                             Case.current_case_number, Unit.name, Material.name, Material.kind)
             .join(MaterialFile, on=(Material.file == MaterialFile.id))
             .join_from(Material, Case, on=(Material.case == Case.id)).join(Unit, on=(Case.unit == Unit.id))
             .order_by(Unit.sort_order, Case.current_case_number, Material.id))
    return list(query.tuples())


def check_materials(progress: Progress | None = None, folder: Path | None = None) -> list[Problem]:
    """Every referenced material file exists and still has its hash; the missing and damaged ones by case.
    ``folder``: check another materials folder (a restored one) against the open database's index."""
    rows = _referenced()
    verdicts: dict[int, str | None] = {}
    folder = folder or materials_dir()
    files = {}
    for row in rows:
        files.setdefault(row[0], row[1:3])
    for done, (file_id, (sha, size)) in enumerate(files.items()):
        verdicts[file_id] = _verify(file_id, sha, size, folder)
        if progress:
            progress(done + 1, len(files))
    return [Problem(case_id, number, unit, name, kind, verdicts[file_id])
            for file_id, _sha, _size, case_id, number, unit, name, kind in rows if verdicts[file_id]]


def _verify(file_id: int, sha: str, size: int, folder: Path | None) -> str | None:
    if folder is None:
        data = MaterialFile.select(MaterialFile.data).where(MaterialFile.id == file_id).scalar()
        if data is None:
            return "缺失"
        return None if hashlib.sha256(bytes(data)).hexdigest() == sha else "已损坏"
    return verify_file(blob_path(folder, sha), sha, size)


def verify_file(path: Path, sha: str, size: int) -> str | None:
    """None when the stored file is there with its hash; otherwise 缺失 or 已损坏."""
    if not path.is_file():
        return "缺失"
    if path.stat().st_size != size or _hash_file(path)[0] != sha:
        return "已损坏"
    return None


def purge_unreferenced() -> int:
    """Delete the stored files no case holds any more (called when the recycle bin is emptied). Returns how many."""
    folder = materials_dir()
    with database.atomic():
        orphans = list(MaterialFile.select(MaterialFile.id, MaterialFile.sha256)
                       .where(~fn.EXISTS(Material.select(Material.id).where(Material.file == MaterialFile.id)))
                       .tuples())
        ids = [file_id for file_id, _ in orphans]
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            if _has_fts():
                for table in ("material_fts", "material_bigram"):
                    database.execute_sql(f"DELETE FROM {table} WHERE rowid IN ({', '.join(map(str, chunk))})")
            MaterialFile.delete().where(MaterialFile.id.in_(chunk)).execute()
    if folder is not None:
        for _, sha in orphans:
            path = blob_path(folder, sha)
            try:
                os.chmod(path, 0o600)
                path.unlink()
            except FileNotFoundError:
                pass
    return len(orphans)


# ---------------------------------------------------------------------------------------------
# backup (SQLite: the folder beside each backup; PostgreSQL keeps them in the database)


def copy_new_files(source: Path, target: Path, repair: bool = False) -> int:
    """Copy into ``target`` the stored files it does not have yet (content-addressed: a name present is that
    content, so a backup never overwrites its copy). Only sound files are copied: a damaged one never replaces or
    becomes a backup. ``repair`` (a restore): a present file that no longer has its hash is replaced by a sound
    copy. Returns how many were copied."""
    if not source.is_dir():
        return 0
    copied = 0
    for path in source.glob("??/*"):
        name = path.name
        if name.startswith(".") or name.endswith(".partial"):
            continue
        destination = target / path.parent.name / name
        if destination.exists():
            if not repair or verify_file(destination, name, destination.stat().st_size) is None:
                continue
        destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = destination.with_name(name + ".partial")
        shutil.copyfile(path, partial)
        if _hash_file(partial)[0] != name:          # the source is damaged: keep what the target has
            partial.unlink()
            continue
        if destination.exists():
            os.chmod(destination, 0o600)
        os.replace(partial, destination)
        try:
            os.chmod(destination, 0o400)
        except OSError:
            pass
        copied += 1
    return copied


def remove_tree(folder: Path) -> None:
    """Remove a materials folder whose files are read-only (tests, a discarded restore)."""
    def writable(func, path, _exc):
        os.chmod(path, 0o700)
        func(path)
    shutil.rmtree(folder, onerror=writable)

