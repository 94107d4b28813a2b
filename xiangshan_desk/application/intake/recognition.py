"""Recognising a court paper: its type from the title line, then its fields, each with the text it came from."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from xiangshan_desk.domain import rules
from xiangshan_desk.application.intake.normalise import Flat, chinese_number, normalise

# Document types, as the clerk names them (issue #23); the title line decides, never the body.
NOTICE, EVIDENCE_NOTICE, SUMMONS = "应诉通知书", "举证通知书", "开庭传票"
COMPLAINT, APPEAL_PETITION = "起诉状", "上诉状"
JUDGMENT_DOC, RULING_DOC, MEDIATION_DOC = "判决书", "裁定书", "调解书"
SUGGESTION_DOC, OTHER = "司法建议书", "其他"
DOCUMENT_TYPES = (NOTICE, EVIDENCE_NOTICE, SUMMONS, COMPLAINT, APPEAL_PETITION, JUDGMENT_DOC, RULING_DOC,
                  MEDIATION_DOC, SUGGESTION_DOC, OTHER)
# title endings, the longer first (开庭传票 before 传票)
_TITLE_ENDINGS = (("司法建议书", SUGGESTION_DOC), ("应诉通知书", NOTICE), ("举证通知书", EVIDENCE_NOTICE),
                  ("开庭传票", SUMMONS), ("传票", SUMMONS), ("起诉状", COMPLAINT), ("起诉书", COMPLAINT),
                  ("上诉状", APPEAL_PETITION), ("判决书", JUDGMENT_DOC), ("裁定书", RULING_DOC),
                  ("调解书", MEDIATION_DOC))
TITLE_SEARCH_LINES = 8

FIELD_NAMES = ("case_number", "court", "plaintiffs", "defendants", "cause", "issued", "hearing_at",
               "hearing_place", "answer_days", "original_case_number", "decision")
FIELD_LABELS = {"document_type": "文书类型", "case_number": "案号", "court": "法院", "plaintiffs": "原告",
                "defendants": "被告", "cause": "案由", "issued": "文书日期", "hearing_at": "开庭时间",
                "hearing_place": "开庭地点", "answer_days": "答辩期限（日）", "original_case_number": "原审案号",
                "decision": "裁判结果"}

_CASE_NO = re.compile(r"\((\d{4})\)([" + rules.PROVINCE_CODES + r"]\d*)(" + "|".join(rules.TYPE_CODES) + r")(\d+)号")
_UNIT_ENDINGS = r"(局|政府|办事处|委员会|办公室|中心|公司|大队|支队|所|站|院|厅|委|办)$"


@dataclass(frozen=True)
class Found:
    """One extracted value and where in the normalised text it was read."""

    value: object
    start: int
    end: int

    def source(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass
class Extraction:
    document_type: str
    text: str                                   # the normalised text the spans refer to
    text_source: str                            # "text" or "ocr"
    title: Found | None = None
    fields: dict[str, Found | None] = field(default_factory=dict)
    pages: list = field(default_factory=list)   # page images (PNG bytes) when the file was rendered

    def value(self, name: str):
        found = self.fields.get(name)
        return None if found is None else found.value

    def as_json(self) -> dict:
        """The object ``intake --json`` prints: exactly the keys of issue #23, null when not found."""
        out: dict = {"document_type": self.document_type}
        for name in FIELD_NAMES:
            value = self.value(name)
            if isinstance(value, dt.datetime):
                value = value.strftime("%Y-%m-%dT%H:%M")
            elif isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        out["text_source"] = self.text_source
        return out


def document_type(text: str) -> tuple[str, Found | None]:
    """The type named by the title line: a short line near the top ending in a known title."""
    offset = 0
    for index, line in enumerate(text.split("\n")):
        if index >= TITLE_SEARCH_LINES:
            break
        bare = re.sub(r"[()（）\s]", "", line)
        if len(bare) <= 16 and not _CASE_NO.search(line):
            for ending, kind in _TITLE_ENDINGS:
                if bare.endswith(ending):
                    return kind, Found(kind, offset, offset + len(line))
        offset += len(line) + 1
    return OTHER, None


def recognise(raw_text: str, text_source: str = "text") -> Extraction:
    text = normalise(raw_text)
    kind, title = document_type(text)
    result = Extraction(kind, text, text_source, title)
    _Fields(text, kind, title).fill(result.fields)
    return result


