"""Speed and accuracy of find_duplicates on a synthetic national-scale table with injected duplicates.

Usage:
    .venv/bin/python bench/duplicates_speed.py                  # 366,000 rows (Hồ Chí Minh City)
    .venv/bin/python bench/duplicates_speed.py --rows 5600000   # the national file

Builds the normalised table directly in DuckDB (hash-based randomness, so the same seed gives the same
table), injects second records of 1.5% of people (another branch, no diacritics, a typo, a CCCD typo or a
missing CCCD, ...) plus hard negatives (relatives sharing a phone and branch, CCCDs shared by typo,
namesakes), then prints wall time, peak RSS, blocked comparisons and precision/recall/F1 against the truth.
"""

from __future__ import annotations

import argparse
import logging
import os
import threading
import time
from pathlib import Path

import duckdb

from sotay.pipeline.internals.duplicates import DEFAULT_THRESHOLD, find_duplicates
from sotay.pipeline.internals.duplicates_model import BLOCKING_KEYS
from sotay.pipeline.internals.duplicates_sql import prepare_sqls

DUP_RATE = 0.015
DATA = Path(__file__).resolve().parents[1] / "sotay" / "vn" / "data"


def _words(text: str) -> list[str]:
    return text.split()


FAMILY = {"Nguyễn": 380, "Trần": 110, "Lê": 95, "Phạm": 70, "Hoàng": 30, "Huỳnh": 21, "Phan": 45, "Vũ": 20,
          "Võ": 19, "Đặng": 21, "Bùi": 20, "Đỗ": 14, "Hồ": 13, "Ngô": 13, "Dương": 10, "Lý": 5, "Đinh": 8,
          "Đào": 7, "Lương": 5, "Trịnh": 5, "Mai": 4, "Cao": 4, "Tạ": 3, "Hà": 4, "Lâm": 3, "Thái": 2,
          "Kiều": 2, "Triệu": 2, "Quách": 2, "La": 1, "Lưu": 3, "Tô": 2, "Đoàn": 4, "Chu": 2}  # fmt: skip
MIDDLE_MALE = {"Văn": 350, "Đức": 60, "Minh": 60, "Quang": 45, "Hữu": 40, "Thanh": 40, "Ngọc": 30,
               "Xuân": 30, "Công": 30, "Đình": 40, "Quốc": 30, "Tuấn": 15, "Anh": 20, "Hồng": 15, "Trọng": 25,
               "Mạnh": 15, "Duy": 15, "Tiến": 15, "Thế": 20, "Việt": 15, "Bá": 10, "Kim": 5, "Trung": 10,
               "Hoàng": 15}  # fmt: skip
MIDDLE_FEMALE = {"Thị": 550, "Thu": 50, "Thanh": 50, "Ngọc": 50, "Minh": 30, "Hồng": 40, "Kim": 35,
                 "Phương": 25, "Mai": 15, "Bích": 25, "Thúy": 20, "Hoài": 10, "Diệu": 10, "Quỳnh": 10,
                 "Thùy": 15, "Lan": 10, "Hải": 10, "Khánh": 10, "Tuyết": 5, "Mỹ": 20}  # fmt: skip
GIVEN_MALE = _words("Hùng Dũng Tuấn Minh Hải Nam Hưng Thắng Sơn Long Thành Trung Hoàng Quang Cường Đức "
              "Tùng Bình "
              "Phong Huy Khánh Lâm Phúc Tâm Thịnh Toàn Vinh Việt Hiếu Hiệp Hòa Hậu Kiên Lợi Lực Mạnh Nghĩa "
              "Nhân Phát Quân Quý Sang Tài Tiến Toản Trí Tú Vũ Vương Chiến Công Định Giang Hào Hoan Khoa "
              "Lộc Luân Ngọc Phương Quyết Tân Thái Thanh Thiện Thông Thuận Tình Trọng Tường Văn Xuân Yên "
              "An Bảo Duy Hiển Hoà Học Khải Khang Linh Nhật Thạch Chung Hạnh")  # fmt: skip
GIVEN_FEMALE = _words("Hương Lan Hà Linh Anh Hoa Hằng Thủy Nga Hạnh Huyền Trang Mai Dung Thảo Yến Nhung "
                "Hồng Liên "
                "Loan Ngọc Phương Quỳnh Thu Tuyết Vân Xuân Bích Châu Diệp Duyên Giang Hiền Hoài Khánh Lệ "
                "Liễu Ly Mỹ Nguyệt Nhi Oanh Phượng Quyên Sen Tâm Thanh Thắm Thơ Thúy Tiên Trinh Tú Uyên "
                "Vy Hậu Hiên Hường Hòa Lài Lụa Mận Ngân Nhàn Sương Tươi Vui")  # fmt: skip


def _pool(weights: dict[str, int] | list[str], size: int = 2000) -> str:
    """A SQL list literal in which each name appears in proportion to its weight (Zipf for plain lists)."""
    if isinstance(weights, list):
        weights = {name: max(1, round(1000 / (rank + 1) ** 0.9)) for rank, name in enumerate(weights)}
    total = sum(weights.values())
    items = [name for name, w in weights.items() for _ in range(max(1, round(w * size / total)))]
    return "[" + ", ".join(f"'{name}'" for name in items) + "]"


