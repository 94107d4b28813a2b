"""Demo data: realistic, reproducible cases across the seeded units, for trying the program and benchmarks."""
from __future__ import annotations

import datetime as dt
import random

from xiangshan_desk.persistence import bulk
from xiangshan_desk.domain import rules
from xiangshan_desk.domain.calendar import WorkCalendar
from xiangshan_desk.application.cases import load_calendar
from xiangshan_desk.application.projection import refresh_deadlines
from xiangshan_desk.application.units import court_names
from xiangshan_desk.persistence.db import database
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.persistence.models import Case, CountyLeader, Hearing, PerformanceRecord, Proceeding, RiskRecord, Unit

CAUSES = ("行政处罚", "政府信息公开", "征收补偿", "行政许可", "行政强制", "工伤认定", "行政登记", "行政复议",
          "不履行法定职责", "行政协议", "房屋拆除", "土地行政管理", "行政赔偿", "举报答复")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红海波宁晨燕斌浩飞龙"
COMPANIES = ("象山某水产有限公司", "宁波某建设工程有限公司", "象山某旅游开发有限公司", "某村股份经济合作社",
             "象山某海运有限公司")
PLACES = ("象山县人民法院第一法庭", "象山县人民法院第三法庭", "宁波市中级人民法院第五法庭", "石浦人民法庭")


# The county leaders registered when the database has none: (post, portfolio, words of the units they oversee).
LEADERS = (
    ("副县长", "自然资源、住房城乡建设、交通运输、水利", ("自然资源", "住房", "交通", "水利", "综合行政执法")),
    ("副县长", "公安、司法行政、信访、应急管理", ("公安", "司法", "信访", "应急", "消防")),
    ("副县长", "农业农村、海洋渔业、市场监管、生态环境", ("农业", "海洋", "市场", "生态", "气象")),
    ("副县长", "教育、卫生健康、人力社保、民政", ("教育", "卫生", "人力", "民政", "医疗", "退役")),
)


def posts(unit) -> dict[str, str]:
    """The posts a unit's people hold, by role (rules.ROLE_*): a township's head is 镇长 or 乡长, a department's
    局长; deputies and other heads likewise (issue #21: demo data a clerk can read)."""
    name = unit.name
    if unit.kind == rules.KIND_COUNTY_GOVERNMENT:
        head, deputy, other, staff = "县长", "县政府办公室副主任", "县政府党组成员", "县政府办公室科员"
    elif unit.kind == rules.KIND_TOWNSHIP:
        head, deputy = (("街道办事处主任", "街道办事处副主任") if name.endswith("街道") else
                        ("乡长", "副乡长") if name.endswith("乡") else ("镇长", "副镇长"))
        other = "党工委委员" if name.endswith("街道") else "党委委员"
        staff = "综合行政执法队队员"
    elif "办公室" in name:
        head, deputy, other, staff = "主任", "副主任", "党组成员", "科员"
    elif name.endswith("大队"):
        head, deputy, other, staff = "大队长", "副大队长", "党委委员", "科员"
    elif name.endswith("调查队"):
        head, deputy, other, staff = "队长", "副队长", "党组成员", "科员"
    else:
        head, deputy, other, staff = "局长", "副局长", "党委委员", "法制科科员"
    return {rules.ROLE_PRINCIPAL: head, rules.ROLE_COUNTY_LEADER: "副县长", rules.ROLE_DEPUTY: deputy,
            rules.ROLE_OTHER_HEAD: other, rules.ROLE_STAFF: staff, rules.ROLE_LAWYER: "律师"}


