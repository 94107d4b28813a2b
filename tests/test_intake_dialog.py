"""从法院文书登记 (issue #23): the review dialog, the matching by (案号, unit), and what confirming records."""
import datetime as dt

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402

from tests import intake_docs as gen  # noqa: E402
from ui import operations  # noqa: E402
from ui.intake_dialog import IntakeDialog  # noqa: E402
from xiangshan_desk.application import cases, identity  # noqa: E402
from xiangshan_desk.application.intake import proposal  # noqa: E402
from xiangshan_desk.persistence.models import Case, Deadline, Hearing, Proceeding  # noqa: E402
from xiangshan_desk.application.session import Actor  # noqa: E402
from xiangshan_desk.domain.errors import AppError  # noqa: E402


def _doc(kind: str, seed: int, unit: str, tmp_path, **expected):
    doc = gen.generate(kind, seed)
    old = doc.expected["defendants"][0]
    doc.blocks = [(style, content.replace(old, unit) if isinstance(content, str)
                   else [[c.replace(old, unit) for c in row] for row in content]) for style, content in doc.blocks]
    for key, value in expected.items():
        doc.blocks = [(style, content.replace(doc.expected[key], value) if isinstance(content, str)
                       else [[c.replace(doc.expected[key], value) for c in row] for row in content])
                      for style, content in doc.blocks]
    return gen.to_docx(doc, tmp_path / f"{kind}-{seed}.docx")


def _dropped(win, path, qtbot):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    win.dropEvent(event)
    dialog = win.findChild(IntakeDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.extraction is not None, timeout=20000)
    return dialog


def test_drop_a_notice_edit_confirm_and_the_case_exists_with_its_deadlines(qtbot, window, tmp_path):
    path = _doc("应诉通知书", 1, "象山县石浦镇人民政府", tmp_path)
    dialog = _dropped(window, path, qtbot)
    assert dialog.type_label.text() == "应诉通知书"
    number = dialog.edits["case_number"].text()
    assert number.startswith("（") and "行" in number
    assert "登记新案件" in dialog.action_label.text()
    # nothing is written before the clerk confirms
    assert identity.cases_with_number(number) == []
    # the source of a field is highlighted in the document text
    assert dialog.highlight("case_number").replace("(", "（").replace(")", "）") == number
    # a field not found is empty and marked
    assert dialog.edits["hearing_at"].text() == "" and dialog.edits["hearing_at"].property("missing") is False
    dialog.edits["cause"].setText("")
    dialog.edits["cause"].textEdited.emit("")
    assert dialog.edits["cause"].property("missing") is True
    assert dialog.edits["cause"].placeholderText() == "未识别，请填写"
    # the clerk corrects the cause and enters the date of receipt
    dialog.edits["cause"].setText("行政处罚（更正）")
    dialog.received.setDate(dt.date(2025, 3, 7))
    saved = []
    dialog.saved.connect(saved.append)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert not dialog.confirm_button.isEnabled()              # written off the UI thread: one click, one case
    assert operations.wait_all()
    refs = identity.cases_with_number(number)
    assert saved == [refs[0].case_id]                         # (and the dialog closed)
    assert "已从" in window.statusBar().currentMessage()
    assert [ref.unit for ref in refs] == ["石浦镇"]
    assert Case.get_by_id(refs[0].case_id).cause == "行政处罚（更正）"
    proc = Proceeding.get_by_id(refs[0].proceeding_id)
    assert proc.complaint_received == dt.date(2025, 3, 7)
    due = {d.kind: d.due for d in Deadline.select().where(Deadline.proceeding == proc.id)}
    assert due["defense_due"] == dt.date(2025, 3, 24) and due["filing_due"] == dt.date(2025, 3, 17)
    # the court paper is kept among the case's materials, as its type (issue #22)
    from xiangshan_desk.application import materials
    kept = materials.list_materials(refs[0].case_id)
    assert [(m.kind, m.name) for m in kept] == [("应诉通知书", path.name)]


