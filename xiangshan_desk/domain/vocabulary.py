"""The clerk's vocabulary (rules.md): the closed lists with the words stored and shown, the deadline kinds and the
status words — all a screen needs to show stored data. rules.py computes from facts and re-exports these names
(``rules.Status``, ``rules.DEADLINES`` …); start-up reads them from here without loading the rules' fact and result
types (benchmarks/README.md, start-up)."""
from __future__ import annotations

import datetime as dt
import enum
from typing import NamedTuple

# ---------------------------------------------------------------------------------------------
# Closed lists (the clerk's vocabulary)

# Each closed list is a StrEnum whose values are the Chinese words stored and shown; a member is a str, so it
# compares, sorts, stores and prints as its word. The module-level names are the members, for brevity.


class Instance(enum.StrEnum):
    """审级: the instance of a proceeding (not to be confused with ``Rank``, who appeared)."""
    FIRST = "一审"
    SECOND = "二审"
    RETRIAL = "再审"


LEVEL_FIRST, LEVEL_SECOND, LEVEL_RETRIAL = Instance
PROCEEDING_LEVELS = tuple(Instance)


class UnitKind(enum.StrEnum):
    TOWNSHIP = "镇乡街道"
    DEPARTMENT = "县级部门"
    VERTICAL = "垂直管理"
    COUNTY_GOVERNMENT = "县政府"


KIND_TOWNSHIP, KIND_DEPARTMENT, KIND_VERTICAL, KIND_COUNTY_GOVERNMENT = UnitKind
UNIT_KINDS = tuple(UnitKind)


class JudgmentKind(enum.StrEnum):
    JUDGMENT = "判决"
    RULING = "裁定"
    MEDIATION = "调解书"


JUDGMENT, RULING, MEDIATION = JudgmentKind
JUDGMENT_KINDS = tuple(JudgmentKind)

LOSS_OUTCOMES = (
    "撤销", "部分撤销", "变更", "确认违法", "确认违法但不撤销", "确认无效", "责令履行法定职责", "判决给付",
    "行政协议继续履行", "行政协议采取补救措施", "行政协议赔偿或补偿", "行政赔偿",
)
NON_LOSS_OUTCOMES = ("驳回诉讼请求", "驳回起诉", "撤诉", "按撤诉处理", "调解", "终结诉讼", "其他")
OUTCOMES = LOSS_OUTCOMES + NON_LOSS_OUTCOMES
# Excluded from the denominator of the "judgments only" loss-rate basis (rules.md §7).
NOT_JUDGMENT_OUTCOMES = frozenset({"撤诉", "按撤诉处理", "驳回起诉", "调解", "终结诉讼"})
# The notice's limit: a unit's 败诉率 should stay below 8%; at or above it the unit is flagged (rules.md §7).
LOSS_RATE_LIMIT = 0.08
WITHDRAWAL_OUTCOMES = frozenset({"撤诉", "按撤诉处理"})
MEDIATION_OR_WITHDRAWAL = WITHDRAWAL_OUTCOMES | {"调解"}      # 调解撤诉数 (rules.md §7)

UPHELD, REMANDED, APPEAL_WITHDRAWN = "维持原判", "发回重审", "撤回上诉"
APPELLATE_DECISIONS = (UPHELD, REMANDED, APPEAL_WITHDRAWN)
# Other words for a decision, as clerks and courts write them (rules.md §6: 按撤回上诉处理 is recorded as 撤回上诉)
DECISION_ALIASES = {"按撤回上诉处理": APPEAL_WITHDRAWN}


def decisions_for(level: str) -> tuple[str, ...]:
    """The decision types a proceeding of this level can have (rules.md §6)."""
    return OUTCOMES if level == LEVEL_FIRST else APPELLATE_DECISIONS + OUTCOMES


def is_loss(outcome: str | None) -> bool:
    return outcome in LOSS_OUTCOMES


def outcome_text(outcome: str, loss: bool) -> str:
    """An outcome with whether it counts as a loss, as the editor and the reports print it: 撤销（败诉）."""
    return f"{outcome}（{'败诉' if loss else '未败诉'}）"


# ---------------------------------------------------------------------------------------------
# Appearance roles and ranks (rules.md §4)

