"""Normalising text read from court papers so that one set of patterns matches DOCX, PDF and OCR alike."""
from __future__ import annotations

import re
import unicodedata

_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "О": 0, "一": 1, "二": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = "〇○零OoО一二三四五六七八九十"
# 二〇二五年四月二十二日 (the year digit by digit, month and day with 十)
# OCR of a date under a seal: 日 read as 曰/目 or lost at the end of the line
_CN_DATE = re.compile(rf"([{_NUM[:-1]}]{{4}})\n?年\n?([{_NUM}]{{1,3}})\n?月\n?([{_NUM}]{{1,3}})"
                      r"(?:日|[曰目](?=\n|$)|(?=\n|$))")
# specks OCR reads between the numerals of a sealed date ("二.〇二四年")
_NUMERAL_SPECK = re.compile(r"(?<=[〇○零一二三四五六七八九十])[.·•'`](?=[〇○零一二三四五六七八九十])")
# a wrapped table cell may break a time anywhere ("下午二\n时十五\n分")
_CN_CLOCK = re.compile(r"([上下]午|晚上|早上)?\n?([一二三四五六七八九十]{1,3})\n?([时点])"
                       r"(?:\n?([一二三四五六七八九十零〇]{1,3})\n?分|\n?(半))?")


def chinese_number(text: str) -> int | None:
    """一 … 九十九 and digit-by-digit forms (二〇二五); None when the text is not a Chinese number."""
    if not text or any(ch not in _DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        value = 0
        for ch in text:
            value = value * 10 + _DIGITS[ch]
        return value
    tens, _, units = text.partition("十")
    if "十" in units:
        return None
    return (_DIGITS.get(tens, 0) if tens else 1) * 10 + (_DIGITS.get(units, 0) if units else 0)


def _date_sub(match: re.Match) -> str:
    year = chinese_number(match[1])
    month, day = chinese_number(match[2]), chinese_number(match[3])
    if year is None or month is None or day is None:
        return match[0]
    return f"{year}年{month}月{day}日"


def _clock_sub(match: re.Match) -> str:
    hour = chinese_number(match[2])
    minute = 30 if match[5] else (chinese_number(match[4]) if match[4] else None)
    # "三点意见" is not a time: 点 counts only after 上午/下午
    if hour is None or hour > 24 or (match[3] == "点" and not match[1]):
        return match[0]
    text = f"{match[1] or ''}{hour}时"
    return text + (f"{minute}分" if minute else "")


_SPACE = re.compile(r"[ \t\u3000\xa0]+")
_ASCII_WORD = re.compile(r"[A-Za-z]")


def _squeeze(line: str) -> str:
    """Drop spaces between characters ("行 政 判 决 书", "浙 0225 行初 12 号"), keeping those between two
    Latin words."""
    parts = _SPACE.split(line.strip())
    out = parts[0] if parts else ""
    for part in parts[1:]:
        if out and part and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(part[0]):
            out += " "
        out += part
    return out


def normalise(text: str) -> str:
    """Half-width letters, digits and punctuation (NFKC), Chinese brackets and colons unified, spaces inside
    lines removed, empty lines dropped, Chinese-numeral dates and clock times written with digits."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    # NFKC turns （）：， into ASCII; the patterns are written against these forms
    text = text.replace("〔", "(").replace("〕", ")").replace("【", "(").replace("】", ")")
    text = text.replace("﹝", "(").replace("﹞", ")")
    lines = [_squeeze(line) for line in text.split("\n")]
    text = "\n".join(line for line in lines if line)
    text = _NUMERAL_SPECK.sub("", text)
    text = _CN_DATE.sub(_date_sub, text)
    text = re.sub(r"(\d{4}年\d{1,2}月\d{1,2}日)", lambda m: m[1], text)
    text = _CN_CLOCK.sub(_clock_sub, text)
    return text


class Flat:
    """The normalised text with its line breaks taken out, so a phrase broken across lines still matches;
    ``span`` maps a match back to the normalised text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._index: list[int] = []
        chars = []
        for pos, ch in enumerate(text):
            if ch == "\n":
                continue
            chars.append(ch)
            self._index.append(pos)
        self.flat = "".join(chars)

    def span(self, start: int, end: int) -> tuple[int, int]:
        if start >= len(self._index):
            return len(self.text), len(self.text)
        return self._index[start], self._index[end - 1] + 1 if end > start else self._index[start]
