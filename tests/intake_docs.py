"""A generator of realistic court papers (Zhejiang courts' style) with the fields they carry, for the intake tests
and the accuracy benchmark: DOCX (python-docx), PDF (LibreOffice from the DOCX) and noisy scans (Pillow)."""
from __future__ import annotations

import datetime as dt
import io
import math
import random
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("应诉通知书", "举证通知书", "开庭传票", "起诉状", "上诉状", "判决书", "裁定书", "调解书", "司法建议书")

SURNAMES = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国海波宁红玉兰志飞鹏辉斌宇浩凯晨阳雪梅琳晓东春燕丹"
COMPANIES = ("象山县海盛水产有限公司", "宁波东港建材有限公司", "象山县石浦渔业专业合作社", "浙江甬象建设工程有限公司",
             "象山县丹城百货商店", "宁波海天船舶修造有限公司", "象山县新桥村股份经济合作社")
UNITS = ("象山县自然资源和规划局", "象山县市场监督管理局", "象山县人民政府", "象山县丹东街道办事处",
         "象山县石浦镇人民政府", "象山县住房和城乡建设局", "象山县人力资源和社会保障局", "象山县综合行政执法局",
         "宁波市生态环境局象山分局", "象山县交通运输局", "象山县西周镇人民政府", "象山县农业农村局")
CAUSES = ("行政处罚", "政府信息公开", "不履行法定职责", "房屋征收补偿决定", "行政强制拆除", "土地行政登记",
          "工伤认定", "行政许可", "行政协议", "责令限期拆除决定", "行政复议", "行政赔偿")
PLACES = ("本院第一法庭", "本院第三法庭", "象山县人民法院第二审判庭", "本院石浦人民法庭", "宁波市中级人民法院第十五法庭",
          "本院西周人民法庭", "本院第五法庭")
COURT_CODES = {"象山县人民法院": "浙0225", "宁波市中级人民法院": "浙02", "宁海县人民法院": "浙0226"}
_CN = "〇一二三四五六七八九"


def cn_date(day: dt.date) -> str:
    """二〇二五年四月二十二日, as courts print the date under a signature."""
    def small(n: int) -> str:
        if n < 10:
            return _CN[n]
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[units] if units else "")
    return "".join(_CN[int(c)] for c in str(day.year)) + f"年{small(day.month)}月{small(day.day)}日"


def _cn_small(n: int) -> str:
    if n < 10:
        return _CN[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[units] if units else "")


def cn_number(n: int) -> str:
    return {15: "十五", 10: "十", 7: "七", 5: "五"}.get(n, str(n))


@dataclass
class Doc:
    kind: str
    expected: dict
    blocks: list = field(default_factory=list)     # (style, content): title/center/right/para/table/date

    def add(self, style: str, content) -> None:
        self.blocks.append((style, content))


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _plaintiffs(rng: random.Random) -> list[str]:
    count = rng.choice((1, 1, 1, 2, 3))
    names = []
    while len(names) < count:
        name = rng.choice(COMPANIES) if rng.random() < 0.2 else _person(rng)
        if name not in names:
            names.append(name)
    return names


