"""`sotay check` and `sotay reconcile`: thin argparse wrappers over the public pipeline API.

Exit codes: 0 the file was read (whatever was found), 2 input that cannot be read or an output folder
that cannot be written (plain message, no traceback), 3 an unexpected failure (set SOTAY_DEBUG=1 for
the traceback).
"""

import argparse
import datetime as dt
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from sotay.pipeline import InputError, check_file, reconcile_files
from sotay.pipeline.rules import TITLES


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected yyyy-mm-dd, got {text!r}") from exc


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _guarded(run: Callable[[], int]) -> int:
    try:
        return run()
    except InputError as exc:
        _stderr(f"Lỗi: {exc.message_vi}\n({exc.message})")
        return 2
    except KeyboardInterrupt:
        _stderr("Đã dừng.")
        return 130
    except BrokenPipeError:
        # Whoever read the summary went away (`sotay check … | head`); the files are already written.
        # Point stdout at /dev/null so that Python's final flush does not fail again, and stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug: say so plainly; the traceback is for developers
        if os.environ.get("SOTAY_DEBUG"):
            traceback.print_exc()
        _stderr(
            f"Lỗi không mong muốn: {type(exc).__name__}: {exc}. Chạy lại với SOTAY_DEBUG=1 để xem chi tiết."
        )
        return 3


def check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sotay check",
        description="Check a legacy members export (CSV UTF-8, .xlsx, .xls or .ods; legacy-format.md). "
        "The input is never changed. Writes findings.csv, duplicates.csv, normalized.csv and report.xlsx "
        "to --out.",
        epilog="Exit status: 0 when the file was read (whatever was found), 2 when it cannot be read.",
    )
    parser.add_argument(
        "members", type=Path, metavar="MEMBERS_FILE", help="members export (.csv, .xlsx, .xls or .ods)"
    )
    parser.add_argument(
        "--orgs",
        type=Path,
        metavar="ORGS_FILE",
        help="organisations file (Mã tổ chức, Tên tổ chức, Mã cấp trên, Loại); "
        "without it org_unknown is not checked",
    )
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the results")
    parser.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        help="date used for 'date in the future' (default: today)",
    )
    parser.add_argument(
        "--sheet",
        metavar="NAME",
        help="sheet of a workbook to check (default: the sheet holding the members header)",
    )
    parser.add_argument("--no-report", action="store_true", help="skip report.xlsx (faster on huge files)")
    parser.add_argument("--no-duplicates", action="store_true", help="skip the search for duplicate people")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    return parser


def check_main(argv: list[str]) -> int:
    """`sotay check MEMBERS_FILE --orgs ORGS_FILE --out DIR`; returns the exit status."""
    args = check_parser().parse_args(argv)

    def run() -> int:
        result = check_file(
            args.members,
            args.orgs,
            args.out,
            today=args.today,
            progress=None if args.quiet else _stderr,
            report=not args.no_report,
            duplicates=not args.no_duplicates,
            sheet=args.sheet,
        )
        print(f"Đã đọc {result.rows:,} dòng từ {args.members.name} ({result.seconds:.1f} giây).")
        print(
            f"Lỗi: {result.errors:,} · Cảnh báo: {result.warnings:,} · "
            f"Cặp nghi trùng người: {result.duplicates.height:,}"
        )
        if result.by_rule:
            print("Các vấn đề nhiều nhất:")
            for rule, n in list(result.by_rule.items())[:8]:
                print(f"  {rule:<26} {n:>9,}  {TITLES.get(rule, '')}")
        for note in result.notes:
            print(f"Lưu ý: {note}")
        for path in result.paths.values():
            print(f"  → {path}")
        return 0

    return _guarded(run)


def reconcile_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sotay reconcile",
        description="Compare an export taken before a migration (OLD) with one taken after (NEW): members "
        "matched by member code, then by citizen ID. Values are compared after normalisation. Writes "
        "differences.csv and summary_by_branch.csv to --out.",
        epilog="Exit status: 0 when both files were read, 2 when one cannot be read.",
    )
    parser.add_argument("old", type=Path, metavar="OLD_FILE", help="export before the migration")
    parser.add_argument("new", type=Path, metavar="NEW_FILE", help="export after the migration")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the results")
    return parser


def reconcile_main(argv: list[str]) -> int:
    """`sotay reconcile OLD_FILE NEW_FILE --out DIR`; returns the exit status."""
    args = reconcile_parser().parse_args(argv)

    def run() -> int:
        r = reconcile_files(args.old, args.new, args.out)
        print(
            f"Cũ: {r.old_rows:,} dòng · Mới: {r.new_rows:,} dòng · Khớp: {r.matched:,} "
            f"(trong đó {r.matched_by_cccd:,} khớp theo số CCCD vì đổi mã đảng viên)"
        )
        print(f"Mất: {r.missing:,} · Thêm: {r.added:,} · Có thay đổi: {r.changed_members:,} đảng viên")
        moved = r.summary.filter(
            (r.summary["missing"] + r.summary["added"] + r.summary["changed"] + r.summary["moved_in"]) > 0
        )
        if moved.height:
            print(
                "Theo chi bộ (mã tổ chức: cũ → mới, mất, thêm, thay đổi, chuyển đi, chuyển đến, "
                "đổi giới tính):"
            )
            for s in moved.head(30).iter_rows(named=True):
                print(
                    f"  {s['ma_to_chuc'] or '(trống)'}: {s['old_members']} → {s['new_members']}, "
                    f"{s['missing']}, {s['added']}, {s['changed']}, {s['moved_out']}, {s['moved_in']}, "
                    f"{s['gender_changed']}"
                )
            if moved.height > 30:
                print(f"  … và {moved.height - 30} chi bộ khác (xem summary_by_branch.csv)")
        for path in r.paths.values():
            print(f"  → {path}")
        return 0

    return _guarded(run)