def _register_people(rng: random.Random, units: list) -> None:
    """Heads and county leaders for the units that have none registered, so that the appearance checks and the
    head-list documents have names to show; names a clerk entered are kept."""
    leaders = list(CountyLeader.select().where(CountyLeader.active == True))  # noqa: E712
    if not leaders:
        leaders = [CountyLeader.create(name=_name(rng, 2), post=post, portfolio=portfolio)
                   for post, portfolio, _words in LEADERS]
    words = {leader.id: unit_words for leader, (_post, _portfolio, unit_words) in zip(leaders, LEADERS)}
    for unit in units:
        changes = {}
        if not unit.principal_head_name:
            changes.update(principal_head_name=_name(rng, 2), principal_head_post=posts(unit)[rules.ROLE_PRINCIPAL])
        if unit.leader_id is None and unit.kind != rules.KIND_COUNTY_GOVERNMENT:
            chosen = next((leader for leader in leaders if any(w in unit.name for w in words.get(leader.id, ()))),
                          leaders[unit.id % len(leaders)])
            changes["leader"] = chosen.id
        if changes:
            Unit.update(**changes).where(Unit.id == unit.id).execute()
    for unit in units:                       # the objects the plans use see what was registered
        fresh = Unit.get_by_id(unit.id)
        unit.principal_head_name, unit.principal_head_post, unit.leader_id = (
            fresh.principal_head_name, fresh.principal_head_post, fresh.leader_id)


def _name(rng: random.Random, given: int | None = None) -> str:
    surname = rng.choice(SURNAMES)
    return surname + "".join(rng.choice(GIVEN) for _ in range(given or rng.choice((1, 2))))


def _working(cal: WorkCalendar, day: dt.date) -> dt.date:
    while not cal.is_working(day):
        day += dt.timedelta(days=1)
    return day


MAX_CASES = 200_000