class _Fields:
    def __init__(self, text: str, kind: str, title: Found | None) -> None:
        self.text = text
        self.kind = kind
        self.flat = Flat(text)
        self.body_start = title.end if title else 0

    # -- helpers ---------------------------------------------------------------------------------
    def _found(self, value, start: int, end: int, flat: bool = True) -> Found:
        if flat:
            start, end = self.flat.span(start, end)
        return Found(value, start, end)

    def _search(self, pattern, group: int | str = 1, start: int = 0, flags: int = 0):
        match = re.compile(pattern, flags).search(self.flat.flat, start) if isinstance(pattern, str) \
            else pattern.search(self.flat.flat, start)
        return match

    def fill(self, fields: dict) -> None:
        numbers = [(m, rules.parse_case_number(m[0]).text) for m in _CASE_NO.finditer(self.flat.flat)]
        own, original = self._case_numbers(numbers)
        fields["case_number"] = own
        fields["original_case_number"] = original
        fields["court"] = self._court()
        plaintiffs, defendants = self._parties()
        fields["plaintiffs"] = plaintiffs
        fields["defendants"] = defendants
        fields["cause"] = self._cause(defendants)
        fields["issued"] = self._issued()
        fields["hearing_at"], fields["hearing_place"] = self._hearing()
        fields["answer_days"] = self._answer_days()
        fields["decision"] = self._decision(own)

    # -- 案号 ------------------------------------------------------------------------------------
    def _case_numbers(self, numbers) -> tuple[Found | None, Found | None]:
        if not numbers:
            return None, None
        if self.kind in (COMPLAINT, APPEAL_PETITION):
            # the party writes no number of its own; an appeal names the judgment it appeals against
            if self.kind == APPEAL_PETITION:
                match, text = numbers[0]
                return None, self._found(text, match.start(), match.end())
            return None, None
        labelled = self._search(r"案号[:：]?" + _CASE_NO.pattern)
        match, text = numbers[0]
        if labelled is not None:
            match = _CASE_NO.search(self.flat.flat, labelled.start())
            text = rules.parse_case_number(match[0]).text
        own = self._found(text, match.start(), match.end())
        original = None
        level = rules.parse_case_number(text).level
        if level in (rules.LEVEL_SECOND, rules.LEVEL_RETRIAL):
            for other, other_text in numbers:
                if other_text != text and rules.parse_case_number(other_text).level != level:
                    original = self._found(other_text, other.start(), other.end())
                    break
        return own, original

    # -- 法院 ------------------------------------------------------------------------------------
    def _court(self) -> Found | None:
        court = r"((?:浙江省)?[\u4e00-\u9fff]{2,14}?(?:高级|中级)?人民法院)"
        if self.kind in (COMPLAINT, APPEAL_PETITION):
            match = self._search(r"此致" + court)
            if match:
                return self._found(_court_name(match[1]), match.start(1), match.end(1))
        offset = 0
        for line in self.text.split("\n")[:TITLE_SEARCH_LINES]:
            match = re.search(court + r"$", line) or re.match(court, line)
            if match and len(line) <= 30:
                return Found(_court_name(match[1]), offset + match.start(1), offset + match.end(1))
            offset += len(line) + 1
        match = self._search(court)
        if match:
            return self._found(_court_name(match[1]), match.start(1), match.end(1))
        return None

    # -- 当事人 ----------------------------------------------------------------------------------
    def _parties(self) -> tuple[Found | None, Found | None]:
        plaintiffs: list[tuple[str, int, int]] = []
        defendants: list[tuple[str, int, int]] = []
        offset = 0
        lines = self.text.split("\n") if self.kind not in (NOTICE, EVIDENCE_NOTICE, SUMMONS, SUGGESTION_DOC) else []
        party = re.compile(r"^(上诉人|被上诉人|原告|被告|起诉人|申请人|被申请人)(\(原审(原告|被告|第三人)\))?[:：]?"
                           r"(?!诉称|称|辩称|认为|的|提交|向|对|不服|在)([^,，。;；:：\n(（、]{2,40})(?=[,，。;；(（]|$)")
        for line in lines:
            if "一案" in line and plaintiffs and defendants:
                break
            match = party.match(line)
            if match and "诉" not in match[4] and "本院" not in match[4]:
                role, original_role = match[1], match[3]
                if original_role == "原告" or (original_role is None and role in ("原告", "起诉人", "上诉人", "申请人")):
                    target = plaintiffs
                elif original_role == "被告" or (original_role is None and role in ("被告", "被上诉人", "被申请人")):
                    target = defendants
                else:
                    target = None
                if target is not None:
                    target.append((match[4], offset + match.start(4), offset + match.end(4)))
            offset += len(line) + 1
        if not plaintiffs:
            # 应诉通知书: "本院已受理原告张三、李四诉你单位……一案"
            match = self._search(r"原告([^,，。;；:：]{2,80}?)(?:不服|诉)")
            if match:
                plaintiffs = self._split(match[1], match.start(1))
        if not defendants:
            match = self._addressee()
            if match is not None:
                defendants = [match]
        if self.kind == SUMMONS:
            found = self._labelled("被传唤人")
            if found is not None:
                defendants = [(found.value, found.start, found.end)]
        return _names(plaintiffs), _names(defendants)

    def _split(self, names: str, start: int) -> list[tuple[str, int, int]]:
        out = []
        for part in re.finditer(r"[^、]+", names):
            s, e = self.flat.span(start + part.start(), start + part.end())
            out.append((part[0], s, e))
        return out

    def _addressee(self) -> tuple[str, int, int] | None:
        """The line a notice or suggestion is addressed to: "象山县市场监督管理局："."""
        offset = 0
        for line in self.text.split("\n"):
            match = re.match(r"^([\u4e00-\u9fff（）()]{4,40}?)[:：]$", line)
            if match and offset >= self.body_start and re.search(_UNIT_ENDINGS, match[1]) \
                    and not re.search(r"人民法院$|^(此致|附|注|特此)", match[1]):
                return match[1], offset, offset + len(match[1])
            offset += len(line) + 1
        return None

    def _labelled(self, label: str) -> Found | None:
        """A form's value: "label：value" on one line, or the label alone in a cell and the value in the next."""
        lines = self.text.split("\n")
        offset = 0
        for index, line in enumerate(lines):
            match = re.match(rf"^(?:{label})[:：]?(.*)$", line)
            if match:
                if match[1].strip():
                    return Found(match[1].strip(), offset + match.start(1), offset + match.end(1))
                if index + 1 < len(lines) and lines[index + 1].strip():
                    start = offset + len(line) + 1
                    return Found(lines[index + 1].strip(), start, start + len(lines[index + 1]))
            offset += len(line) + 1
        return None

    # -- 案由 ------------------------------------------------------------------------------------
    def _cause(self, defendants: Found | None) -> Found | None:
        labelled = self._labelled("案由")
        if labelled is not None:
            return labelled
        patterns = [r"诉你(?:单位|局|府|委|办)([^,，。;；:：]{2,30}?)一案", r"(?:因|就)([^,，。;；:：因就]{2,30}?)一案"]
        if defendants:
            last = re.escape(defendants.value[-1])
            patterns.insert(1, last + r"(?:作出的)?([^,，。;；:：、]{2,30}?)一案")
        for pattern in patterns:
            match = self._search(pattern)
            if match and match[1].strip():
                cause = match[1]
                return self._found(cause, match.start(1), match.end(1))
        return None

    # -- 日期 ------------------------------------------------------------------------------------
    def _issued(self) -> Found | None:
        """The date the document was made: the last line that is a date alone (under the signature)."""
        offset = 0
        best = None
        for line in self.text.split("\n"):
            match = re.fullmatch(r"\D{0,6}?(\d{4})年(\d{1,2})月(\d{1,2})日?\D{0,6}", line)
            if match:
                day = _day(match[1], match[2], match[3])
                if day:
                    best = Found(day, offset + match.start(1), offset + match.end(3) + (line[match.end(3):][:1] == "日"))
            offset += len(line) + 1
        return best

    def _hearing(self) -> tuple[Found | None, Found | None]:
        when = (r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:\(星期.\)|星期.|周.)?([上下]午|晚上|早上)?"
                r"(?:(\d{1,2})[时点:](?:(\d{1,2})分?|(半))?)?")
        at = self._search(r"(?:应到时间|开庭时间|到庭时间|定于)[:：]?" + when)
        hearing = None
        if at and at[5]:
            hour = int(at[5]) + (12 if at[4] == "下午" and int(at[5]) < 12 else 0)
            minute = 30 if at[7] else int(at[6] or 0)
            day = _day(at[1], at[2], at[3])
            if day and hour < 24 and minute < 60:
                hearing = self._found(dt.datetime.combine(day, dt.time(hour, minute)), at.start(1), at.end())
        place_found = self._labelled("应到处所|应到地点|开庭地点")
        if place_found is None and at is not None:
            place = self._search(r"在([^,，。;；]{2,30}?)(?:公开|不公开)?(?:开庭|审理)", at.end())
            place_found = self._found(place[1], place.start(1), place.end(1)) if place else None
        return hearing, place_found

    def _answer_days(self) -> Found | None:
        match = self._search(r"(?:起诉状|上诉状)副本之日起(\d{1,2}|[一二三四五六七八九十]{1,3})日内")
        if not match:
            return None
        value = int(match[1]) if match[1].isdigit() else chinese_number(match[1])
        return self._found(value, match.start(1), match.end(1)) if value else None

    # -- 裁判结果 --------------------------------------------------------------------------------
    def _decision(self, own: Found | None) -> Found | None:
        if self.kind == MEDIATION_DOC:
            match = self._search(r"(?:达成|自愿达成)(?:如下)?(?:调解)?协议")
            start, end = (match.start(), match.end()) if match else (0, 0)
            return self._found("调解", start, end) if match else Found("调解", *self.title_span())
        if self.kind not in (JUDGMENT_DOC, RULING_DOC):
            return None
        match = self._search(r"(?:判决|裁定)如下[:：]?")
        if not match:
            return None
        start = match.end()
        part = self.flat.flat[start:start + 300]
        end_of_order = re.search(r"案件受理费|如不服|本判决为终审|本裁定为终审|审判长|审判员", part)
        part = part[:end_of_order.start()] if end_of_order else part
        level = rules.parse_case_number(own.value).level if own else None
        outcome = _outcome(part, appellate=level in (rules.LEVEL_SECOND, rules.LEVEL_RETRIAL))
        if outcome is None:
            return None
        first = re.search(r"[。;；]", part)
        return self._found(outcome, start, start + (first.end() if first else len(part)))

    def title_span(self) -> tuple[int, int]:
        return (0, 0)