def _spaced(title: str, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.4:
        return " ".join(title)
    if style < 0.6:
        return "  ".join(title)
    if style < 0.7:
        return "\u3000".join(title)
    return title


def _date_text(day: dt.date, rng: random.Random, court: bool = True) -> str:
    return cn_date(day) if court and rng.random() < 0.75 else f"{day.year}年{day.month}月{day.day}日"


def _spaced_number(number: str, rng: random.Random) -> str:
    if rng.random() < 0.3:      # as scanned forms and some PDFs print it: （2025）浙 0225 行初 12 号
        import re
        return re.sub(r"(\d+)", r" \1 ", number).replace("( ", "(").strip()
    if rng.random() < 0.3:
        return number.replace("（", "(").replace("）", ")")
    return number


def _party_lines(rng: random.Random, role: str, names: list[str]) -> list[str]:
    lines = []
    for name in names:
        if "公司" in name or "合作社" in name or "商店" in name:
            lines.append(f"{role}{name}，住所地浙江省象山县{rng.choice(('丹东街道', '石浦镇', '西周镇'))}"
                         f"{rng.choice(('天安路', '建设路', '东谷路'))}{rng.randint(1, 300)}号。")
            lines.append(f"法定代表人{_person(rng)}，该公司{rng.choice(('董事长', '总经理', '执行董事'))}。")
        else:
            gender = rng.choice("男女")
            birth = dt.date(rng.randint(1950, 1995), rng.randint(1, 12), rng.randint(1, 28))
            sep = "：" if rng.random() < 0.15 else ""
            lines.append(f"{role}{sep}{name}，{gender}，{birth.year}年{birth.month}月{birth.day}日出生，汉族，"
                         f"住浙江省象山县{rng.choice(('丹东街道', '爵溪街道', '石浦镇', '贤庠镇', '定塘镇'))}"
                         f"{rng.choice(('丹河', '新丰', '东门', '昌国'))}村{rng.randint(1, 99)}号。")
    return lines


def _defendant_lines(rng: random.Random, role: str, units: list[str]) -> list[str]:
    lines = []
    for unit in units:
        lines.append(f"{role}{unit}，住所地浙江省象山县{rng.choice(('丹东街道', '丹西街道'))}"
                     f"{rng.choice(('靖南大街', '象山港路', '天安路'))}{rng.randint(1, 500)}号。")
        lines.append(f"{rng.choice(('法定代表人', '负责人'))}{_person(rng)}，{rng.choice(('局长', '镇长', '主任', '县长'))}。")
        if rng.random() < 0.5:
            lines.append(f"委托代理人{_person(rng)}，浙江{rng.choice(('海港', '象山', '甬泰'))}律师事务所律师。")
    return lines


JUDGMENT_OUTCOMES = {
    "撤销": "撤销被告{d}于{x}作出的象{a}罚〔{y}〕{n}号行政处罚决定。",
    "部分撤销": "撤销被告{d}于{x}作出的象{a}决〔{y}〕{n}号决定中第二项。",
    "确认违法": "确认被告{d}于{x}强制拆除原告{p}房屋的行为违法。",
    "确认违法但不撤销": "确认被告{d}作出的象{a}〔{y}〕{n}号决定违法，但不撤销该决定。",
    "确认无效": "确认被告{d}于{x}作出的象{a}〔{y}〕{n}号决定无效。",
    "责令履行法定职责": "责令被告{d}于本判决生效之日起六十日内对原告{p}的申请作出处理。",
    "驳回诉讼请求": "驳回原告{p}的诉讼请求。",
    "行政赔偿": "被告{d}于本判决生效之日起三十日内赔偿原告{p}经济损失人民币{m}元。",
    "变更": "变更被告{d}作出的象{a}罚〔{y}〕{n}号行政处罚决定中的罚款数额为{m}元。",
}
RULING_OUTCOMES = {
    "驳回起诉": "驳回原告{p}的起诉。",
    "撤诉": "准许原告{p}撤回起诉。",
    "按撤诉处理": "本案按原告{p}撤诉处理。",
    "终结诉讼": "本案终结诉讼。",
}
APPEAL_OUTCOMES = {
    "维持原判": "驳回上诉，维持原判。",
    "发回重审": "一、撤销{o}行政判决；\n二、本案发回{c}重审。",
    "撤回上诉": "准许上诉人{p}撤回上诉。双方当事人均按原审判决执行。",
    "撤销": "一、撤销{o}行政判决；\n二、撤销被告{d}于{x}作出的象{a}罚〔{y}〕{n}号行政处罚决定。",
}
APPEAL_RULING_OUTCOMES = {
    "撤回上诉": "本案按上诉人{p}撤回上诉处理。",
    "发回重审": "一、撤销{o}行政裁定；\n二、本案指令{c}重审。",
}


def generate(kind: str, seed: int) -> Doc:
    rng = random.Random(f"{kind}-{seed}")
    year = rng.choice((2024, 2025, 2026))
    plaintiffs = _plaintiffs(rng)
    defendants = [rng.choice(UNITS)]
    if rng.random() < 0.15:
        defendants.append("象山县人民政府" if defendants[0] != "象山县人民政府" else "宁波市人民政府")
    cause = rng.choice(CAUSES)
    issued = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    court = "象山县人民法院"
    code = "浙0225"
    appellate = kind in ("上诉状",) or (kind in ("判决书", "裁定书") and rng.random() < 0.35)
    first_number = f"（{year - (1 if appellate and rng.random() < 0.5 else 0)}）浙0225行初{rng.randint(1, 260)}号"
    if appellate:
        court, code = "宁波市中级人民法院", "浙02"
        number = f"（{year}）浙02行终{rng.randint(1, 900)}号"
    elif rng.random() < 0.1:
        number = f"（{year}）浙0225行赔初{rng.randint(1, 30)}号"
    else:
        number = first_number
    expected = {"document_type": kind, "case_number": None, "court": court, "plaintiffs": plaintiffs,
                "defendants": defendants, "cause": cause, "issued": issued.isoformat(), "hearing_at": None,
                "hearing_place": None, "answer_days": None, "original_case_number": None, "decision": None}
    doc = Doc(kind, expected)
    court_header = ("浙江省" + court) if rng.random() < 0.4 else court
    two_column = rng.random() < 0.35
    maker = globals()["_" + {"应诉通知书": "notice", "举证通知书": "evidence", "开庭传票": "summons", "起诉状": "complaint",
                             "上诉状": "appeal", "判决书": "judgment", "裁定书": "ruling", "调解书": "mediation",
                             "司法建议书": "suggestion"}[kind]]
    maker(doc, rng, locals())
    return doc


def _header(doc: Doc, rng, court_header: str, title: str, number: str | None, two_column: bool) -> None:
    if two_column and number:
        doc.add("title", _spaced(court_header, rng))
        doc.add("title", _spaced(title, rng))
        doc.add("table", [[f"{rng.choice(('', '送达日期：'))}", _spaced_number(number, rng)]])
        return
    doc.add("title", _spaced(court_header, rng))
    doc.add("title", _spaced(title, rng))
    if number:
        doc.add("right", _spaced_number(number, rng))


def _sign(doc: Doc, rng, issued: dt.date, name: str | None = None, court: bool = True) -> None:
    if name:
        doc.add("right", name)
    doc.add("date", _date_text(issued, rng, court))


def _notice(doc: Doc, rng, v: dict) -> None:
    doc.expected.update(case_number=v["number"], answer_days=15)
    _header(doc, rng, v["court_header"], "应诉通知书", v["number"], v["two_column"])
    unit = v["defendants"][0]
    doc.expected["defendants"] = [unit]
    doc.add("para", f"{unit}：")
    names = "、".join(v["plaintiffs"])
    wording = rng.choice((
        "本院已受理原告{p}诉你单位{c}一案，现将起诉状副本一份发送给你单位。",
        "原告{p}诉你单位{c}一案，本院已依法立案。现将起诉状副本及相关材料送达你单位。",
        "本院于近日受理了原告{p}诉你单位{c}一案。你单位作为本案被告，现将起诉状副本一份随本通知送达。",
    ))
    doc.add("para", wording.format(p=names, c=v["cause"]))
    days = rng.choice(("十五", "15"))
    doc.add("para", f"依照《中华人民共和国行政诉讼法》第六十七条的规定，你单位应当在收到起诉状副本之日起{days}日内"
                    "向本院提交作出行政行为的证据和所依据的规范性文件，并提出答辩状。")
    doc.add("para", "被告不提供或者无正当理由逾期提供证据的，视为没有相应证据。")
    if rng.random() < 0.5:
        doc.add("para", "联系人：" + _person(rng) + "，联系电话：0574-6" + str(rng.randint(5000000, 5999999)))
    _sign(doc, rng, v["issued"], v["court"])


def _evidence(doc: Doc, rng, v: dict) -> None:
    doc.expected.update(case_number=v["number"], answer_days=15)
    _header(doc, rng, v["court_header"], "举证通知书", v["number"], v["two_column"])
    unit = v["defendants"][0]
    doc.expected["defendants"] = [unit]
    doc.add("para", f"{unit}：")
    doc.add("para", f"本院受理原告{'、'.join(v['plaintiffs'])}诉你单位{v['cause']}一案，依照《中华人民共和国行政诉讼法》"
                    "第三十四条、第六十七条及《最高人民法院关于行政诉讼证据若干问题的规定》，现将有关举证事项通知如下：")
    doc.add("para", "一、被告应当在收到起诉状副本之日起15日内，提供据以作出被诉行政行为的全部证据和所依据的规范性文件。")
    doc.add("para", "二、证据应当分类编号，对证据的来源、证明对象和内容作简要说明，签名或者盖章，注明提交日期。")
    if rng.random() < 0.5:
        hearing = dt.datetime.combine(v["issued"] + dt.timedelta(days=rng.randint(20, 50)),
                                      dt.time(rng.choice((9, 9, 14, 15)), rng.choice((0, 30))))
        place = rng.choice(PLACES)
        doc.expected.update(hearing_at=hearing.strftime("%Y-%m-%dT%H:%M"), hearing_place=place)
        half = "上午" if hearing.hour < 12 else "下午"
        hour = hearing.hour if hearing.hour < 12 else hearing.hour - 12
        minute = f"{hearing.minute}分" if hearing.minute else ""
        doc.add("para", f"三、本院定于{hearing.year}年{hearing.month}月{hearing.day}日{half}{hour}时{minute}在{place}"
                        "公开开庭审理本案，交换证据。")
    _sign(doc, rng, v["issued"], v["court"])


def _summons(doc: Doc, rng, v: dict) -> None:
    doc.expected.update(case_number=v["number"])
    unit = v["defendants"][0]
    doc.expected["defendants"] = [unit]
    doc.expected["plaintiffs"] = None
    hearing = dt.datetime.combine(v["issued"] + dt.timedelta(days=rng.randint(10, 40)),
                                  dt.time(rng.choice((8, 9, 9, 10, 14, 14, 15)), rng.choice((0, 0, 30, 15))))
    place = rng.choice(PLACES)
    doc.expected.update(hearing_at=hearing.strftime("%Y-%m-%dT%H:%M"), hearing_place=place)
    doc.add("title", _spaced(v["court_header"], rng))
    doc.add("title", _spaced(rng.choice(("传票", "开庭传票")), rng))
    style = rng.random()
    if style < 0.2:     # the whole time in Chinese numerals, as some courts' forms print it
        half = "上午" if hearing.hour < 12 else "下午"
        hour = hearing.hour if hearing.hour < 12 else hearing.hour - 12
        when = cn_date(hearing.date()) + f"{half}{_cn_small(hour)}时" + (
            "半" if hearing.minute == 30 and rng.random() < 0.5 else
            (f"{_cn_small(hearing.minute)}分" if hearing.minute else ""))
    elif style < 0.5:
        when = f"{hearing.year}年{hearing.month}月{hearing.day}日{hearing.hour:02d}:{hearing.minute:02d}"
    else:
        half = "上午" if hearing.hour < 12 else "下午"
        hour = hearing.hour if hearing.hour < 12 else hearing.hour - 12
        when = f"{hearing.year}年{hearing.month}月{hearing.day}日{half}{hour}时" + (f"{hearing.minute}分" if hearing.minute else "")
    rows = [["案号", _spaced_number(v["number"], rng)], ["案由", v["cause"]], ["被传唤人", unit],
            ["工作单位或地址", "浙江省象山县丹东街道"], ["传唤事由", "开庭"], ["应到时间", when], ["应到处所", place]]
    if rng.random() < 0.5:
        doc.add("table", rows)
    else:
        for label, value in rows:
            doc.add("para", f"{label}：{value}")
    doc.add("para", "注意事项：一、被传唤人必须准时到达应到处所。二、本传票由被传唤人携带来院报到。"
                    "三、被传唤人收到传票后，应在送达回证上签名或者盖章。")
    _sign(doc, rng, v["issued"], v["court"])


def _complaint(doc: Doc, rng, v: dict) -> None:
    doc.expected.update(cause=None)
    doc.add("title", _spaced(rng.choice(("行政起诉状", "起诉状")), rng))
    for line in _party_lines(rng, "原告", v["plaintiffs"]):
        doc.add("para", line)
    for line in _defendant_lines(rng, "被告", v["defendants"]):
        doc.add("para", line)
    doc.add("para", "诉讼请求：")
    doc.add("para", f"一、依法撤销被告{v['defendants'][0]}作出的行政行为；二、本案诉讼费用由被告承担。")
    doc.add("para", "事实与理由：")
    doc.add("para", "原告认为，被告作出的行政行为认定事实不清，证据不足，适用法律错误，程序违法，"
                    "严重侵害了原告的合法权益。为维护原告的合法权益，特依法向贵院提起行政诉讼，望判如所请。")
    doc.add("para", "此致")
    doc.add("para", v["court"])
    doc.add("right", "具状人：" + "、".join(v["plaintiffs"]))
    doc.add("date", _date_text(v["issued"], rng, court=False))


def _appeal(doc: Doc, rng, v: dict) -> None:
    doc.expected.update(original_case_number=v["first_number"])
    doc.add("title", _spaced("行政上诉状", rng))
    for line in _party_lines(rng, "上诉人（原审原告）", v["plaintiffs"]):
        doc.add("para", line)
    for line in _defendant_lines(rng, "被上诉人（原审被告）", v["defendants"]):
        doc.add("para", line)
    doc.add("para", f"上诉人因{v['cause']}一案，不服象山县人民法院{v['first_number']}行政判决，现提出上诉。")
    doc.add("para", "上诉请求：一、撤销原审判决，依法改判支持上诉人的全部诉讼请求；二、一、二审诉讼费用由被上诉人承担。")
    doc.add("para", "上诉理由：原审判决认定事实错误，适用法律不当，依法应予撤销。")
    doc.add("para", "此致")
    doc.add("para", v["court"])
    doc.add("right", "上诉人：" + "、".join(v["plaintiffs"]))
    doc.add("date", _date_text(v["issued"], rng, court=False))


def _decision_doc(doc: Doc, rng, v: dict, title: str, outcomes: dict, verb: str) -> None:
    appellate = v["appellate"]
    doc.expected.update(case_number=v["number"])
    _header(doc, rng, v["court_header"], title, v["number"], v["two_column"])
    if appellate:
        doc.expected["original_case_number"] = v["first_number"]
        for line in _party_lines(rng, "上诉人（原审原告）", v["plaintiffs"]):
            doc.add("para", line)
        for line in _defendant_lines(rng, "被上诉人（原审被告）", v["defendants"]):
            doc.add("para", line)
        doc.add("para", f"上诉人{'、'.join(v['plaintiffs'])}因{v['cause']}一案，不服象山县人民法院"
                        f"{v['first_number']}行政{verb}，向本院提起上诉。本院依法组成合议庭审理了本案。")
    else:
        for line in _party_lines(rng, "原告", v["plaintiffs"]):
            doc.add("para", line)
        for line in _defendant_lines(rng, "被告", v["defendants"]):
            doc.add("para", line)
        doc.add("para", f"原告{'、'.join(v['plaintiffs'])}诉被告{'、'.join(v['defendants'])}{v['cause']}一案，"
                        f"本院于{v['year']}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日立案后，于法定期限内向被告送达了"
                        "起诉状副本及应诉通知书。本院依法组成合议庭，公开开庭审理了本案。")
        doc.add("para", "原告诉称：被告作出的行政行为缺乏事实和法律依据，请求依法判决。")
        doc.add("para", "被告辩称：被诉行政行为认定事实清楚，适用法律正确，程序合法，请求驳回原告的诉讼请求。")
    doc.add("para", "本院认为：" + rng.choice((
        "被诉行政行为认定事实的主要证据是否充分，适用法律、法规是否正确，是本案的争议焦点。",
        "根据《中华人民共和国行政诉讼法》第六十九条、第七十条的规定，结合本案事实，评判如下。")))
    outcome = rng.choice(list(outcomes))
    doc.expected["decision"] = outcome
    doc.add("para", f"依照《中华人民共和国行政诉讼法》第{rng.choice(('六十九', '七十', '八十九', '六十二'))}条之规定，{verb}如下：")
    text = outcomes[outcome].format(d=v["defendants"][0], p="、".join(v["plaintiffs"]), o=v["first_number"],
                                    c="象山县人民法院", x=f"{v['year'] - 1}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                                    a=rng.choice(("自然资规", "市监", "综执", "住建")), y=v["year"] - 1,
                                    n=rng.randint(1, 300), m=rng.randint(1000, 90000))
    for line in text.split("\n"):
        doc.add("para", line)
    doc.add("para", f"案件受理费50元，由{rng.choice(('原告', '被告', '上诉人'))}负担。")
    if appellate:
        doc.add("para", f"本{verb}为终审{verb}。")
    else:
        doc.add("para", f"如不服本{verb}，可在{verb}书送达之日起{rng.choice(('十五', '十'))}日内向本院递交上诉状，"
                        "上诉于浙江省宁波市中级人民法院。")
    doc.add("right", f"审　判　长　{_person(rng)}")
    doc.add("right", f"审　判　员　{_person(rng)}")
    doc.add("date", cn_date(v["issued"]))
    doc.add("right", f"书　记　员　{_person(rng)}")


def _judgment(doc: Doc, rng, v: dict) -> None:
    outcomes = APPEAL_OUTCOMES if v["appellate"] else JUDGMENT_OUTCOMES
    _decision_doc(doc, rng, v, "行政判决书", outcomes, "判决")


def _ruling(doc: Doc, rng, v: dict) -> None:
    outcomes = APPEAL_RULING_OUTCOMES if v["appellate"] else RULING_OUTCOMES
    _decision_doc(doc, rng, v, "行政裁定书", outcomes, "裁定")


def _mediation(doc: Doc, rng, v: dict) -> None:
    doc.expected.update(case_number=v["number"], decision="调解")
    _header(doc, rng, v["court_header"], "行政调解书", v["number"], v["two_column"])
    for line in _party_lines(rng, "原告", v["plaintiffs"]):
        doc.add("para", line)
    for line in _defendant_lines(rng, "被告", v["defendants"]):
        doc.add("para", line)
    doc.add("para", f"原告{'、'.join(v['plaintiffs'])}诉被告{'、'.join(v['defendants'])}{v['cause']}一案，本院于"
                    f"{v['year']}年{rng.randint(1, 6)}月{rng.randint(1, 28)}日立案。")
    doc.add("para", "本案在审理过程中，经本院主持调解，双方当事人自愿达成如下协议：")
    doc.add("para", f"一、被告于{rng.randint(10, 30)}日内补偿原告人民币{rng.randint(1, 90) * 1000}元；二、原告放弃其他诉讼请求。")
    doc.add("para", "上述协议，符合有关法律规定，本院予以确认。本调解书经双方当事人签收后，即具有法律效力。")
    doc.add("right", f"审判员　{_person(rng)}")
    doc.add("date", cn_date(v["issued"]))


def _suggestion(doc: Doc, rng, v: dict) -> None:
    unit = v["defendants"][0]
    doc.expected.update(case_number=v["number"], defendants=[unit])
    _header(doc, rng, v["court_header"], "司法建议书", f"（{v['year']}）{v['code']}司建{rng.randint(1, 20)}号"
            if False else None, False)
    doc.add("right", f"象法司建〔{v['year']}〕{rng.randint(1, 30)}号")
    doc.add("para", f"{unit}：")
    doc.add("para", f"本院在审理{v['number']}原告{'、'.join(v['plaintiffs'])}诉你单位{v['cause']}一案中，发现你单位在"
                    "行政执法过程中存在以下问题：一、执法程序不够规范；二、证据收集不够全面。")
    doc.add("para", "为此，本院建议：一、进一步规范行政执法程序；二、加强执法人员培训。请于收到本建议书之日起两个月内将处理情况书面回复本院。")
    _sign(doc, rng, v["issued"], v["court"])


# ---------------------------------------------------------------------------------------------
# rendering

def seal_png(text: str = "象山县人民法院", size: int = 260) -> bytes:
    from PIL import Image
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    _draw_seal(image, size // 2, size // 2, size // 2 - 6, text, 255)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _font(size: int):
    from PIL import ImageFont
    for name in ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
                 "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"):
        if Path(name).exists():
            return ImageFont.truetype(name, size)
    return ImageFont.load_default()


def _draw_seal(image, cx: int, cy: int, radius: int, text: str, alpha: int) -> None:
    from PIL import ImageDraw
    layer = image if image.mode == "RGBA" else None
    draw = ImageDraw.Draw(image, "RGBA")
    red = (220, 30, 30, alpha)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=red, width=max(4, radius // 14))
    # the star
    points = []
    for i in range(10):
        r = radius * (0.28 if i % 2 == 0 else 0.11)
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy - r * math.sin(angle)))
    draw.polygon(points, fill=red)
    font = _font(max(12, radius // 4))
    n = len(text)
    for i, ch in enumerate(text):
        angle = math.radians(210 - i * (240 / max(1, n - 1)))
        x = cx + radius * 0.72 * math.cos(angle)
        y = cy - radius * 0.72 * math.sin(angle)
        draw.text((x, y), ch, fill=red, font=font, anchor="mm")
    del layer


def to_docx(doc: Doc, path: Path) -> Path:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt, Mm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    style = document.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    style.font.size = Pt(14)
    for kind, content in doc.blocks:
        if kind == "table":
            table = document.add_table(rows=len(content), cols=len(content[0]))
            table.style = "Table Grid" if len(content) > 1 else None
            for r, row in enumerate(content):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
                    if len(content) == 1 and c == len(row) - 1:
                        table.cell(r, c).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            continue
        para = document.add_paragraph()
        run = para.add_run(content)
        if kind == "title":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.font.size = Pt(22)
            run.bold = True
        elif kind in ("right", "date"):
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            para.paragraph_format.first_line_indent = Pt(28)
        if kind == "date":
            try:
                para.add_run().add_picture(io.BytesIO(seal_png()), width=Mm(28))
            except ImportError:       # Pillow only comes with the OCR extra; the seal is decoration here
                pass
    document.save(str(path))
    return path


def to_pdf(docx_paths: list[Path], out_dir: Path) -> list[Path]:
    """Convert with LibreOffice in one run (one start-up for the whole batch)."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / ".lo-profile"
    for start in range(0, len(docx_paths), 60):
        chunk = docx_paths[start:start + 60]
        subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), *map(str, chunk)], check=True, capture_output=True, timeout=600)
    return [out_dir / (p.stem + ".pdf") for p in docx_paths]


def to_image(doc: Doc, path: Path, seed: int = 0, width: int = 1240) -> Path:
    """A noisy scan: A4 at 150 dpi, a red seal over the date, rotated 1–2°, blurred, JPEG-compressed."""
    from PIL import Image, ImageDraw, ImageFilter
    rng = random.Random(seed)
    height = int(width * 297 / 210)
    # a long judgment runs onto a second page: drawn on a tall sheet, cut to its length below
    image = Image.new("RGB", (width, height * 2), (250, 250, 246))
    draw = ImageDraw.Draw(image)
    margin = int(width * 0.12)
    y = int(height * 0.07)
    body = _font(30)
    title_font = _font(44)
    seal_at = None
    usable = width - 2 * margin

    def wrap(text: str, font) -> list[str]:
        lines, line = [], ""
        for ch in text:
            if draw.textlength(line + ch, font=font) > usable:
                lines.append(line)
                line = ch
            else:
                line += ch
        return lines + ([line] if line else [])

    for kind, content in doc.blocks:
        if kind == "table":
            for row in content:
                cells = [c for c in row if c] if len(row) == 2 and len(content) == 1 else row
                x = margin
                col = usable // max(1, len(row))
                for cell in row:
                    if cell:
                        draw.text((x + 8, y + 6), cell, fill=(20, 20, 20), font=body)
                    if len(content) > 1:
                        draw.rectangle((x, y, x + col, y + 46), outline=(60, 60, 60), width=2)
                    x += col
                del cells
                y += 52
            y += 10
            continue
        font = title_font if kind == "title" else body
        for line in wrap(content, font):
            w = draw.textlength(line, font=font)
            x = (width - w) / 2 if kind == "title" else (width - margin - w if kind in ("right", "date") else margin)
            draw.text((x, y), line, fill=(15, 15, 15), font=font)
            if kind == "date":
                seal_at = (int(x + w / 2), int(y + 18))
            y += int(font.size * 1.6)
    if seal_at:
        # seal ink over printed text multiplies: the text under it stays dark, the paper turns red
        from PIL import ImageChops
        layer = Image.new("RGB", image.size, (255, 255, 255))
        _draw_seal(layer, seal_at[0] + rng.randint(-30, 30), seal_at[1] + rng.randint(-20, 10), 120,
                   "象山县人民法院" if doc.expected.get("court") != "宁波市中级人民法院" else "宁波市中级人民法院",
                   rng.randint(170, 230))
        image = ImageChops.multiply(image, layer)
    image = image.crop((0, 0, width, max(height, y + int(height * 0.07))))
    angle = rng.uniform(1, 2) * rng.choice((-1, 1))
    image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(250, 250, 246))
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9)))
    image.save(str(path), format="JPEG", quality=rng.randint(45, 75))
    return path


def expected_json(doc: Doc, text_source: str = "text") -> dict:
    return {**doc.expected, "text_source": text_source}
