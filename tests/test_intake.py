"""Intake of court papers (issue #23): reading, normalising, type from the title, fields with their spans, the
`intake` command, for every document type as DOCX and as PDF (and as a noisy scan when the OCR extra is installed)."""
import datetime as dt
import json
import os
import shutil
import subprocess
import sys

import pytest

from tests import intake_docs as gen
from xiangshan_desk.application.intake import FIELD_NAMES, UnreadableFile, extract, ocr_available, recognise
from xiangshan_desk.application.intake.normalise import chinese_number, normalise

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JSON_KEYS = ["document_type", "case_number", "court", "plaintiffs", "defendants", "cause", "issued", "hearing_at",
             "hearing_place", "answer_days", "original_case_number", "decision", "text_source"]
SEEDS = (0, 1, 2)


def _mismatches(got: dict, expected: dict) -> dict:
    return {k: (got[k], expected[k]) for k in expected if got[k] != expected[k]}


# -- normalising -----------------------------------------------------------------------------------

def test_normalise_widths_letter_spacing_and_chinese_dates():
    text = normalise("行 政 判 决 书\n（２０２５）浙 0225 行初 12 号\n二〇二五年四月二十二日\n二○二四年十二月三十一日")
    assert text.split("\n") == ["行政判决书", "(2025)浙0225行初12号", "2025年4月22日", "2024年12月31日"]
    assert normalise("下午二时三十分") == "下午2时30分"
    assert normalise("上午九点半") == "上午9时30分"
    assert normalise("提出三点意见") == "提出三点意见"
    # what OCR makes of a date under a seal
    assert normalise("象山县人民法院\n二.〇二四年十一月四日\n二〇二六年十二月十五曰") == \
        "象山县人民法院\n2024年11月4日\n2026年12月15日"
    assert normalise("一、二、三") == "一、二、三"
    assert normalise("应到时间2024年11月26日下午二\n时十五\n分\n应到处所") == "应到时间2024年11月26日下午2时15分\n应到处所"
    assert normalise("二〇二四年十一\n月二十六日") == "2024年11月26日"
    assert normalise("Li Ming 诉") == "Li Ming诉"
    assert [chinese_number(t) for t in ("十五", "二十二", "十", "三十一", "二〇二五", "x")] == [15, 22, 10, 31, 2025, None]


def test_phrases_broken_across_lines_still_match():
    result = recognise("象山县人民法院\n应诉通知书\n（2025）浙0225\n行初7号\n象山县市场监督管理局：\n本院已受理原告张三诉"
                       "你单位行政\n处罚一案。你单位应当在收到起诉状副本之日起十\n五日内提交答辩状。\n2025年3月3日")
    assert result.value("case_number") == "（2025）浙0225行初7号"
    assert result.value("cause") == "行政处罚"
    assert result.value("answer_days") == 15


# -- the type comes from the title line only -------------------------------------------------------

@pytest.mark.parametrize("title, kind", [
    ("行 政 判 决 书", "判决书"), ("行政裁定书", "裁定书"), ("应 诉 通 知 书", "应诉通知书"), ("传　票", "开庭传票"),
    ("开庭传票", "开庭传票"), ("行政起诉状", "起诉状"), ("行政上诉状", "上诉状"), ("行政调解书", "调解书"),
    ("司法建议书", "司法建议书"), ("举证通知书", "举证通知书"), ("送达回证", "其他")])
def test_type_from_title(title, kind):
    assert recognise(f"象山县人民法院\n{title}\n（2025）浙0225行初1号\n正文。").document_type == kind


def test_a_judgment_mentioning_the_notice_in_its_body_is_a_judgment():
    text = ("浙江省象山县人民法院\n行政判决书\n（2025）浙0225行初3号\n原告李四，男。\n被告象山县交通运输局。\n"
            "原告李四诉被告象山县交通运输局行政处罚一案，本院向被告送达了起诉状副本及应诉通知书、举证通知书、开庭传票。\n"
            "判决如下：\n驳回原告李四的诉讼请求。\n二〇二五年六月一日")
    result = recognise(text)
    assert result.document_type == "判决书"
    assert result.value("decision") == "驳回诉讼请求"
    assert result.value("court") == "象山县人民法院"