def _outcome(part: str, appellate: bool) -> str | None:
    """The outcome type (rules.md §6) of an operative part ("判决如下：" …)."""
    if appellate:
        if re.search(r"驳回上诉[,，]?维持原(?:判|裁定|审判决)", part):
            return rules.UPHELD
        if re.search(r"(?:发回|指令).{0,30}(?:重审|重新审理|继续审理)", part):
            return rules.REMANDED
        if re.search(r"撤回上诉", part):
            return rules.APPEAL_WITHDRAWN
        # 改判: the first item undoes the first-instance judgment; the outcome is what follows
        part = re.sub(r"^[一1][、.]?撤销.{0,40}?(?:行初|行赔初)\d+号行政(?:判决|裁定)[;；。]?(?:[二2][、.]?)?", "", part)
    checks = (
        (r"按.{0,30}撤诉处理|按撤诉处理", "按撤诉处理"),
        (r"准许.{0,40}撤回(?:起诉|诉讼)|准予.{0,40}撤诉|准许.{0,40}撤诉", "撤诉"),
        (r"驳回.{0,40}的?起诉", "驳回起诉"),
        (r"驳回.{0,60}诉讼请求", "驳回诉讼请求"),
        (r"终结诉讼", "终结诉讼"),
        (r"确认.{0,60}无效", "确认无效"),
        (r"确认.{0,80}违法.{0,20}(?:不予撤销|不撤销|保留)", "确认违法但不撤销"),
        (r"确认.{0,80}违法", "确认违法"),
        (r"撤销.{0,80}(?:第.{1,4}项|中.{0,20}部分|部分内容)", "部分撤销"),
        (r"变更.{0,60}为", "变更"),
        (r"责令.{0,60}(?:履行|作出|答复|处理)|限.{0,40}(?:履行|作出|答复)", "责令履行法定职责"),
        (r"赔偿", "行政赔偿"),
        (r"给付|支付", "判决给付"),
        (r"撤销", "撤销"),
    )
    for pattern, outcome in checks:
        if re.search(pattern, part):
            return outcome
    return None


def _court_name(name: str) -> str:
    if name.startswith("浙江省") and re.search(r"[市县区]", name[3:]):
        return name[3:]
    return name


def _day(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _names(items: list[tuple[str, int, int]]) -> Found | None:
    if not items:
        return None
    names = tuple(dict.fromkeys(name.strip() for name, _s, _e in items if name.strip()))
    return Found(names, min(s for _n, s, _e in items), max(e for _n, _s, e in items))