def generate(cases: int, seed: int = 1, today: dt.date | None = None) -> int:
    """Fill an empty database with ``cases`` demo cases of the last three years. Returns how many were made."""
    if Case.select().exists():
        raise AppError("该数据库中已有案件，演示数据只能写入新的空数据库。")
    if cases < 1:
        raise AppError("演示案件数至少为 1")
    if cases > MAX_CASES:
        raise AppError(f"演示案件数最多为 {MAX_CASES}")
    rng = random.Random(seed)
    today = today or dt.date.today()
    cal = load_calendar()
    units = list(Unit.select().where(Unit.active == True))  # noqa: E712
    with database.atomic():
        _register_people(random.Random(f"people-{seed}"), units)
    leaders = {leader.id: leader for leader in CountyLeader.select()}
    county = [u for u in units if u.kind == rules.KIND_COUNTY_GOVERNMENT]
    others = [u for u in units if u.kind != rules.KIND_COUNTY_GOVERNMENT]
    span_days = 3 * 365
    serials: dict[tuple[str, str, int], int] = {}

    def number(court: str, code: str, day: dt.date) -> str:
        key = (court, code, day.year)
        serials[key] = serials.get(key, 0) + 1
        return f"（{day.year}）{court}{code}{serials[key]}号"

    # Plan every case first, in date order, so that case numbers run in the order cases arrived.
    plans = sorted((_plan(rng, cal, today, span_days, county, others, leaders) for _ in range(cases)),
                   key=lambda p: p["received"])
    created = 0
    # all or nothing (issue #25 finding 7): a demo killed half-way leaves an empty database that takes a new demo,
    # never cases without deadlines or search text
    with database.atomic():
        for start in range(0, cases, 1000):
            created += len(_insert(plans[start:start + 1000], number))
        refresh_deadlines([c for (c,) in Case.select(Case.id).tuples()], cal)
        _supervision(rng, today, others, max(3, min(300, cases // 100)))
    from xiangshan_desk.persistence.db import backend
    backend().analyze_if_needed(force=cases >= 1000)
    return created


def _plan(rng, cal, today, span_days, county, others, leaders) -> dict:
    against_county = rng.random() < 0.06
    unit = rng.choice(county) if against_county and county else rng.choice(others)
    received = today - dt.timedelta(days=rng.randint(0, span_days))
    received = _working(cal, received)
    many = rng.random() < 0.04
    plan = {
        "unit": unit, "received": received, "county": against_county,
        "court": "浙02" if against_county else "浙0225",
        "cause": rng.choice(CAUSES),
        "plaintiffs": rng.choice(COMPANIES) if rng.random() < 0.15 else
        ("、".join(_name(rng) for _ in range(3)) + "等" if many else _name(rng)),
        "plaintiff_count": rng.randint(50, 120) if many else rng.choice((1, 1, 1, 2, 3)),
        "high_attention": rng.random() < 0.05, "major_public_interest": rng.random() < 0.03,
        "high_risk": rng.random() < 0.06, "written_recommendation": rng.random() < 0.03,
        "leaders": leaders,
    }
    age = (today - received).days
    defense = rules.defense_due(cal, received).day
    filing = rules.filing_due(cal, rules.defense_due(cal, received)).day
    p = {"complaint_received": received}
    # Filing: most on time, some late, some never (the late ones show up red in the list).
    roll = rng.random()
    if age > 10 or roll < 0.5:
        if roll < 0.85:
            p["filing_received"] = min(filing, received + dt.timedelta(days=rng.randint(3, 9)))
        elif roll < 0.95:
            p["filing_received"] = filing + dt.timedelta(days=rng.randint(1, 6))
        if "filing_received" in p and p["filing_received"] <= today:
            p["filing_complete"] = rng.random() < 0.93
            if rng.random() < 0.9:
                p["forwarded"] = cal.working_days_after(p["filing_received"], rng.randint(1, 4)).day
        else:
            p.pop("filing_received", None)
    if age > 16 and rng.random() < 0.95:
        p["defense_submitted"] = min(defense, received + dt.timedelta(days=rng.randint(8, 15)))
    hearings = []
    if age > 30 and rng.random() < 0.85:
        summons = received + dt.timedelta(days=rng.randint(20, 40))
        if summons <= today:
            p["summons_received"] = summons
            if rng.random() < 0.85:
                p["head_list_filed"] = cal.working_days_after(summons, rng.randint(1, 5)).day
            hearing_day = _working(cal, summons + dt.timedelta(days=rng.randint(10, 30)))
            held = hearing_day <= today
            hearings.append(_hearing(rng, plan, hearing_day, held))
            if held and rng.random() < 0.15:
                second = _working(cal, hearing_day + dt.timedelta(days=rng.randint(20, 40)))
                hearings.append(_hearing(rng, plan, second, second <= today))
    risk = None
    if age > 20 and rng.random() < 0.12:
        found = received + dt.timedelta(days=rng.randint(5, 40))
        if found <= today:
            risk = {"found_date": found, "source": rng.choice(rules.RISK_SOURCES)}
            if rng.random() < 0.8:
                risk["report_filed"] = found + dt.timedelta(days=rng.randint(3, 13))
                if risk["report_filed"] > today:
                    del risk["report_filed"]
            risk.update(_risk_text(plan, received, risk))
    p["hearings"] = hearings
    p["risk"] = risk
    plan["first"] = p
    last_hearing = max((h["date"] for h in hearings), default=None)
    if last_hearing and last_hearing + dt.timedelta(days=30) < today and rng.random() < 0.9:
        _decide(rng, cal, today, p, last_hearing + dt.timedelta(days=rng.randint(20, 60)))
    elif age > 60 and rng.random() < 0.2:
        p["decision"] = rng.choice(("撤诉", "按撤诉处理", "驳回起诉"))
        p["judgment_kind"] = rules.RULING
        served = received + dt.timedelta(days=rng.randint(25, 60))
        p["judgment_received"] = p["judgment_served"] = served
        p["judgment_filed"] = cal.working_days_after(served, rng.randint(1, 6)).day
        p["effective_date"] = rules.proposed_effective_date(cal, served, rules.RULING).day
    plan["second"] = None
    if p.get("decision") and p.get("appealed"):
        plan["second"] = _appeal(rng, cal, today, p, plan["unit"])
    plan["loss_report"] = None
    final_effective = (plan["second"] or p).get("effective_date")
    plan["performance"] = None
    if final_effective and final_effective <= today:
        decision = (plan["second"] or p).get("decision")
        lost = decision in rules.LOSS_OUTCOMES or (decision == rules.UPHELD and p["decision"] in rules.LOSS_OUTCOMES)
        if lost:
            if rng.random() < 0.8:
                report = final_effective + dt.timedelta(days=rng.randint(5, 25))
                plan["loss_report"] = report if report <= today else None
            recorded = final_effective + dt.timedelta(days=rng.randint(10, 60))
            if recorded <= today:
                plan["performance"] = (recorded, rng.choices(rules.PERFORMANCE_STATES, (60, 25, 10, 5))[0])
            plan["major_fault"] = rng.random() < 0.1
    for values in (p, plan["second"]):
        if values is not None:
            _nothing_after(values, today)
    return plan


# what a clerk records only once it has happened; a planned hearing keeps its date but not a role
_ACTS = ("defense_submitted", "filing_received", "forwarded", "summons_received", "head_list_filed",
         "judgment_received", "judgment_served", "judgment_filed", "effective_date")


def _nothing_after(values: dict, today: dt.date) -> None:
    """Demo data reads like a real ledger on ``today``: no act dated after it (issue #21)."""
    for key in _ACTS:
        if values.get(key) is not None and values[key] > today:
            values[key] = None
            if key == "judgment_received":          # a decision not yet received is not known either
                values.pop("decision", None)
    for hearing in values.get("hearings", ()):
        if hearing["date"] > today:
            hearing.pop("role", None)
            for key in ("attendee", "attendee_post", "left_without_permission"):
                hearing.pop(key, None)


RISK_POINTS = {
    "行政处罚": "处罚决定书未载明陈述、申辩权利的告知情况，处罚幅度的裁量理由不够充分。",
    "政府信息公开": "答复超过法定期限，且未说明不予公开的具体理由和法律依据。",
    "征收补偿": "补偿安置方案未经公告征求意见，评估报告送达存在瑕疵。",
    "行政许可": "许可审查中对利害关系人的听证权利保障不足。",
    "行政强制": "强制执行前未依法催告，执行时间、程序的证据不够完整。",
    "房屋拆除": "限期拆除决定认定违法建筑的事实证据不足，送达程序存在瑕疵。",
    "不履行法定职责": "原告申请后未在法定期限内作出处理，也无书面答复。",
}
RISK_MEASURES = ("补充完善证据材料，梳理执法全过程记录，做好负责人出庭应诉准备。",
                 "会同法律顾问逐项分析风险点，必要时自行纠正被诉行为。")


def _risk_text(plan: dict, received: dt.date, risk: dict) -> dict:
    """What a risk record says (败诉风险分析报告 has four parts); the report's parts only once it was filed."""
    text = {
        "basic_facts": f"原告{plan['plaintiffs']}不服{plan['unit'].name}的{plan['cause']}行为，"
                       f"于{received.year}年{received.month}月{received.day}日向人民法院提起行政诉讼。",
        "risk_points": RISK_POINTS.get(plan["cause"], "被诉行为的事实认定和程序方面存在瑕疵，存在败诉可能。"),
    }
    if risk.get("report_filed"):
        text["measures"] = RISK_MEASURES[len(plan["plaintiffs"]) % len(RISK_MEASURES)]
        text["resolution_plan"] = "提请县行政争议化解协调小组介入，与原告沟通诉求，争取通过协调化解争议。"
    return text


def _hearing(rng, plan, day, held) -> dict:
    hearing = {"date": day, "place": rng.choice(PLACES)}
    if not held:
        return hearing
    if plan["county"]:
        roles = ((rules.ROLE_COUNTY_LEADER, 80), (rules.ROLE_DEPUTY, 10), (rules.ROLE_STAFF, 10))
    else:
        roles = ((rules.ROLE_PRINCIPAL, 20), (rules.ROLE_DEPUTY, 45), (rules.ROLE_OTHER_HEAD, 20),
                 (rules.ROLE_STAFF, 8), (rules.ROLE_LAWYER, 5), (rules.ROLE_ABSENT, 2))
    role = rng.choices([r for r, _ in roles], [w for _, w in roles])[0]
    hearing["role"] = role
    if role != rules.ROLE_ABSENT:
        unit = plan["unit"]
        hearing["attendee"] = _name(rng)
        hearing["attendee_post"] = posts(unit)[role]
        if role == rules.ROLE_PRINCIPAL and unit.principal_head_name:       # the head registered for the unit
            hearing["attendee"], hearing["attendee_post"] = unit.principal_head_name, unit.principal_head_post
        elif role == rules.ROLE_COUNTY_LEADER and plan["leaders"]:
            # the unit's 分管县领导; for the county government, the leader over the matter
            leader = plan["leaders"].get(unit.leader_id) or rng.choice(sorted(plan["leaders"].values(),
                                                                             key=lambda known: known.id))
            hearing["attendee"], hearing["attendee_post"] = leader.name, leader.post
        hearing["left_without_permission"] = rng.random() < 0.01
    return hearing


def _decide(rng, cal, today, p, received):
    if received > today:
        return
    loss = rng.random() < 0.1
    decision = rng.choice(rules.LOSS_OUTCOMES[:8]) if loss else rng.choice(
        ("驳回诉讼请求", "驳回诉讼请求", "驳回诉讼请求", "驳回起诉", "撤诉", "调解"))
    kind = rules.RULING if decision in ("驳回起诉", "撤诉") else (
        rules.MEDIATION if decision == "调解" else rules.JUDGMENT)
    p.update(decision=decision, judgment_kind=kind, judgment_received=received, judgment_served=received)
    if rng.random() < 0.9:
        p["judgment_filed"] = cal.working_days_after(received, rng.randint(1, 7)).day
        if p["judgment_filed"] > today:
            del p["judgment_filed"]
    p["decision_reasons"] = "被诉行政行为认定事实不清、程序违法。" if loss else ""
    if kind == rules.JUDGMENT and rng.random() < (0.5 if loss else 0.15):
        p["appealed"] = True
    else:
        p["effective_date"] = rules.proposed_effective_date(cal, received, kind).day


def _appeal(rng, cal, today, first, unit) -> dict | None:
    appeal_received = first["judgment_received"] + dt.timedelta(days=rng.randint(16, 30))
    if appeal_received > today:
        first.pop("appealed", None)
        return None
    second = {"complaint_received": appeal_received, "hearings": [], "risk": None}
    filing = rules.filing_due(cal, rules.defense_due(cal, appeal_received)).day
    if rng.random() < 0.85 and filing <= today:
        second["filing_received"] = max(appeal_received, filing - dt.timedelta(days=rng.randint(0, 3)))
        second["filing_complete"] = True
    decided = appeal_received + dt.timedelta(days=rng.randint(45, 120))
    if decided <= today:
        hearing_day = _working(cal, appeal_received + dt.timedelta(days=rng.randint(20, 40)))
        second["hearings"].append({"date": hearing_day, "place": "宁波市中级人民法院第五法庭",
                                   "role": rules.ROLE_DEPUTY, "attendee": _name(rng),
                                   "attendee_post": posts(unit)[rules.ROLE_DEPUTY]})
        decision = rng.choices((rules.UPHELD, rules.APPEAL_WITHDRAWN, "驳回诉讼请求", "撤销"), (70, 10, 12, 8))[0]
        second.update(decision=decision, judgment_received=decided, judgment_served=decided,
                      effective_date=decided)
        if rng.random() < 0.9:
            second["judgment_filed"] = cal.working_days_after(decided, rng.randint(1, 6)).day
            if second["judgment_filed"] > today:
                del second["judgment_filed"]
    return second


_PROCEEDING_KEYS = ("complaint_received", "defense_submitted", "filing_received", "filing_complete", "forwarded",
                    "summons_received", "head_list_filed", "judgment_received", "judgment_served",
                    "judgment_kind", "judgment_filed", "decision", "decision_reasons", "effective_date")


CASE_COLUMNS = ("unit", "cause", "plaintiffs", "major_fault", "major_fault_reason", "loss_report_submitted",
                "created_by", "created_at")
HEARING_COLUMNS = ("proceeding", "date", "place", "attendee", "attendee_post", "role", "left_without_permission")


def _insert(plans: list[dict], number) -> list[int]:
    """A batch of planned cases, written with prepared statements (the demo makes up to 100,000 cases)."""
    bulk.insert_rows(Case, CASE_COLUMNS, [(
        plan["unit"].id, plan["cause"], plan["plaintiffs"], plan.get("major_fault", False),
        "执法程序存在重大瑕疵" if plan.get("major_fault") else "", plan["loss_report"], "演示数据",
        dt.datetime.combine(plan["received"], dt.time(9, 0))) for plan in plans])
    # The ids just inserted, in order (this process is the only writer of a new demo database).
    ids = [c for (c,) in Case.select(Case.id).order_by(Case.id.desc()).limit(len(plans)).tuples()][::-1]
    # each proceeding carries the appearance facts (rules.md §4 2026-12); an appeal starts with the same values
    columns = ("case", "level", "case_number", "court", *_PROCEEDING_KEYS, *rules.APPEARANCE_FACTS)
    courts = court_names()                       # the courts table: the one list of courts
    first_rows, second_rows = [], []
    for case_id, plan in zip(ids, plans):
        first = plan["first"]
        first_rows.append((case_id, rules.LEVEL_FIRST, number(plan["court"], "行初", plan["received"]),
                           courts.get(plan["court"], ""), *(first.get(k, _DEFAULTS.get(k)) for k in _PROCEEDING_KEYS),
                           *(plan[k] for k in rules.APPEARANCE_FACTS)))
        if plan["second"]:
            second = plan["second"]
            court = "浙" if plan["county"] else "浙02"
            second_rows.append((case_id, rules.LEVEL_SECOND, number(court, "行终", second["complaint_received"]),
                                courts.get(court, ""), *(second.get(k, _DEFAULTS.get(k)) for k in _PROCEEDING_KEYS),
                                *(plan[k] for k in rules.APPEARANCE_FACTS)))
    bulk.insert_rows(Proceeding, columns, first_rows)
    bulk.insert_rows(Proceeding, columns, second_rows)
    procs = {(case_id, level): pid for pid, case_id, level in
             Proceeding.select(Proceeding.id, Proceeding.case, Proceeding.level)
             .where(Proceeding.case.in_(ids)).tuples()}
    bulk.update_rows(Proceeding, ("parent",), [(procs[(case_id, rules.LEVEL_SECOND)],
                                                (procs[(case_id, rules.LEVEL_FIRST)],))
                                               for case_id, plan in zip(ids, plans) if plan["second"]])
    hearings, risks, performance = [], [], []
    for case_id, plan in zip(ids, plans):
        for level, values in ((rules.LEVEL_FIRST, plan["first"]), (rules.LEVEL_SECOND, plan["second"])):
            if not values:
                continue
            proc_id = procs[(case_id, level)]
            for h in values.get("hearings", ()):
                hearings.append((proc_id, h["date"], h.get("place", ""), h.get("attendee", ""),
                                 h.get("attendee_post", ""), h.get("role"), h.get("left_without_permission", False)))
            if values.get("risk"):
                risk = values["risk"]
                risks.append((proc_id, risk["found_date"], risk["source"], risk.get("report_filed"),
                              *(risk.get(key, "") for key in RISK_TEXT)))
        if plan["performance"]:
            day, state = plan["performance"]
            performance.append((case_id, day, state))
    bulk.insert_rows(Hearing, HEARING_COLUMNS, hearings)
    bulk.insert_rows(RiskRecord, ("proceeding", "found_date", "source", "report_filed", *RISK_TEXT), risks)
    bulk.insert_rows(PerformanceRecord, ("case", "date", "state"), performance)
    return ids


RISK_TEXT = ("basic_facts", "risk_points", "measures", "resolution_plan")
_DEFAULTS = {"filing_complete": False, "judgment_kind": rules.JUDGMENT, "decision_reasons": ""}


# A typical case's title, 案情 and 启示 follow how the court decided it (issue #21): outcome → (title, summary, lesson)
TYPICAL = {
    "撤销": ("{cause}决定因程序违法被判决撤销", "被诉单位作出决定前未依法告知当事人陈述、申辩的权利，法院以违反法定程序为由判决撤销。",
           "作出不利决定前须依法履行告知程序。"),
    "部分撤销": ("{cause}决定部分内容被判决撤销", "被诉决定的部分事项缺乏事实依据，法院判决撤销该部分。",
             "决定的每一项内容都应有相应的事实和法律依据。"),
    "变更": ("{cause}明显不当被判决变更", "被诉处罚的幅度与违法情节明显不相当，法院依法判决变更。",
           "行使裁量权应当过罚相当，并在决定书中说明裁量理由。"),
    "确认违法": ("{cause}行为被判决确认违法", "被诉行为程序违法，但已无撤销内容可撤销，法院判决确认违法。",
             "实施行政行为应当全程依法留痕，确保程序合法。"),
    "确认违法但不撤销": ("{cause}行为被判决确认违法但不撤销", "被诉行为程序轻微违法，撤销将损害公共利益，法院判决确认违法但不撤销。",
                  "程序轻微违法同样导致败诉，不能因结果正确而忽视程序。"),
    "确认无效": ("{cause}行为被判决确认无效", "被诉行为没有法定依据，属重大且明显违法，法院判决确认无效。",
             "作出行政行为前须确认职权和法律依据。"),
    "责令履行法定职责": ("不履行法定职责被判决限期履行", "原告依法提出申请后，被诉单位逾期未作处理，法院判决限期履行。",
                  "对当事人的申请须在法定期限内依法处理并书面答复。"),
    "判决给付": ("{cause}案件被判决履行给付义务", "被诉单位未依法履行给付义务，法院判决限期给付。",
             "依法应当给付的款项须及时足额给付。"),
    "行政协议继续履行": ("行政协议被判决继续履行", "被诉单位单方停止履行行政协议，法院判决继续履行。",
                  "签订行政协议前应充分论证，签订后须诚信履约。"),
    "行政协议采取补救措施": ("行政协议被判决采取补救措施", "被诉单位履行行政协议不符合约定，法院判决采取补救措施。",
                    "行政协议履行中应及时沟通，发现问题主动补救。"),
    "行政协议赔偿或补偿": ("行政协议被判决赔偿损失", "被诉单位违约给原告造成损失，法院判决予以赔偿。",
                   "变更、解除行政协议须依法进行并依法补偿。"),
    "行政赔偿": ("{cause}违法被判决行政赔偿", "被诉行为违法并造成原告财产损失，法院判决予以赔偿。",
             "行政行为违法造成损失的，应当主动依法赔偿。"),
}


def typical_texts(outcome: str, cause: str) -> dict:
    """The 典型案例 texts of a lost case with this final outcome."""
    title, summary, lesson = TYPICAL.get(outcome, ("{cause}案件败诉", "被诉行为被人民法院判决败诉。",
                                                   "依法行政，从源头上减少败诉。"))
    return {"title": title.format(cause=cause or "行政"), "summary": summary, "lesson": lesson}


def _supervision(rng: random.Random, today: dt.date, units: list, count: int) -> None:
    """Judicial suggestions, typical cases and training sessions beside the cases."""
    from xiangshan_desk.application import supervision
    from xiangshan_desk.application.cases import Actor
    actor = Actor("演示数据", "demo")
    lost = [c for (c,) in Case.select(Case.id).where(Case.is_loss == True).order_by(Case.id).tuples()]  # noqa: E712
    for _ in range(count):
        received = today - dt.timedelta(days=rng.randint(10, 3 * 365))
        due = supervision.add_months(received, 2)
        reply = received + dt.timedelta(days=rng.randint(20, 80)) if rng.random() < 0.8 else None
        supervision.add_suggestion(actor, {
            "received": received, "court": rng.choice(("象山县人民法院", "宁波市中级人民法院")),
            "unit_id": rng.choice(units).id, "case_id": rng.choice(lost) if lost and rng.random() < 0.5 else None,
            "summary": rng.choice(("规范行政执法程序", "完善送达工作", "加强证据收集", "健全信息公开答复机制")),
            "reply_date": reply if reply and reply <= today else None, "reply_due": due})
    for case_id in rng.sample(lost, min(len(lost), max(1, count // 3))):
        case = Case.get_by_id(case_id)
        effective = case.effective_date or today
        supervision.mark_typical(actor, case_id, effective.year, (effective.month - 1) // 3 + 1,
                                 typical_texts(case.outcome, case.cause))
    for _ in range(max(2, count // 2)):
        day = today - dt.timedelta(days=rng.randint(10, 3 * 365))
        chosen = rng.sample(units, min(len(units), rng.randint(3, 8)))
        supervision.add_training(actor, day, rng.choice(supervision.TRAINING_KINDS), "县司法局",
                                 rng.choice(("行政诉讼法及司法解释培训", "旁听征收补偿案件庭审", "负责人出庭应诉专题培训")),
                                 [(u.id, (people := rng.randint(1, 5)), rng.randint(0, min(2, people))) for u in chosen])