def test_no_title_is_other_and_fields_not_found_are_none():
    result = recognise("会议纪要\n今天讨论了工作。")
    assert result.as_json() == {key: None for key in JSON_KEYS} | {"document_type": "其他", "text_source": "text"}


def test_each_field_keeps_its_source_span():
    doc = gen.generate("判决书", 4)
    path = gen.to_docx(doc, __import__("pathlib").Path(os.environ.get("TMPDIR", "/tmp")) / "span.docx")
    result = extract(path)
    number = result.fields["case_number"]
    assert result.text[number.start:number.end].replace("(", "（").replace(")", "）") == number.value
    issued = result.fields["issued"]
    assert result.text[issued.start:issued.end] == f"{issued.value.year}年{issued.value.month}月{issued.value.day}日"
    decision = result.fields["decision"]
    assert decision.start > result.text.index("如下")
    for name in FIELD_NAMES:
        found = result.fields[name]
        if found is not None:
            assert 0 <= found.start < found.end <= len(result.text), name


@pytest.mark.parametrize("operative, level, outcome", [
    ("驳回上诉，维持原判。", "行终", "维持原判"),
    ("一、撤销象山县人民法院（2025）浙0225行初5号行政判决；二、本案发回象山县人民法院重审。", "行终", "发回重审"),
    ("本案按上诉人张三撤回上诉处理。", "行终", "撤回上诉"),
    ("一、撤销象山县人民法院（2025）浙0225行初5号行政判决；二、确认被告作出的决定违法。", "行终", "确认违法"),
    ("确认被告象山县某局作出的决定违法，但不撤销该决定。", "行初", "确认违法但不撤销"),
    ("本案按原告张三撤诉处理。", "行初", "按撤诉处理"),
    ("准许原告张三撤回起诉。", "行初", "撤诉"),
    ("驳回原告张三的起诉。", "行初", "驳回起诉"),
    ("责令被告于本判决生效之日起六十日内对原告的申请作出处理。", "行初", "责令履行法定职责"),
])
def test_outcome_from_the_operative_part(operative, level, outcome):
    court = "宁波市中级人民法院" if level == "行终" else "象山县人民法院"
    text = f"{court}\n行政判决书\n（2025）浙02{'' if level == '行终' else '25'}{level}9号\n判决如下：\n{operative}\n2025年8月1日"
    assert recognise(text).value("decision") == outcome


# -- every type from DOCX and PDF ------------------------------------------------------------------

@pytest.mark.parametrize("kind", gen.KINDS)
def test_every_type_from_docx(kind, tmp_path):
    for seed in SEEDS:
        doc = gen.generate(kind, seed)
        got = extract(gen.to_docx(doc, tmp_path / f"{seed}.docx")).as_json()
        assert list(got) == JSON_KEYS
        assert _mismatches(got, gen.expected_json(doc)) == {}, (kind, seed)


@pytest.fixture(scope="module")
def pdf_documents(tmp_path_factory):
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    folder = tmp_path_factory.mktemp("pdf")
    docs = [gen.generate(kind, seed) for kind in gen.KINDS for seed in SEEDS[:2]]
    docx_paths = [gen.to_docx(doc, folder / f"{i}.docx") for i, doc in enumerate(docs)]
    return list(zip(docs, gen.to_pdf(docx_paths, folder)))


def test_every_type_from_pdf(pdf_documents):
    kinds = set()
    for doc, path in pdf_documents:
        got = extract(path).as_json()
        assert _mismatches(got, gen.expected_json(doc)) == {}, (doc.kind, path)
        kinds.add(got["document_type"])
    assert kinds == set(gen.KINDS)


def test_text_document_is_extracted_within_a_fifth_of_a_second(tmp_path, pdf_documents):
    import time
    doc = gen.generate("判决书", 1)
    docx_path = gen.to_docx(doc, tmp_path / "j.docx")
    pdf_path = pdf_documents[10][1]
    extract(docx_path)
    for path in (docx_path, pdf_path):
        start = time.perf_counter()
        extract(path)
        assert time.perf_counter() - start <= 0.2, path


