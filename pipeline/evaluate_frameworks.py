"""Measure the framework importer against the generated decisions (`corpora/framework_decisions/`).

For each variant and each of its files (DOCX, PDF, scan): the levels found; the share of the
gold entries (pillars and sub-indicators) read exactly (code, name, maximum and parent); entries
that are not in the decision; general-information rows taken as indicators; the scoring rule
where a method is printed; whether a disagreeing summary table is named and no other doubt is
raised. Then the agency plan of that province, matched on the imported framework: the framework
chosen, recall and precision of its sub-indicators, and printed codes kept exactly.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.learning import learn, place
from pipeline.process import extract_file, read

FORMATS = ("docx", "pdf", "scan.pdf")


@dataclass(frozen=True)
class ImportScore:
    """How well one file of one variant imported."""

    name: str
    fmt: str
    levels_right: bool
    gold_entries: int
    exact: int
    extra: int
    general_leaked: int
    rules_right: int
    rules_gold: int
    summary_named: bool
    false_doubts: int

    @property
    def accuracy(self) -> float:
        return self.exact / self.gold_entries if self.gold_entries else 1.0


@dataclass(frozen=True)
class PlanScore:
    name: str
    framework: str | None
    expected: str
    recall: float
    precision: float
    codes_exact: float


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).lower()


def score_import(name: str, fmt: str, gold: dict[str, Any], datas: list[dict[str, Any]]) -> ImportScore:
    by_level = {d["level"]: d for d in datas}
    gold_entries = exact = extra = leaked = rules_right = rules_gold = false_doubts = 0
    summary_named = True
    for level, want in gold["levels"].items():
        got = by_level.get(level)
        entries = {}
        if got is not None:
            entries = {p["code"]: (p, None) for p in got["pillars"]}
            entries |= {i["code"]: (i, i["parent"]) for i in got["indicators"]}
        wanted = {e["code"] for e in want["entries"]}
        for entry in want["entries"]:
            gold_entries += 1
            found = entries.get(entry["code"])
            if found is None:
                continue
            item, parent = found
            if _norm(item["name"]) == _norm(entry["name"]) and item["max_points"] == entry["max"] and (
                parent == entry["parent"]):  # fmt: skip
                exact += 1
            if entry.get("rule"):
                rules_gold += 1
                rules_right += (item.get("scoring") or {}).get("rule") == entry["rule"]
        extra += sum(1 for code in entries if code not in wanted)
        general = {_norm(g) for g in want["general"]}
        leaked += sum(1 for item, _ in entries.values() if _norm(item["name"]) in general)
        doubts = got.get("doubts", []) if got else []
        wrong = gold["wrong_summary"].get(level)
        if wrong is not None:
            named = [d for d in doubts if d.startswith("summary table") and f"pillar {wrong} " in d]
            summary_named = summary_named and bool(named)
            false_doubts += len(doubts) - len(named)
        else:
            false_doubts += len(doubts)
    return ImportScore(name, fmt, set(by_level) == set(gold["levels"]), gold_entries, exact, extra, leaked,
                       rules_right, rules_gold, summary_named, false_doubts)  # fmt: skip


def score_plan(name: str, gold: dict[str, Any], folder: Path, frameworks_dir: Path) -> PlanScore:
    from pipeline.frameworks import load_frameworks

    frameworks = load_frameworks([frameworks_dir])
    result = extract_file(folder / gold["plan"]["file"], frameworks)
    expected = next(f.id for f in frameworks.values() if f.origin != "bundled" and f.level == "agency")
    want = [c for c in gold["plan"]["codes"] if "." in c]
    matched = [
        r
        for r in result.records
        if r.match_status == "matched" and r.indicator_code and "." in r.indicator_code
    ]
    got = {r.indicator_code for r in matched}
    right = sum(1 for c in want if c in got)
    printed = sum(1 for r in matched if r.printed_code == r.indicator_code)
    return PlanScore(name, result.framework, expected, right / len(want) if want else 1.0,
                     sum(1 for c in got if c in want) / len(got) if got else 0.0,
                     printed / len(matched) if matched else 0.0)  # fmt: skip


def evaluate(
    folder: Path, half: str = "all", formats: tuple[str, ...] = FORMATS
) -> tuple[list[ImportScore], list[PlanScore]]:
    """Every variant of `half` ("dev", "held-out", "all") in `formats`; plans imported from DOCX."""
    imports, plans = [], []
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text("utf-8"))
        if half != "all" and gold["held_out"] != (half == "held-out"):
            continue
        name = gold_path.name.removesuffix(".gold.json")
        for fmt in formats:
            path = folder / f"{name}.{fmt}"
            if not path.exists():
                continue
            datas, _ = learn(read(path))
            imports.append(score_import(name, fmt, gold, datas))
            if fmt == "docx" and "plan" in gold:
                with tempfile.TemporaryDirectory() as tmp:
                    for data in datas:
                        place(data, Path(tmp))
                    plans.append(score_plan(name, gold, folder, Path(tmp)))
    return imports, plans