def test_summons_and_judgment_go_to_the_matching_proceeding(qtbot, window, tmp_path, db):
    notice = _doc("应诉通知书", 2, "象山县市场监督管理局", tmp_path)
    dialog = IntakeDialog(window._context, str(notice), window)
    qtbot.addWidget(dialog)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.extraction is not None, timeout=20000)
    number = dialog.edits["case_number"].text()
    dialog.received.setDate(dt.date(2024, 1, 5))             # the complaint copy came before the hearing
    confirming = dialog.confirm()
    assert confirming.wait()
    case_id = confirming.result
    # the summons of the same case: same 案号
    summons = gen.generate("开庭传票", 5)
    summons_path = gen.to_docx(summons, tmp_path / "s.docx")
    text_number = summons.expected["case_number"]
    dialog2 = IntakeDialog(window._context, str(summons_path), window)
    qtbot.addWidget(dialog2)
    dialog2.start()
    qtbot.waitUntil(lambda: dialog2.extraction is not None, timeout=20000)
    assert dialog2.edits["case_number"].text() == text_number
    dialog2.edits["case_number"].setText(number)              # the clerk corrects it to the case on file
    dialog2.edits["defendants"].setText("县市场监督管理局")
    dialog2._update_action()
    assert "在案件中登记开庭" in dialog2.action_label.text() and number in dialog2.action_label.text()
    dialog2.received.setDate(dt.date(2025, 9, 26))
    confirming = dialog2.confirm()
    assert confirming.wait() and confirming.result == case_id
    hearing = Hearing.get()
    assert hearing.date.isoformat() == summons.expected["hearing_at"][:10]
    assert hearing.place == summons.expected["hearing_place"]
    proc = Proceeding.get(Proceeding.case == case_id)
    assert proc.summons_received == dt.date(2025, 9, 26)
    due = Deadline.get((Deadline.proceeding == proc.id) & (Deadline.kind == "head_list_due")).due
    assert due == dt.date(2025, 9, 30)


def test_a_decision_for_an_unknown_case_is_refused_and_nothing_is_written(qtbot, window, tmp_path, monkeypatch):
    path = gen.to_docx(gen.generate("判决书", 3), tmp_path / "j.docx")
    dialog = IntakeDialog(window._context, str(path), window)
    qtbot.addWidget(dialog)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.extraction is not None, timeout=20000)
    assert "没有案号为" in dialog.action_label.text()
    assert not dialog.confirm_button.isEnabled()
    before = Proceeding.select().count()
    import ui.intake_dialog
    shown = []
    monkeypatch.setattr(ui.intake_dialog, "show_error", lambda parent, exc: shown.append((parent, exc.message)))
    typed = dialog.edits["cause"].text()
    assert dialog.confirm().wait()                              # refused in the background, said on the UI thread
    assert len(shown) == 1 and shown[0][0] is dialog and "没有案号为“" in shown[0][1] and "”的案件" in shown[0][1]
    assert Proceeding.select().count() == before
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.edits["cause"].text() == typed   # nothing lost
    assert not dialog.confirm_button.isEnabled()                                 # (still nothing to register it to)

    dialog.edits["hearing_at"].setText("下周三")                                  # bad input: said at once
    with pytest.raises(AppError, match="开庭时间应为"):
        dialog.confirm()
    assert not operations.busy()


def test_judgment_records_the_decision(db, tmp_path):
    actor = Actor("王书记员")
    doc = gen.generate("判决书", 0)
    unit_id = proposal.unit_for("象山县交通运输局")
    saved = cases.create_case(actor, {"unit_id": unit_id}, {"case_number": doc.expected["case_number"]})
    from xiangshan_desk.application.intake import extract
    result = extract(gen.to_docx(doc, tmp_path / "j.docx"))
    values = result.as_json() | {"defendants": ["象山县交通运输局"]}
    plan = proposal.propose(result.document_type, values["case_number"], "象山县交通运输局")
    assert plan.action == proposal.DECISION and plan.match.case_id == saved.id
    proposal.apply(actor, result.document_type, values, dt.date(2025, 6, 3), None)
    proc = Proceeding.get(Proceeding.case == saved.id)
    assert proc.decision == doc.expected["decision"] and proc.judgment_received == dt.date(2025, 6, 3)