def test_generator_varies_its_documents():
    judgments = [gen.generate("判决书", seed) for seed in range(30)]
    titles = {block[1] for doc in judgments for block in doc.blocks if block[0] == "title"}
    assert "行 政 判 决 书" in titles and "行政判决书" in titles
    assert any(block[0] == "table" for doc in judgments for block in doc.blocks)      # two-column headers
    assert len({doc.expected["decision"] for doc in judgments}) >= 6
    assert len({doc.expected["court"] for doc in judgments}) == 2                     # first and second instance
    summons = [gen.generate("开庭传票", seed) for seed in range(10)]
    assert {any(b[0] == "table" for b in doc.blocks) for doc in summons} == {True, False}


# -- images (the OCR extra) ------------------------------------------------------------------------

@pytest.mark.skipif(not ocr_available(), reason='OCR extra not installed (pip install -e ".[ocr]")')
@pytest.mark.parametrize("kind", ["开庭传票", "判决书"])
def test_noisy_scan_with_a_red_seal_over_the_date_is_read(kind, tmp_path):
    doc = gen.generate(kind, 2)
    got = extract(gen.to_image(doc, tmp_path / "scan.jpg", seed=2)).as_json()
    assert got["text_source"] == "ocr"
    expected = gen.expected_json(doc, "ocr")
    wrong = _mismatches(got, expected)
    assert got["document_type"] == kind and got["case_number"] == expected["case_number"]
    assert got["issued"] == expected["issued"]            # read through the seal
    assert len(wrong) <= 1, wrong


def test_image_without_the_ocr_extra_is_refused_with_what_to_install(tmp_path, monkeypatch):
    from xiangshan_desk.application.intake import reading
    monkeypatch.setattr(reading, "ocr_available", lambda: False)
    path = tmp_path / "scan.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(UnreadableFile, match=r'pip install -e "\.\[ocr\]"'):
        extract(path)


# -- refusals and the command line -----------------------------------------------------------------

def test_damaged_or_unknown_files_are_refused(tmp_path):
    damaged = tmp_path / "坏.docx"
    damaged.write_bytes(b"not a zip")
    with pytest.raises(UnreadableFile, match="无法读取"):
        extract(damaged)
    other = tmp_path / "a.xls"
    other.write_bytes(b"x")
    with pytest.raises(UnreadableFile, match="不支持"):
        extract(other)
    with pytest.raises(UnreadableFile, match="找不到"):
        extract(tmp_path / "none.pdf")
    import zipfile
    bomb = tmp_path / "大.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (210 * 1024 * 1024))
    with pytest.raises(UnreadableFile, match="解压后超过"):
        extract(bomb)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "xiangshan_desk", "intake", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, env=os.environ.copy(), timeout=120)


def test_cli_json_has_exactly_the_listed_keys(tmp_path):
    doc = gen.generate("开庭传票", 3)
    path = gen.to_docx(doc, tmp_path / "传票.docx")
    result = run_cli(path, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == JSON_KEYS
    assert data == gen.expected_json(doc)
    assert dt.datetime.strptime(data["hearing_at"], "%Y-%m-%dT%H:%M")
    plain = run_cli(path)
    assert plain.returncode == 0 and "案号：" in plain.stdout and "开庭时间：" in plain.stdout


def test_cli_refuses_unreadable_files_with_exit_2(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF-broken")
    result = run_cli(bad, "--json")
    assert result.returncode == 2
    assert "无法读取" in result.stderr and result.stdout == ""


@pytest.mark.skipif(not ocr_available(), reason='OCR extra not installed (pip install -e ".[ocr]")')
def test_scanned_pdf_without_a_text_layer_is_rendered_and_read(tmp_path):
    from PIL import Image
    doc = gen.generate("应诉通知书", 4)
    image = gen.to_image(doc, tmp_path / "scan.jpg", seed=4)
    pdf = tmp_path / "扫描件.pdf"
    Image.open(image).save(pdf, "PDF", resolution=150)
    result = extract(pdf, render_pages=True)
    assert result.text_source == "ocr" and len(result.pages) == 1
    got = result.as_json()
    assert got["document_type"] == "应诉通知书"
    assert got["case_number"] == doc.expected["case_number"]
    assert got["answer_days"] == 15