def _pick(pool: str, salt: str) -> str:
    return f"list_extract({pool}, 1 + (hash(id, {{seed}}, '{salt}') % len({pool}))::INT)"


def _u(salt: str) -> str:
    """A uniform number in [0, 1) from the person id and the seed."""
    return f"((hash(id, {{seed}}, '{salt}') % 1000000) / 1e6)"


def build_table(con: duckdb.DuckDBPyConnection, rows: int, seed: int) -> None:
    """Create ``members`` (the find_duplicates input) and ``truth(row_a, row_b)`` in ``con``."""
    people = round(rows / (1 + DUP_RATE))
    provinces = [
        line.split("\t")[0] for line in (DATA / "cccd_province_codes.tsv").read_text().splitlines()[1:]
    ]
    prov = "[" + ", ".join(f"'{p}'" for p in provinces) + "]"
    fold = "lower(strip_accents(replace(replace({0}, 'đ', 'd'), 'Đ', 'D')))"
    sql = f"""
    CREATE OR REPLACE TABLE people AS
    WITH raw AS (
        SELECT id, {_u("g")} < 0.62 AS male,
            {_pick(_pool(FAMILY), "f")} AS family,
            CASE WHEN {_u("g")} < 0.62 THEN {_pick(_pool(MIDDLE_MALE), "m")}
                ELSE {_pick(_pool(MIDDLE_FEMALE), "m")} END AS middle,
            CASE WHEN {_u("g")} < 0.62 THEN {_pick(_pool(GIVEN_MALE), "n")}
                ELSE {_pick(_pool(GIVEN_FEMALE), "n")} END AS given,
            CASE WHEN {_u("d0")} < 0.03 THEN make_date(1950 + (hash(id, {{seed}}, 'y') % 50)::INT, 1, 1)
                ELSE make_date(1940 + floor(({_u("y1")} + {_u("y2")}) * 31)::INT,
                    1 + (hash(id, {{seed}}, 'mo') % 12)::INT, 1 + (hash(id, {{seed}}, 'd') % 28)::INT)
                END AS dob,
            {_u("c")} < 0.05 AS no_cccd, {_u("k")} < 0.15 AS no_card, {_u("p")} < 0.25 AS no_phone,
            {_u("r")} < 0.10 AS relative, {_u("s")} < 0.001 AS shares_cccd, {_u("a")} < 0.03 AS plain
        FROM range({people}) AS t(id)
    )
    SELECT id, male, dob,
        -- A relative of the previous person: same family name, phone and branch, own name and birth date.
        CASE WHEN relative THEN lag(family) OVER w ELSE family END AS family, middle, given,
        CASE WHEN relative THEN lag(id) OVER w ELSE id END AS home,
        CASE WHEN no_cccd THEN NULL WHEN shares_cccd THEN lag(cccd) OVER w ELSE cccd END AS cccd,
        CASE WHEN no_card THEN NULL ELSE lpad(((id * 7919 + 1234567) % 100000000)::VARCHAR, 8, '0') END
            AS card,
        plain, no_phone
    FROM (SELECT *, list_extract({prov}, 1 + (hash(id, {{seed}}, 'pv') % {len(provinces)})::INT)
            || (CASE WHEN year(dob) >= 2000 THEN 2 ELSE 0 END + CASE WHEN male THEN 0 ELSE 1 END)::VARCHAR
            || lpad((year(dob) % 100)::VARCHAR, 2, '0')
            || lpad((hash(id, {{seed}}, 'cc') % 1000000)::VARCHAR, 6, '0') AS cccd FROM raw)
    WINDOW w AS (ORDER BY id);

    CREATE OR REPLACE TABLE records AS
    SELECT id AS person, 0 AS copy, family || ' ' || middle || ' ' || given AS name, dob,
        CASE WHEN male THEN 'Nam' ELSE 'Nữ' END AS gender, cccd, card,
        CASE WHEN no_phone AND home = id THEN NULL
            ELSE '09' || lpad(((home * 104729) % 100000000)::VARCHAR, 8, '0') END AS phone,
        'CB' || lpad((home // 30)::VARCHAR, 6, '0') AS org, plain
    FROM people
    UNION ALL
    -- Second records of the same person, damaged the way files are damaged (legacy-format.md §3).
    SELECT id, 1,
        CASE WHEN {_u("t")} < 0.05 THEN family || ' ' || given
            WHEN {_u("t")} < 0.12 THEN family || ' ' || middle[1:len(middle) - 1] || ' ' || given
            ELSE family || ' ' || middle || ' ' || given END,
        CASE WHEN {_u("b")} < 0.88 THEN dob
            WHEN {_u("b")} < 0.93 THEN dob + INTERVAL 10 YEAR
            WHEN {_u("b")} < 0.97 AND day(dob) <= 12 THEN make_date(year(dob), day(dob), month(dob))
            ELSE NULL END::DATE,
        CASE WHEN ({_u("x")} < 0.99) = male THEN 'Nam' ELSE 'Nữ' END,
        CASE WHEN {_u("q")} < 0.55 THEN cccd
            WHEN {_u("q")} < 0.67 THEN cccd[1:11] || ((cccd[12]::INT + 1) % 10)::VARCHAR
            WHEN {_u("q")} < 0.70 THEN cccd[1:9] || cccd[11] || cccd[10] || cccd[12]
            WHEN {_u("q")} < 0.95 THEN NULL
            ELSE lpad((hash(id, 'cmnd') % 1000000000)::VARCHAR, 9, '0') END,
        CASE WHEN {_u("e")} < 0.5 THEN card WHEN {_u("e")} < 0.9 THEN NULL
            ELSE lpad(((id * 7919 + 7654321) % 100000000)::VARCHAR, 8, '0') END,
        CASE WHEN {_u("h")} < 0.5 AND NOT no_phone
                THEN '09' || lpad(((home * 104729) % 100000000)::VARCHAR, 8, '0')
            WHEN {_u("h")} < 0.8 THEN NULL
            ELSE '03' || lpad(((id * 15485863) % 100000000)::VARCHAR, 8, '0') END,
        CASE WHEN {_u("o")} < 0.8 THEN 'CB' || lpad((hash(id, 'o') % {max(1, people // 30)})::VARCHAR, 6, '0')
            ELSE 'CB' || lpad((home // 30)::VARCHAR, 6, '0') END,
        {_u("a2")} < 0.35
    FROM people WHERE {_u("dup")} < {DUP_RATE};

    CREATE OR REPLACE TABLE members AS
    SELECT row_number() OVER (ORDER BY hash(person, copy, {{seed}}))::BIGINT AS row,
        'M' || person || '_' || copy AS member_code,
        CASE WHEN plain THEN array_to_string(list_transform(string_split({fold.format("name")}, ' '),
            lambda w: upper(w[1]) || w[2:]), ' ') ELSE name END AS ho_ten,
        {fold.format("name")} AS name_key, dob AS ngay_sinh, gender AS gioi_tinh, cccd, card AS so_the,
        phone AS so_dien_thoai, org AS ma_to_chuc, person
    FROM records;

    CREATE OR REPLACE TABLE truth AS
    SELECT least(a.row, b.row) AS row_a, greatest(a.row, b.row) AS row_b
    FROM members a JOIN members b ON a.person = b.person AND a.row < b.row;
    """
    con.execute(sql.replace("{seed}", str(seed)))


