"""Quality of `sotay check` against synthetic exports with known defects (sotay.synth ground truth).

Prints, for each run (size, defect rate, seed): per-rule recall and precision on (row, rule, field), the
false-alarm rate on clean rows, duplicate-pair precision/recall/F1 (and how many "different people
sharing a CCCD by a typo" were wrongly paired), and normalisation accuracy per normalized.csv column.

Targets: recall and precision >= 0.97 per rule, false alarms <= 0.3%, duplicate F1 >= 0.95,
normalisation >= 0.99. The checker is never tuned to this generator: the truth is only read here.

Each run is also checked as two workbooks made from the same CSV, as a unit would send it: `plain`
(header in row 1) and `titled` (title rows above the header, a totals line and a signature block below
the data). Cells that Excel turns into numbers when it opens the CSV (digits without a leading zero, up
to 15) are numbers there, everything else text: the text shown is the CSV's. Their scores are printed
next to the CSV's; differences come from the cell types (a number in an ID column has lost its zeros for
certain, legacy-format.md §3).

    .venv/bin/python bench/check_quality.py                 # three runs of 20,000 members
    .venv/bin/python bench/check_quality.py --members 50000 --runs 0.05:11
"""

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from sotay.pipeline import check_file

TODAY = dt.date(2026, 3, 1)
TARGET_RULE, TARGET_FALSE_ALARMS, TARGET_F1, TARGET_NORMALISED = 0.97, 0.003, 0.95, 0.99


def generate(folder: Path, members: int, rate: float, seed: int) -> Path:
    """Write a synthetic export with `sotay.synth` (the same generator as `sotay synth`)."""
    from sotay.synth.config import SynthConfig
    from sotay.synth.writer import write_legacy

    return write_legacy(
        SynthConfig(members=members, seed=seed, today=TODAY), folder, defect_rate=rate, seed=seed
    )


def _pairs(path: Path) -> set[tuple[int, int]]:
    frame = pl.read_csv(path, schema={"row_a": pl.Int64, "row_b": pl.Int64})
    return set(frame.select("row_a", "row_b").iter_rows())


def _mark(ok: bool) -> str:
    return "ok" if ok else "BELOW TARGET"


def score_rules(truth: pl.DataFrame, found: pl.DataFrame) -> bool:
    keys = ["row", "rule", "field"]
    t = set(truth.select(keys).iter_rows())
    f = set(found.select(keys).iter_rows())
    all_ok = True
    print(f"  {'rule':<26}{'truth':>8}{'found':>8}{'recall':>9}{'precision':>11}")
    for rule in sorted({r for _, r, _ in t | f}):
        tr = {x for x in t if x[1] == rule}
        fo = {x for x in f if x[1] == rule}
        hit = len(tr & fo)
        recall = hit / len(tr) if tr else 1.0
        precision = hit / len(fo) if fo else 1.0
        ok = recall >= TARGET_RULE and precision >= TARGET_RULE
        all_ok &= ok
        print(
            f"  {rule:<26}{len(tr):>8}{len(fo):>8}{recall:>9.4f}{precision:>11.4f}  {'' if ok else 'BELOW'}"
        )
    return all_ok


def to_workbook(csv_path: Path, target: Path, *, titled: bool) -> Path:
    """The CSV as Excel shows it once opened and saved: plain digits become numbers, the rest text."""
    from openpyxl import Workbook

    frame = pl.read_csv(csv_path, infer_schema=False).fill_null("")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    if titled:
        ws.append(["ĐẢNG BỘ PHƯỜNG SÀI GÒN"])
        ws.append(["DANH SÁCH ĐẢNG VIÊN"])
        ws.append([])
    ws.append(frame.columns)
    for row in frame.iter_rows():
        ws.append(
            [int(v) if v.isascii() and v.isdigit() and v[0] != "0" and len(v) <= 15 else v for v in row]
        )
    if titled:
        ws.append([])
        ws.append([f"Tổng cộng: {frame.height} đảng viên"])
        ws.append([])
        ws.append(["", "Người lập biểu", "", "", "", "", "", "", "", "", "", "TM. BAN TỔ CHỨC"])
        ws.append(["", "Nguyễn Văn Xuân", "", "", "", "", "", "", "", "", "", "Trần Văn Yên"])
    wb.save(target)
    return target


