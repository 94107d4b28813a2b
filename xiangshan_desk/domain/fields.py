"""Typed input fields: converting what a clerk typed into values, with a Chinese message naming the field."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from xiangshan_desk.domain.errors import AppError

MIN_YEAR, MAX_YEAR = 1990, 2100
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
# Forms clerks write in ledgers: 2025-03-07, 2025/3/7, 2025.3.7, 2025年3月7日
_LOOSE_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$", re.ASCII)
_TRUE = {"是", "y", "yes", "true", "1", "√", "✓"}
_FALSE = {"否", "n", "no", "false", "0", ""}
# Characters that make text unreadable or unsafe in a document: control characters other than tab/newline, and
# what XML (Word, Excel) cannot carry at all (lone surrogates, U+FFFE, U+FFFF) — refused at the boundary, so that
# stored data can never make an export fail (issue #25 finding 8).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
UNWRITABLE = _CONTROL               # what an export must replace in text stored before the boundary refused it
REPLACEMENT = "\ufffd"              # “�”: visibly a character that could not be kept


def printable(text: str) -> tuple[str, int]:
    """``text`` as a document can carry it: each character the boundary refuses (control characters other than tab
    and line breaks, lone surrogates, U+FFFE, U+FFFF) replaced by “�”; and how many were replaced. A database written
    by an older version may hold such text (issue #25 finding 8)."""
    return _CONTROL.subn(REPLACEMENT, text)


# Full-width digits are what a Chinese input method types; other scripts' digits are not dates (finding 16).
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
LINE = 255                        # what a one-line text column holds on PostgreSQL (varchar(255))


@dataclass(frozen=True)
class FieldSpec:
    label: str
    kind: str                         # text / int / bool / date / choice
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int = 2_147_483_647      # what an INTEGER column holds (PostgreSQL refuses more)
    max_length: int = 4000
    default: object = None            # used when the clerk leaves the field empty
    single_line: bool = False         # a 案号, a name: no line breaks


def parse_date(value, label: str = "日期", loose: bool = True) -> dt.date | None:
    """A date from a date, or text in one of the accepted forms; None for empty. Raises AppError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        match = (_LOOSE_DATE if loose else _ISO_DATE).match(value.strip().translate(_FULL_WIDTH_DIGITS))
        if match is None:
            raise AppError(f"{label}“{value}”不是有效日期，请按 2025-03-07 的格式填写", label)
        try:
            day = dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            raise AppError(f"{label}“{value}”不是存在的日期", label) from None
    else:
        shown = value.isoformat() if isinstance(value, dt.time) else str(value)    # not "datetime.time(0, 0)"
        raise AppError(f"{label}的值“{shown}”不是日期", label)
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise AppError(f"{label}“{day:%Y-%m-%d}”超出可处理的年份范围（{MIN_YEAR}—{MAX_YEAR}）", label)
    return day


def parse_bool(value, label: str) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise AppError(f"{label}的值“{value}”应为“是”或“否”", label)


def clean_value(spec: FieldSpec, value):
    label = spec.label
    if spec.kind == "date":
        result = parse_date(value, label)
    elif spec.kind == "bool":
        result = parse_bool(value, label)
    elif spec.kind == "int":
        if value is None or (isinstance(value, str) and not value.strip()):
            result = None
        else:
            try:
                if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                    raise ValueError
                text = str(value).strip().translate(_FULL_WIDTH_DIGITS)
                if not isinstance(value, (int, float)) and not re.fullmatch(r"[+-]?[0-9]{1,12}", text):
                    raise ValueError          # 2.9, 1e309, other scripts' digits, 5,000-digit numbers
                result = int(text) if not isinstance(value, (int, float)) else int(value)
            except (ValueError, OverflowError):
                raise AppError(f"{label}的值“{value}”应为整数", label) from None
            if spec.minimum is not None and result < spec.minimum:
                raise AppError(f"{label}不能小于 {spec.minimum}（填写的是 {result}）", label)
            if result > spec.maximum:
                raise AppError(f"{label}不能大于 {spec.maximum}（填写的是 {result}）", label)
    elif spec.kind == "choice":
        result = None if value is None or str(value).strip() == "" else str(value).strip()
        if result is not None and result not in spec.choices:
            raise AppError(f"{label}的值“{value}”不在可选范围内（{'、'.join(spec.choices)}）", label)
    else:
        result = "" if value is None else str(value)
        if _CONTROL.search(result):
            raise AppError(f"{label}含有不可见的控制字符或无法保存的字符，请删除后再保存", label)
        if spec.single_line and ("\n" in result.strip() or "\r" in result.strip()):
            raise AppError(f"{label}不能换行，请写在一行内", label)
        if len(result) > spec.max_length:
            raise AppError(f"{label}过长（{len(result)} 字，最多 {spec.max_length} 字）", label)
        result = result.strip()
    if result is None and spec.default is not None:
        result = spec.default
    if spec.required and result in (None, ""):
        raise AppError(f"请填写{label}", label)
    return result


def clean_values(specs: dict[str, FieldSpec], values: dict, creating: bool = False) -> dict:
    """Convert every given value; refuse unknown names; on create, require the required fields."""
    unknown = [name for name in values if name not in specs]
    if unknown:
        raise AppError(f"无法识别的字段：{'、'.join(unknown)}")
    cleaned = {name: clean_value(specs[name], value) for name, value in values.items()}
    if creating:
        for name, spec in specs.items():
            if spec.required and cleaned.get(name) in (None, ""):
                raise AppError(f"请填写{spec.label}", spec.label)
    # Text fields default to "" in the models; None would violate NOT NULL.
    return {name: value for name, value in cleaned.items()
            if not (value is None and specs[name].kind in ("text", "bool"))}


def display(value) -> str | None:
    """A value as the audit trail and tables show it."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value)