class PeakRss:
    """Samples this process's resident memory every 50 ms (ru_maxrss would include the data generation)."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def current() -> int:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.current())
            time.sleep(0.05)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def blocked_comparisons(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Pairs per blocking key (a pair found by two keys is counted twice; Splink scores it once)."""
    for sql in prepare_sqls("members", "bench_prepared"):
        con.execute(sql)
    counts = {}
    for key in BLOCKING_KEYS:
        result = con.sql(
            f"SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM "
            f"(SELECT count(*) AS n FROM bench_prepared WHERE {key} IS NOT NULL GROUP BY {key})"
        ).fetchall()
        counts[key] = int(result[0][0])
    con.execute("DROP TABLE bench_prepared")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=366_000, help="rows in the synthetic table")
    parser.add_argument("--seed", type=int, default=0, help="seed for the data and for find_duplicates")
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, help="match probability")
    args = parser.parse_args()

    logging.basicConfig(format="  %(message)s")
    logging.getLogger("sotay.pipeline.internals.duplicates").setLevel(logging.INFO)
    con = duckdb.connect()
    con.execute(f"SET threads = {args.threads}")
    started = time.perf_counter()
    build_table(con, args.rows, args.seed)
    n_rows, n_truth = con.sql(
        "SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM truth)"
    ).fetchall()[0]
    print(f"built {n_rows:,} rows with {n_truth:,} injected pairs in {time.perf_counter() - started:.1f} s")
    counts = blocked_comparisons(con)
    print("blocked comparisons: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print(f"  total {sum(counts.values()):,} (upper bound; overlapping pairs are scored once)")

    baseline = PeakRss.current()
    with PeakRss() as rss:
        started, cpu = time.perf_counter(), time.process_time()
        found = find_duplicates(con, "members", threshold=args.threshold, seed=args.seed)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    # CPU time as well as wall time: the machine is shared, so wall time includes waiting for a core.
    print(f"find_duplicates: {elapsed:.1f} s wall, {cpu:.1f} s CPU, {found.height:,} pairs")
    print(f"RSS: {baseline / 2**30:.2f} GiB before, {rss.peak / 2**30:.2f} GiB peak "
          f"(+{(rss.peak - baseline) / 2**30:.2f} GiB)")  # fmt: skip

    con.register("found", found)
    tp = con.sql("SELECT count(*) FROM found JOIN truth USING (row_a, row_b)").fetchall()[0][0]
    precision = tp / found.height if found.height else 1.0
    recall = tp / n_truth if n_truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}  (TP {tp:,}, cores {os.cpu_count()})")


if __name__ == "__main__":
    main()
