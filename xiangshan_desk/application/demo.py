"""Demo data: realistic, reproducible cases across the seeded units, for trying the program and benchmarks."""
from __future__ import annotations

import datetime as dt
import random

from xiangshan_desk.persistence import bulk
from xiangshan_desk.domain import rules
from xiangshan_desk.domain.calendar import WorkCalendar
from xiangshan_desk.application.cases import load_calendar
from xiangshan_desk.application.projection import refresh_deadlines
from xiangshan_desk.persistence.db import database
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.persistence.models import Case, Hearing, PerformanceRecord, Proceeding, RiskRecord, Unit

CAUSES = ("行政处罚", "政府信息公开", "征收补偿", "行政许可", "行政强制", "工伤认定", "行政登记", "行政复议",
          "不履行法定职责", "行政协议", "房屋拆除", "土地行政管理", "行政赔偿", "举报答复")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红海波宁晨燕斌浩飞龙"
COMPANIES = ("象山某水产有限公司", "宁波某建设工程有限公司", "象山某旅游开发有限公司", "某村股份经济合作社",
             "象山某海运有限公司")
PLACES = ("象山县人民法院第一法庭", "象山县人民法院第三法庭", "宁波市中级人民法院第五法庭", "石浦人民法庭")


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


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
    county = [u for u in units if u.kind == rules.KIND_COUNTY_GOVERNMENT]
    others = [u for u in units if u.kind != rules.KIND_COUNTY_GOVERNMENT]
    span_days = 3 * 365
    serials: dict[tuple[str, str, int], int] = {}

    def number(court: str, code: str, day: dt.date) -> str:
        key = (court, code, day.year)
        serials[key] = serials.get(key, 0) + 1
        return f"（{day.year}）{court}{code}{serials[key]}号"

    # Plan every case first, in date order, so that case numbers run in the order cases arrived.
    plans = sorted((_plan(rng, cal, today, span_days, county, others) for _ in range(cases)),
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


def _plan(rng, cal, today, span_days, county, others) -> dict:
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
        plan["second"] = _appeal(rng, cal, today, p)
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
        hearing["attendee"] = _name(rng)
        hearing["attendee_post"] = {rules.ROLE_PRINCIPAL: "局长", rules.ROLE_COUNTY_LEADER: "副县长",
                                    rules.ROLE_DEPUTY: "副局长", rules.ROLE_OTHER_HEAD: "党委委员",
                                    rules.ROLE_STAFF: "科员", rules.ROLE_LAWYER: "律师"}[role]
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


def _appeal(rng, cal, today, first) -> dict | None:
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
                                   "role": rules.ROLE_DEPUTY, "attendee": _name(rng), "attendee_post": "副局长"})
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
    first_rows, second_rows = [], []
    for case_id, plan in zip(ids, plans):
        first = plan["first"]
        first_rows.append((case_id, rules.LEVEL_FIRST, number(plan["court"], "行初", plan["received"]),
                           rules.COURTS.get(plan["court"], ""), *(first.get(k, _DEFAULTS.get(k)) for k in _PROCEEDING_KEYS),
                           *(plan[k] for k in rules.APPEARANCE_FACTS)))
        if plan["second"]:
            second = plan["second"]
            court = "浙" if plan["county"] else "浙02"
            second_rows.append((case_id, rules.LEVEL_SECOND, number(court, "行终", second["complaint_received"]),
                                rules.COURTS.get(court, ""), *(second.get(k, _DEFAULTS.get(k)) for k in _PROCEEDING_KEYS),
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
                risks.append((proc_id, risk["found_date"], risk["source"], risk.get("report_filed")))
        if plan["performance"]:
            day, state = plan["performance"]
            performance.append((case_id, day, state))
    bulk.insert_rows(Hearing, HEARING_COLUMNS, hearings)
    bulk.insert_rows(RiskRecord, ("proceeding", "found_date", "source", "report_filed"), risks)
    bulk.insert_rows(PerformanceRecord, ("case", "date", "state"), performance)
    return ids


_DEFAULTS = {"filing_complete": False, "judgment_kind": rules.JUDGMENT, "decision_reasons": ""}


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
        effective = Case.get_by_id(case_id).effective_date or today
        supervision.mark_typical(actor, case_id, effective.year, (effective.month - 1) // 3 + 1,
                                 {"title": "行政行为程序违法被判决撤销", "summary": "被诉单位作出决定前未依法告知当事人陈述申辩权利。",
                                  "lesson": "作出不利决定前须依法履行告知程序。"})
    for _ in range(max(2, count // 2)):
        day = today - dt.timedelta(days=rng.randint(10, 3 * 365))
        chosen = rng.sample(units, min(len(units), rng.randint(3, 8)))
        supervision.add_training(actor, day, rng.choice(supervision.TRAINING_KINDS), "县司法局",
                                 rng.choice(("行政诉讼法及司法解释培训", "旁听征收补偿案件庭审", "负责人出庭应诉专题培训")),
                                 [(u.id, (people := rng.randint(1, 5)), rng.randint(0, min(2, people))) for u in chosen])