class Role(enum.StrEnum):
    """出庭人员身份, as a hearing records it."""
    PRINCIPAL = "主要负责人"
    COUNTY_LEADER = "分管县领导"
    DEPUTY = "副职负责人"
    OTHER_HEAD = "其他分管负责人"
    STAFF = "工作人员"
    LAWYER = "律师"
    ABSENT = "未出庭"


(ROLE_PRINCIPAL, ROLE_COUNTY_LEADER, ROLE_DEPUTY, ROLE_OTHER_HEAD, ROLE_STAFF, ROLE_LAWYER,
 ROLE_ABSENT) = Role
APPEARANCE_ROLES = tuple(Role)


class Rank(enum.IntEnum):
    NOBODY = 0
    STAFF = 1       # 工作人员 / 律师
    HEAD = 2        # 副职负责人 / 其他分管负责人 (and anything higher)
    PRINCIPAL = 3   # 主要负责人 / 分管县领导

    @property
    def label(self) -> str:
        return {Rank.NOBODY: "无人出庭", Rank.STAFF: "工作人员或律师", Rank.HEAD: "负责人",
                Rank.PRINCIPAL: "主要负责人"}[self]


ROLE_RANKS = {
    ROLE_PRINCIPAL: Rank.PRINCIPAL, ROLE_COUNTY_LEADER: Rank.PRINCIPAL,
    ROLE_DEPUTY: Rank.HEAD, ROLE_OTHER_HEAD: Rank.HEAD,
    ROLE_STAFF: Rank.STAFF, ROLE_LAWYER: Rank.STAFF,
    ROLE_ABSENT: Rank.NOBODY,
}



def appearance_roles(unit_kind: str) -> tuple[str, ...]:
    """The roles a hearing of this unit's case can record: 分管县领导 only for the county government (rules.md §4,
    2026-12)."""
    if unit_kind == KIND_COUNTY_GOVERNMENT:
        return APPEARANCE_ROLES
    return tuple(role for role in APPEARANCE_ROLES if role != ROLE_COUNTY_LEADER)


def role_refusal(role: str | None, unit_kind: str) -> str | None:
    """Why this role cannot be recorded for this unit's case, or None."""
    if role and role not in appearance_roles(unit_kind):
        return "“分管县领导”只用于县政府为被告的案件；其他单位的负责人请选“主要负责人”“副职负责人”或“其他分管负责人”"
    return None


# (2026-12) how the defense statement and the filing were submitted; a posted document counts on its posting date,
# so the recorded date is then the posting date and forms print 交邮日期 (rules.md §3)
class SubmissionWay(enum.StrEnum):
    IN_PERSON = "当面"
    POSTED = "邮寄"
    ONLINE = "网上"


SUBMISSION_WAYS = tuple(SubmissionWay)
POSTED = SubmissionWay.POSTED


def act_date_label(label: str, way: str | None) -> str:
    """备案日期 -> 备案交邮日期 when the act was posted (the date is the posting date)."""
    if way != POSTED:
        return label
    return label.replace("提交日期", "交邮日期") if "提交日期" in label else label.replace("日期", "交邮日期")


def plaintiff_count_warning(names: str, count: int | None) -> str:
    """A hint (never a refusal) when the names typed and 原告人数 disagree: "甲、乙、丙" with 原告人数 1. Lists
    ending in 等 (甲等60人) name only some, so they never warn."""
    import re as _re
    text = (names or "").strip()
    if not text or count is None or text.endswith("等") or _re.search(r"等\s*\d+\s*人", text):
        return ""
    typed = len([n for n in _re.split(r"[、，,；;\s]+", text) if n])
    if typed > 1 and typed != count:
        return f"原告栏填写了 {typed} 个名字，原告人数为 {count}，请核对"
    return ""


class PerformanceState(enum.StrEnum):
    DONE = "已履行"
    UNDER_WAY = "正在履行"
    NOT_DONE = "未履行"
    REFUSED = "拒不履行"


PERFORMANCE_STATES = tuple(PerformanceState)
PERFORMANCE_REFUSED = PerformanceState.REFUSED


