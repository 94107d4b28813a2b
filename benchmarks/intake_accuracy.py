"""Field accuracy of reading court papers (issue #23) over generated documents, per format and document type.

    python benchmarks/intake_accuracy.py [--per-type 12] [--formats docx pdf image] [--seed-offset 1000]

Generates the documents with tests/intake_docs.py (DOCX; PDF through LibreOffice; noisy scans with a red seal over
the date, rotated, blurred, JPEG-compressed), reads each one as `intake --json` does, and compares every field
(document_type and the eleven fields; a field the document does not carry must come out null). Writes its section
into benchmarks/results.md (the performance run keeps it). Seeds start at --seed-offset so that the measured
documents are not the ones the tests use.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import intake_docs as gen  # noqa: E402
from xiangshan_desk.application.intake import extract, ocr_available  # noqa: E402

SECTION = "## 法院文书识别准确率"
TARGETS = {"docx": 0.99, "pdf": 0.99, "image": 0.95}
FORMAT_NAMES = {"docx": "DOCX", "pdf": "文字 PDF", "image": "图片（OCR）"}
FIELDS = ("document_type", "case_number", "court", "plaintiffs", "defendants", "cause", "issued", "hearing_at",
          "hearing_place", "answer_days", "original_case_number", "decision")


def measure(fmt: str, per_type: int, offset: int, folder: Path) -> dict:
    docs = [gen.generate(kind, offset + i) for kind in gen.KINDS for i in range(per_type)]
    paths = [gen.to_docx(doc, folder / f"{fmt}-{n}.docx") for n, doc in enumerate(docs)]
    if fmt == "pdf":
        paths = gen.to_pdf(paths, folder / "pdf")
    elif fmt == "image":
        paths = [gen.to_image(doc, folder / f"img-{n}.jpg", seed=offset + n) for n, doc in enumerate(docs)]
    right: dict = defaultdict(int)
    total: dict = defaultdict(int)
    per_field: dict = defaultdict(lambda: [0, 0])
    wrong: list[str] = []
    times: list[float] = []
    for doc, path in zip(docs, paths):
        start = time.perf_counter()
        got = extract(path).as_json()
        times.append(time.perf_counter() - start)
        for name in FIELDS:
            ok = got[name] == doc.expected[name]
            right[doc.kind] += ok
            total[doc.kind] += 1
            per_field[name][0] += ok
            per_field[name][1] += 1
            if not ok and len(wrong) < 15:
                wrong.append(f"{doc.kind} {path.name} {name}: 读出 {got[name]!r}，应为 {doc.expected[name]!r}")
    return {"docs": len(docs), "right": right, "total": total, "per_field": per_field, "wrong": wrong,
            "times": times}


def section(results: dict, per_type: int, seconds: float) -> str:
    lines = [SECTION, "",
             f"`python benchmarks/intake_accuracy.py --per-type {per_type}`，{dt.datetime.now():%Y-%m-%d %H:%M}，"
             f"用时 {seconds:.0f} 秒。每种格式每类文书 {per_type} 件（共 {per_type * len(gen.KINDS)} 件）生成文书，"
             "逐字段比较文书类型和 11 个字段（文书上没有的字段须为空）。", ""]
    fmts = list(results)
    lines.append("| 文书类型 | " + " | ".join(FORMAT_NAMES[f] for f in fmts) + " |")
    lines.append("|---|" + "---|" * len(fmts))
    for kind in gen.KINDS:
        cells = []
        for f in fmts:
            r = results[f]
            cells.append(f"{r['right'][kind] / r['total'][kind]:.1%}" if r["total"][kind] else "—")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    overall, targets, timing, docs = [], [], [], []
    for f in fmts:
        r = results[f]
        share = sum(r["right"].values()) / max(1, sum(r["total"].values()))
        overall.append(f"**{share:.2%}**")
        targets.append(f"≥ {TARGETS[f]:.0%}：{'通过' if share >= TARGETS[f] else '未达标'}")
        times = sorted(r["times"])
        timing.append(f"中位数 {statistics.median(times) * 1000:.0f} ms，最长 {times[-1] * 1000:.0f} ms")
        docs.append(str(r["docs"]))
    lines += ["| 全部字段 | " + " | ".join(overall) + " |", "| 目标 | " + " | ".join(targets) + " |",
              "| 文书件数 | " + " | ".join(docs) + " |",
              "| 每件读取用时 | " + " | ".join(timing) + " |", ""]
    lines.append("按字段：")
    lines.append("")
    lines.append("| 字段 | " + " | ".join(FORMAT_NAMES[f] for f in fmts) + " |")
    lines.append("|---|" + "---|" * len(fmts))
    for name in FIELDS:
        lines.append(f"| `{name}` | " + " | ".join(
            f"{results[f]['per_field'][name][0] / results[f]['per_field'][name][1]:.1%}" for f in fmts) + " |")
    for f in fmts:
        if results[f]["wrong"]:
            lines += ["", f"{FORMAT_NAMES[f]} 读错的字段（至多 15 个）：", ""]
            lines += [f"- {w}" for w in results[f]["wrong"]]
    lines.append("")
    return "\n".join(lines)


def write_section(text: str, path: Path) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    head = old.split("\n" + SECTION)[0].rstrip("\n") if SECTION in old else old.rstrip("\n")
    path.write_text(head + "\n\n" + text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description="法院文书识别准确率")
    parser.add_argument("--per-type", type=int, default=12)
    parser.add_argument("--formats", nargs="+", default=["docx", "pdf", "image"], choices=list(TARGETS))
    parser.add_argument("--seed-offset", type=int, default=1000)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.md"))
    args = parser.parse_args()
    formats = [f for f in args.formats if f != "image" or ocr_available()]
    started = time.perf_counter()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for fmt in formats:
            results[fmt] = measure(fmt, args.per_type, args.seed_offset, Path(folder))
            r = results[fmt]
            print(f"{fmt}: {sum(r['right'].values())}/{sum(r['total'].values())}", flush=True)
    text = section(results, args.per_type, time.perf_counter() - started)
    print(text)
    write_section(text, Path(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
