"""Hand-made case sets that several test modules share. tests/conftest.py turns them into fixtures (quarter,
lost_case, ledger); test modules import only the constants and small helpers from here, never from each other."""
import datetime as dt

from xiangshan_desk.application import cases
from xiangshan_desk.domain.periods import Period
from xiangshan_desk.persistence.models import Proceeding, Unit

D = dt.date


def unit_id(name: str) -> int:
    return Unit.get(Unit.name == name).id


# ---------------------------------------------------------------------------------------------
# The hand-worked quarter (2025 Q2, today 2025-07-15): rules.md §7 figures worked out by hand in test_stats

TODAY = D(2025, 7, 15)
Q2 = Period.quarter(2025, 2)


def _quarter_case(actor, unit, number, received, plaintiff_count=1, **proc):
    saved = cases.create_case(actor, {"unit_id": unit_id(unit), "plaintiffs": number},
                              {"case_number": number, "complaint_received": received,
                               "plaintiff_count": plaintiff_count, **proc})
    return saved.id, cases.case_detail(saved.id).proceedings[0].facts.id


def hand_worked_quarter(actor) -> dict[str, int]:
    """The cases of the hand-worked quarter; their ids by the names the tests use (A1…G1)."""
    ids = {}
    # A1 石浦镇: received in Q2, filed on time, a deputy head appeared, lost (撤销) effective 06-19,
    # judgment received 06-03 and never filed (due 06-10)
    ids["A1"], p = _quarter_case(actor, "石浦镇", "（2025）浙0225行初1号", "2025-04-10",
                                 filing_received="2025-04-14", filing_complete=True)
    cases.add_hearing(actor, p, {"date": "2025-05-20", "role": "副职负责人"})
    cases.update_proceeding(actor, p, {"judgment_received": "2025-06-03", "decision": "撤销",
                                       "effective_date": "2025-06-19"})
    # A2 石浦镇: received in Q1; two hearings in Q2, only the second with a head; dismissed, effective 05-10
    ids["A2"], p = _quarter_case(actor, "石浦镇", "（2025）浙0225行初2号", "2025-03-20",
                                 filing_received="2025-04-02", filing_complete=True)
    cases.add_hearing(actor, p, {"date": "2025-04-08", "role": "工作人员"})
    cases.add_hearing(actor, p, {"date": "2025-04-22", "role": "其他分管负责人"})
    cases.update_proceeding(actor, p, {"decision": "驳回诉讼请求", "effective_date": "2025-05-10"})
    # A3 石浦镇: 60 plaintiffs, principal head appeared 06-16; risk found 06-01, report never filed (due 06-11)
    ids["A3"], p = _quarter_case(actor, "石浦镇", "（2025）浙0225行初3号", "2025-02-10", plaintiff_count=60)
    cases.add_hearing(actor, p, {"date": "2025-06-16", "role": "主要负责人"})
    cases.set_risk(actor, p, {"found_date": "2025-06-01", "source": "法院告知"})
    # A4 石浦镇: received in Q2 but in the recycle bin
    ids["A4"], _ = _quarter_case(actor, "石浦镇", "（2025）浙0225行初4号", "2025-04-20")
    cases.move_to_recycle_bin(actor, ids["A4"])
    # B1 县公安局: received 05-06, withdrawn (撤诉) effective 06-05, filing never recorded (due 05-14: missed)
    ids["B1"], p = _quarter_case(actor, "县公安局", "（2025）浙0225行初5号", "2025-05-06")
    cases.update_proceeding(actor, p, {"decision": "撤诉", "judgment_kind": "裁定", "effective_date": "2025-06-05"})
    # B2 县公安局: first-instance loss reversed on appeal, effective 04-20: concluded, not lost
    ids["B2"], p = _quarter_case(actor, "县公安局", "（2024）浙0225行初50号", "2024-11-01",
                                 filing_received="2024-11-05", filing_complete=True)
    cases.update_proceeding(actor, p, {"decision": "确认违法"})
    second = cases.add_proceeding(actor, ids["B2"], {"level": "二审", "case_number": "（2025）浙02行终1号",
                                                     "complaint_received": "2025-01-10", "filing_received": "2025-01-15",
                                                     "filing_complete": True}).id
    cases.add_hearing(actor, second, {"date": "2025-03-15", "role": "副职负责人"})
    cases.update_proceeding(actor, second, {"decision": "驳回诉讼请求", "effective_date": "2025-04-20"})
    # B3 县公安局: first-instance win reversed on appeal (撤销) effective 06-25, major fault: a lead on 06-25
    ids["B3"], p = _quarter_case(actor, "县公安局", "（2024）浙0225行初40号", "2024-10-08",
                                 filing_received="2024-10-10", filing_complete=True)
    cases.update_proceeding(actor, p, {"decision": "驳回诉讼请求"})
    second = cases.add_proceeding(actor, ids["B3"], {"level": "二审", "case_number": "（2025）浙02行终2号",
                                                     "complaint_received": "2025-01-20", "filing_received": "2025-01-24",
                                                     "filing_complete": True}).id
    cases.update_proceeding(actor, second, {"decision": "撤销", "effective_date": "2025-06-25"})
    cases.update_case(actor, ids["B3"], {"major_fault": True, "major_fault_reason": "未依法送达"})
    # B4 县公安局: received 06-02 (a holiday), nobody appeared on 06-30: a lead; filing never recorded (due 06-10)
    ids["B4"], p = _quarter_case(actor, "县公安局", "（2025）浙0225行初6号", "2025-06-02")
    cases.add_hearing(actor, p, {"date": "2025-06-30", "role": "未出庭"})
    # G1 象山县人民政府: county leader required, a deputy appeared; head list filed late (due 05-23, filed 05-26)
    ids["G1"], p = _quarter_case(actor, "象山县人民政府", "（2025）浙02行初1号", "2025-04-15",
                                 filing_received="2025-04-23", filing_complete=True, summons_received="2025-05-20",
                                 head_list_filed="2025-05-26")
    cases.add_hearing(actor, p, {"date": "2025-06-10", "role": "副职负责人"})
    return ids