class RiskSource(enum.StrEnum):
    OWN_REVIEW = "自行排摸"
    COURT = "法院告知"
    REVIEW_BODY = "复议机构告知"


RISK_SOURCES = tuple(RiskSource)
PRINCIPAL_APPEARANCE_PLAINTIFFS = 50


# ---------------------------------------------------------------------------------------------
# §3 Deadline kinds and status words


class DeadlineKind(NamedTuple):
    """One deadline of rules.md §3: its id, words, who acts, and the recorded date that starts it (``trigger``, a
    fact's name; ``due_from_trigger`` computes it). Rules, command line and editor read this one table."""
    id: str
    label: str
    act: str
    responsible: str          # 被诉单位 or 司法局
    pre_decision: bool
    trigger: str              # the fact (ProceedingFacts field, or judgment_effective) whose date starts it


UNIT, BUREAU = "被诉单位", "司法局"
DEADLINE_KINDS = (
    DeadlineKind("defense_due", "答辩期限", "提交答辩状及证据", UNIT, True, "complaint_received"),
    DeadlineKind("filing_due", "备案期限", "向司法局备案起诉状副本、答辩状、证据清单", UNIT, True, "complaint_received"),
    DeadlineKind("forward_due", "转报期限", "转报分管县领导", BUREAU, True, "filing_received"),
    DeadlineKind("head_list_due", "出庭名单备案期限", "备案出庭负责人名单", UNIT, True, "summons_received"),
    DeadlineKind("risk_report_due", "风险报告期限", "备案败诉风险分析报告", UNIT, True, "risk_found"),
    DeadlineKind("judgment_filing_due", "裁判文书备案期限", "备案裁判文书", UNIT, False, "judgment_received"),
    DeadlineKind("loss_report_due", "败诉报告期限", "提交败诉个案报告", UNIT, False, "judgment_effective"),
)
DEADLINES = {kind.id: kind for kind in DEADLINE_KINDS}


class Status(enum.Enum):
    """A deadline's status, with the words every screen, document and sheet shows (rules.md §3)."""

    NOT_STARTED = "尚未起算"   # its trigger date is not recorded
    MET = "已按期"
    LATE = "逾期完成"
    OPEN = "未到期"
    OVERDUE = "已逾期"
    MISSED = "未办理"          # a pre-decision deadline due by the end of its proceeding, never done
    LAPSED = "不适用"          # (2026-12) due after its proceeding ended: never owed, never counted


def status_text(status: Status, days: int = 0) -> str:
    """The one wording of a status: 已按期 / 逾期N天完成 / 未到期（还剩N天） / 今日到期 / 已逾期N天 / 未办理 / 不适用 /
    尚未起算."""
    if status is Status.LATE:
        return f"逾期{days}天完成"
    if status is Status.OPEN:
        return "今日到期" if days == 0 else f"未到期（还剩{days}天）"
    if status is Status.OVERDUE:
        return f"已逾期{days}天"
    return status.value


def deadline_status(due: dt.date | None, done: dt.date | None, today: dt.date,
                    ended_on: dt.date | None = None, pre_decision: bool = False) -> tuple[Status, int]:
    """Status of one deadline and its day count (rules.md §3). ``ended_on``: the end date of its proceeding
    when the proceeding has ended (``dt.date.max`` when it ended on a date not recorded)."""
    if due is None:
        return Status.NOT_STARTED, 0
    if done is not None:
        return (Status.MET, 0) if done <= due else (Status.LATE, (done - due).days)
    if ended_on is not None and pre_decision:
        if due > ended_on:
            return Status.LAPSED, 0
        return Status.MISSED, max(0, (today - due).days)
    if today <= due:
        return Status.OPEN, (due - today).days
    return Status.OVERDUE, (today - due).days


def stored_status(due: dt.date | None, done: dt.date | None, missed: bool, lapsed: bool,
                  today: dt.date) -> tuple[Status, int]:
    """The same status read back from a stored deadline (refresh_deadlines stores missed and lapsed)."""
    if done is None and lapsed:
        return Status.LAPSED, 0
    if done is None and missed and due is not None:
        return Status.MISSED, max(0, (today - due).days)
    return deadline_status(due, done, today)