def score_run(
    folder: Path, out: Path, members: str = "members.csv", *, detail: bool = True
) -> dict[str, float]:
    started = time.monotonic()
    result = check_file(folder / members, folder / "orgs.csv", out, today=TODAY, report=False)
    print(f"  {members}: checked {result.rows:,} rows in {time.monotonic() - started:.1f} s")
    for note in result.notes:
        print(f"    note: {note}")
    truth = pl.read_csv(folder / "truth_findings.csv", schema_overrides={"field": pl.String}).with_columns(
        pl.col("field").fill_null("")
    )
    found = result.findings.with_columns(pl.col("field").fill_null(""))
    ok = score_rules(truth, found) if detail else True
    scores = _rule_extremes(truth, found)

    dups, not_dups = _pairs(folder / "truth_duplicates.csv"), _pairs(folder / "truth_not_duplicates.csv")
    flagged_rows = set(truth["row"].to_list()) | {r for p in dups for r in p}
    clean = pl.DataFrame({"row": result.normalized["row"]}).filter(~pl.col("row").is_in(list(flagged_rows)))
    alarms = clean.filter(pl.col("row").is_in(found["row"].unique().to_list())).height
    rate = alarms / clean.height if clean.height else 0.0
    ok &= rate <= TARGET_FALSE_ALARMS
    scores["false alarms"] = rate
    print(
        f"  false alarms on clean rows: {alarms:,} of {clean.height:,} = {rate:.4%}  "
        + _mark(rate <= TARGET_FALSE_ALARMS)
    )
    if alarms and detail:
        sample = found.filter(pl.col("row").is_in(clean["row"].to_list()))
        print("    by rule:", dict(sample.group_by("rule").len().sort("len", descending=True).iter_rows()))

    pairs = set(result.duplicates.select("row_a", "row_b").iter_rows())
    hit = len(pairs & dups)
    precision = hit / len(pairs) if pairs else 1.0
    recall = hit / len(dups) if dups else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    ok &= f1 >= TARGET_F1
    scores["duplicate F1"] = f1
    print(
        f"  duplicates: truth {len(dups):,}, found {len(pairs):,}, precision {precision:.4f}, "
        f"recall {recall:.4f}, F1 {f1:.4f}  {_mark(f1 >= TARGET_F1)}; "
        f"not-duplicates wrongly paired: {len(pairs & not_dups)} of {len(not_dups)}"
    )

    # An empty cell is "" or null depending on quoting: compare them as equal.
    expected = pl.read_csv(folder / "expected_normalized.csv", infer_schema=False).fill_null("")
    got = pl.read_csv(out / "normalized.csv", infer_schema=False).fill_null("")
    joined = expected.join(got, on="row", how="left", suffix="_got")
    print("  normalisation accuracy:", end="")
    lowest = 1.0
    for column in expected.columns[1:]:
        same = joined.select(pl.col(column).eq_missing(pl.col(f"{column}_got")).mean()).item()
        ok &= same >= TARGET_NORMALISED
        lowest = min(lowest, same)
        print(f" {column} {same:.4f}{'' if same >= TARGET_NORMALISED else '(BELOW)'}", end="")
    print()
    scores["lowest normalisation"] = lowest
    scores["all targets met"] = float(ok)
    return scores


def _rule_extremes(truth: pl.DataFrame, found: pl.DataFrame) -> dict[str, float]:
    """Lowest per-rule recall and precision (rules of the truth and of the findings)."""
    keys = ["row", "rule", "field"]
    t, f = set(truth.select(keys).iter_rows()), set(found.select(keys).iter_rows())
    recalls, precisions = [1.0], [1.0]
    for rule in {r for _, r, _ in t | f}:
        tr, fo = {x for x in t if x[1] == rule}, {x for x in f if x[1] == rule}
        if tr:
            recalls.append(len(tr & fo) / len(tr))
        if fo:
            precisions.append(len(tr & fo) / len(fo))
    return {"lowest rule recall": min(recalls), "lowest rule precision": min(precisions)}


def compare(columns: dict[str, dict[str, float]]) -> None:
    names = list(columns)
    print("  " + f"{'':<24}" + "".join(f"{n:>14}" for n in names))
    for metric in next(iter(columns.values())):
        print("  " + f"{metric:<24}" + "".join(f"{columns[n][metric]:>14.4f}" for n in names))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--runs", nargs="+", default=["0.05:1", "0.10:2", "0.02:3"], help="RATE:SEED ...")
    parser.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    parser.add_argument("--no-excel", action="store_true", help="skip the Excel variants")
    args = parser.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="sotay-quality-"))
    all_ok = True
    for spec in args.runs:
        rate_text, seed_text = spec.split(":")
        rate, seed = float(rate_text), int(seed_text)
        folder = base / f"synth-{args.members}-{rate}-{seed}"
        print(f"\n== {args.members:,} members, defect rate {rate}, seed {seed}")
        if not (folder / "members.csv").exists():
            generate(folder, args.members, rate, seed)
        out = base / f"out-{args.members}-{rate}-{seed}"
        scores = {"csv": score_run(folder, out)}
        all_ok &= bool(scores["csv"]["all targets met"])
        if not args.no_excel:
            for variant in ("plain", "titled"):
                name = f"members-{variant}.xlsx"
                if not (folder / name).exists():
                    to_workbook(folder / "members.csv", folder / name, titled=variant == "titled")
                print(f"  -- Excel, {variant}")
                scores[f"xlsx {variant}"] = score_run(
                    folder, out.with_name(out.name + variant), name, detail=False
                )
        compare(scores)
    print("\nall targets met" if all_ok else "\nsome targets missed (see BELOW)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