# ---------------------------------------------------------------------------------------------
# A lost case for the Word documents: risk, a deputy head at the hearing, 撤销 effective 2025-06-19

LOST_CASE_NUMBER = "（2025）浙0225行初88号"
PLAINTIFF = "<张三&李四>\n\"王五\""          # characters that Word XML must escape, and a line break


def lost_case(actor) -> tuple[int, int]:
    """The case's id and its hearing's id."""
    saved = cases.create_case(actor, {"unit_id": unit_id("石浦镇"), "plaintiffs": PLAINTIFF, "cause": "行政处罚"},
                              {"case_number": LOST_CASE_NUMBER, "court": "象山县人民法院",
                               "complaint_received": "2025-03-07", "filing_received": "2025-03-14",
                               "filing_complete": True, "summons_received": "2025-04-01"})
    proc = cases.case_detail(saved.id).proceedings[0].facts.id
    cases.set_risk(actor, proc, {"found_date": "2025-04-10", "source": "法院告知",
                                 "risk_points": "执法程序存在瑕疵：未告知陈述申辩权利"})
    hearing = cases.add_hearing(actor, proc, {"date": "2025-05-06", "place": "第一法庭", "attendee": "王某",
                                              "attendee_post": "副镇长", "role": "副职负责人"}).id
    cases.update_proceeding(actor, proc, {"judgment_received": "2025-06-03", "decision": "撤销",
                                          "decision_reasons": "认定事实不清", "effective_date": "2025-06-19"})
    return saved.id, hearing


def proceeding_of(number: str) -> int:
    """The proceeding a document is about: documents take its id, never a 案号 alone (rules.md §6)."""
    from xiangshan_desk.application.identity import find_proceeding
    return find_proceeding(number).proceeding_id


# ---------------------------------------------------------------------------------------------
# A hand-made ledger for the digest, the escalation record and the tray, as of Friday 2025-09-26

DIGEST_DAY = D(2025, 9, 26)


def digest_case(actor, unit, number, **proc) -> int:
    return cases.create_case(actor, {"unit_id": unit_id(unit), "plaintiffs": "甲"}, {"case_number": number, **proc},
                             today=DIGEST_DAY).id


def digest_ledger(actor) -> dict[str, int]:
    """As of Friday 2025-09-26 (National Day off 10-1..10-8; 9-28 Sunday and 10-11 Saturday are worked)."""
    shipu = digest_case(actor, "石浦镇", "（2025）浙0225行初1号", complaint_received="2025-09-10")  # defense 9-25, filing 9-18
    proc = Proceeding.get(Proceeding.case == shipu).id
    cases.add_hearing(actor, proc, {"date": "2025-09-30", "place": "第一法庭"})
    police = digest_case(actor, "县公安局", "（2025）浙0225行初2号", summons_received="2025-09-24")  # head list 9-28 (班)
    dandong = digest_case(actor, "丹东街道", "（2025）浙0225行初3号", complaint_received="2025-09-20",
                          filing_received="2025-09-24", filing_complete=True)   # defense 10-9, filing met, forward 9-28
    digest_case(actor, "县公安局", "（2025）浙0225行初4号", complaint_received="2025-09-01",
                defense_submitted="2025-09-10", filing_received="2025-09-05", filing_complete=True,
                forwarded="2025-09-08")                                          # everything done: not listed
    binned = digest_case(actor, "石浦镇", "（2025）浙0225行初5号", complaint_received="2025-09-09")
    cases.move_to_recycle_bin(actor, binned)
    return {"shipu": shipu, "police": police, "dandong": dandong}


# ---------------------------------------------------------------------------------------------
# Case materials (issue #22): a case to attach files to, and a small Word file

MATERIALS_NUMBER = "（2026）浙0225行初37号"
AGENCY, GOVERNMENT = "宁波市自然资源和规划局象山分局", "象山县人民政府"


def register_case(actor, unit, number=MATERIALS_NUMBER, plaintiffs="甲公司", cause="行政许可") -> int:
    return cases.create_case(actor, {"unit_id": unit_id(unit), "plaintiffs": plaintiffs, "cause": cause},
                             {"case_number": number, "complaint_received": "2026-03-02"}).id


def make_docx(path, *paragraphs):
    from docx import Document
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path
