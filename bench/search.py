"""Benchmark: the library's Vietnamese search on 20,000 synthetic documents, SQLite and PostgreSQL.

Generated text only (syllables and phrases combined at random, never a real document's text), in two
corpora: "worst", ~560 words per document from a 159-word vocabulary (every word in nearly every document,
so every query matches thousands of rows), and "zipf", the same length from 3,000 syllables with Zipf
frequencies (a realistic spread: common words everywhere, most words rare). For each database and corpus:
indexing rate (against the same rows with empty search columns), then p50/p95 of 200 known-item queries
typed without diacritics (6 consecutive folded words of one document's title or text) with their
recall@10, and of 200 two-word title queries (what people type; they match many documents), for this code
("after": phrases as word pairs, the total bounded) and the code before it ("before": the positional
phrase, every match counted) taking turns on each query in the same run. `--baselines` adds the engine
ranking every match and LIKE on the folded columns. Prints figures; asserts nothing.

    .venv/bin/python bench/search.py                                   # SQLite only
    .venv/bin/python bench/search.py --postgres postgres://sotay@127.0.0.1:5547/bench   # and PostgreSQL
(the PostgreSQL database should be empty: it is migrated and filled.)
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TOPICS = (
    "công tác kiểm tra giám sát",
    "xây dựng Đảng",
    "chuyển đổi số",
    "phòng chống tham nhũng",
    "cải cách hành chính",
    "phát triển đảng viên",
    "học tập và làm theo tư tưởng",
    "an sinh xã hội",
    "đô thị văn minh",
    "giáo dục đào tạo",
    "y tế cơ sở",
    "quốc phòng toàn dân",
    "dân vận khéo",
    "kinh tế tập thể",
    "bảo vệ môi trường",
    "văn hóa cơ sở",
    "thu hút đầu tư",
    "quản lý đất đai",
    "trật tự an toàn giao thông",
    "khoa học công nghệ",
    "công tác cán bộ",
    "tổ chức bộ máy",
    "đối ngoại nhân dân",
    "công tác tuyên giáo",
    "thanh niên xung kích",
    "hội cựu chiến binh",
    "mặt trận tổ quốc",
    "nông thôn mới",
    "thương mại điện tử",
    "du lịch cộng đồng",
)
ACTS = (
    "tăng cường",
    "nâng cao chất lượng",
    "đẩy mạnh",
    "tiếp tục thực hiện",
    "sơ kết",
    "tổng kết",
    "triển khai",
    "đổi mới",
    "kiện toàn",
    "củng cố",
    "rà soát",
    "hướng dẫn thực hiện",
    "lãnh đạo",
    "chỉ đạo",
    "phối hợp",
)
PLACES = (
    "Hưng Phú",
    "Hùng Vương",
    "Bến Nghé",
    "Tân Định",
    "Đa Kao",
    "Phú Nhuận",
    "Bình Thạnh",
    "Gò Vấp",
    "Thủ Đức",
    "Long Biên",
    "Hoàn Kiếm",
    "Ba Đình",
    "Đống Đa",
    "Cầu Giấy",
    "Tây Hồ",
    "Hải Châu",
    "Sơn Trà",
    "Ninh Kiều",
    "Cái Răng",
    "Hồng Bàng",
    "Lê Chân",
    "Ngô Quyền",
    "Thuận An",
    "Dĩ An",
    "Biên Hòa",
    "Vũng Tàu",
    "Mỹ Tho",
    "Cao Lãnh",
    "Long Xuyên",
    "Rạch Giá",
    "Cà Mau",
    "Bạc Liêu",
    "Sóc Trăng",
    "Trà Vinh",
    "Vĩnh Long",
    "Bến Tre",
    "Tân An",
    "Tây Ninh",
    "Thủ Dầu Một",
    "Đồng Xoài",
    "Buôn Ma Thuột",
    "Pleiku",
    "Kon Tum",
    "Đà Lạt",
    "Phan Thiết",
    "Nha Trang",
    "Tuy Hòa",
    "Quy Nhơn",
    "Quảng Ngãi",
    "Tam Kỳ",
    "Hội An",
    "Huế",
    "Đông Hà",
    "Đồng Hới",
    "Vinh",
)
_PARAGRAPH = (
    "đồng chí đảng viên chi bộ sinh hoạt nghị quyết chỉ thị kết luận nhiệm vụ giải pháp mục tiêu chỉ tiêu "
    "năm quý tháng kế hoạch báo cáo kiểm điểm đánh giá xếp loại chất lượng tổ chức cơ sở cấp ủy ban "
    "thường vụ ban chấp hành hội nghị đại hội nhiệm kỳ thường xuyên định kỳ chuyên đề nội dung phương "
    "pháp trách nhiệm người đứng đầu gương mẫu tiên phong nhân dân quần chúng đoàn thể chính quyền địa "
    "phương khu phố tổ dân phố hộ gia đình thanh niên phụ nữ cựu chiến binh công đoàn mặt trận học tập "
    "quán triệt tuyên truyền vận động thi đua khen thưởng kỷ luật phê bình tự phê bình đoàn kết thống "
    "nhất dân chủ tập trung kỷ cương hiệu quả thiết thực cụ thể kịp thời đầy đủ nghiêm túc sâu rộng toàn "
    "diện bền vững xanh sạch đẹp an toàn văn minh hiện đại"
)
WORDS = _PARAGRAPH.split()
# The realistic corpus: a few thousand syllables (onset + rhyme + tone, as Vietnamese writes them) drawn
# with Zipf frequencies (the k-th most common word k times rarer than the first), so a query of ordinary
# words matches a few documents to a few thousand, as real text does; the corpus above is the worst case.
_ONSETS = "b c ch d đ g gi h k kh l m n ng nh p ph qu r s t th tr v x"
_RHYMES = (
    "a ai am an ang anh ao au ay e em en eo i ia im in inh iu o oa oai oan oang oi om on ong u ua uân "
    "ui um un ung uy uyên ư ưa ưi ưng ươc ương ươi ơ ơi ơm ơn ê êm ên ênh êu ô ôi ôm ôn ông ăn ăng âm ân "
    "âng ây"
)
ONSETS = [*_ONSETS.split(), ""]
RHYMES = _RHYMES.split()
TONES = {
    "a": "aàáảãạ",
    "e": "eèéẻẽẹ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọ",
    "u": "uùúủũụ",
    "y": "yỳýỷỹỵ",
    "ư": "ưừứửữự",
    "ơ": "ơờớởỡợ",
    "ê": "êềếểễệ",
    "ô": "ôồốổỗộ",
    "ă": "ăằắẳẵặ",
    "â": "âầấẩẫậ",
}


def zipf_vocabulary(size: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    while len(seen) < size:
        onset, rhyme = rng.choice(ONSETS), rng.choice(RHYMES)
        if onset == "qu" and rhyme[0] in "uư":
            continue
        # The tone mark: on the marked vowel (the second of ươ), on the second of oa/uy, else the first.
        vowel = max((i for i, ch in enumerate(rhyme) if ch in "ươêôăâ"), default=-1)
        if vowel < 0:
            vowel = 1 if rhyme[:2] in ("oa", "uy") else 0
        tone = TONES[rhyme[vowel]][rng.randrange(6)]
        seen[onset + rhyme[:vowel] + tone + rhyme[vowel + 1 :]] = None
    return list(seen)


KINDS = ("Nghị quyết", "Chỉ thị", "Kết luận", "Hướng dẫn", "Kế hoạch", "Thông báo", "Quy định", "Quyết định")
SYMBOLS = ("NQ", "CT", "KL", "HD", "KH", "TB", "QĐ", "QĐ")


def make_documents(n: int, orgs: list, seed: int, corpus: str) -> list:
    from sotay.library.models import Category, Document

    rng = random.Random(seed)
    categories = list(Category.values)
    if corpus == "zipf":
        vocabulary = zipf_vocabulary(3000, seed=5)
        weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))

        def words(k: int) -> str:
            return " ".join(rng.choices(vocabulary, cum_weights=weights, k=k))
    else:

        def words(k: int) -> str:
            return " ".join(rng.choice(WORDS) for _ in range(k))

    docs = []
    for i in range(n):
        k = rng.randrange(len(KINDS))
        if corpus == "zipf":
            title = f"{KINDS[k]} về {words(rng.randint(6, 12))}"
        else:
            title = (
                f"{KINDS[k]} về {rng.choice(ACTS)} {rng.choice(TOPICS)} {rng.choice(ACTS)} "
                f"{rng.choice(TOPICS)} tại {rng.choice(PLACES)} giai đoạn {2020 + rng.randrange(6)}–"
                f"{2026 + rng.randrange(5)}"
            )
        sentences = [words(rng.randint(8, 20)).capitalize() for _ in range(40)]
        docs.append(
            Document(
                title=title,
                number=f"{i + 1}-{SYMBOLS[k]}/TU",
                category=categories[k % len(categories)],
                issued_on=datetime.date(
                    2018 + rng.randrange(8), 1 + rng.randrange(12), 1 + rng.randrange(28)
                ),
                issuer="Ban Chấp hành Đảng bộ",
                summary=sentences[0] + ".",
                text=". ".join(sentences[1:]) + ".",
                issued_at=orgs[i % len(orgs)],
            )
        )
    return docs


def known_item_queries(docs: list, count: int, seed: int) -> tuple[list[tuple[str, int]], int]:
    """`count` queries, each 6 consecutive folded words of one document's title or text that occur in no
    other document (a known item is one the query names: the generated titles share many shorter runs).
    Returns the queries and how many drawn runs were dropped for being shared."""
    from sotay.library.searchtext import folded_words

    rng = random.Random(seed + 1)
    haystacks = [f"{doc.search_title} | {doc.search_body}" for doc in docs]
    out: list[tuple[str, int]] = []
    shared = 0
    while len(out) < count:
        i = rng.randrange(len(docs))
        words = folded_words(docs[i].title if rng.random() < 0.6 else docs[i].text).split()
        start = rng.randrange(max(1, len(words) - 6))
        phrase = " ".join(words[start : start + 6])
        if sum(phrase in h for h in haystacks) > 1:
            shared += 1
            continue
        out.append((phrase, docs[i].pk))
    return out, shared


def run_one(label: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection
    from django.db.models import Q

    from sotay.library import search as search_module
    from sotay.library.models import Document
    from sotay.library.search import index_fields, search
    from sotay.library.searchtext import parse_query
    from sotay.orgs.models import OrgType
    from tests import factories

    root = factories.org("B", OrgType.TRUNG_UONG, None, "Trung ương (bench)")
    city = factories.org("B.79", OrgType.DANG_BO_TINH, root)
    ward = factories.org("B.79.P1", OrgType.DANG_BO_PHUONG, city)
    branch = factories.org("B.79.P1.C1", OrgType.CHI_BO_CO_SO, ward)
    orgs = [root, city, ward, branch]
    n = int(os.environ["BENCH_DOCS"])
    within = Document.objects.issued_at_any([branch])

    def ours(q: str) -> list[int]:
        return search(parse_query(q), within, limit=10).ids

    def before(q: str) -> list[int]:
        # The code before word pairs and the bounded total: the positional phrase, every match counted.
        saved = search_module.PHRASE_BY_PAIRS, search_module.COUNT_BOUND
        search_module.PHRASE_BY_PAIRS, search_module.COUNT_BOUND = False, None
        try:
            return search(parse_query(q), within, limit=10).ids
        finally:
            search_module.PHRASE_BY_PAIRS, search_module.COUNT_BOUND = saved

    def rank_all(q: str) -> list[int]:
        # The path before candidates were capped: the engine ranks every match.
        cap = search_module.RANK_ALL
        search_module.RANK_ALL = 10**9
        try:
            return search(parse_query(q), within, limit=10).ids
        finally:
            search_module.RANK_ALL = cap

    def like(q: str) -> list[int]:
        cond = Q()
        for word in parse_query(q).words:
            cond &= Q(search_title__contains=word) | Q(search_body__contains=word)
        return list(within.filter(cond).order_by("-issued_on", "-id").values_list("id", flat=True)[:10])

    paths = [("after: pairs, bounded total", ours), ("before: phrase, exact total", before)]
    if os.environ.get("BENCH_BASELINES"):
        paths += [("rank every match", rank_all), ("baseline LIKE", like)]

    for corpus in os.environ["BENCH_CORPORA"].split(","):
        tag = f"{label}, {corpus}"
        Document.objects.all().delete()
        plain = make_documents(n // 4, orgs, seed=7, corpus=corpus)
        start = time.perf_counter()
        Document.objects.bulk_create(plain, batch_size=500)
        base_rate = len(plain) / (time.perf_counter() - start)
        Document.objects.all().delete()

        docs = make_documents(n, orgs, seed=11, corpus=corpus)
        start = time.perf_counter()
        for doc in docs:
            for field, value in index_fields(doc).items():
                setattr(doc, field, value)
        Document.objects.bulk_create(docs, batch_size=500)
        rate = len(docs) / (time.perf_counter() - start)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE library_document" if connection.vendor == "postgresql" else "ANALYZE")
        print(
            f"[{tag}] indexing: {rate:,.0f} docs/s with search columns and index "
            f"(baseline, same rows with empty search columns: {base_rate:,.0f} docs/s)"
        )
        queries, shared = known_item_queries(docs, int(os.environ["BENCH_QUERIES"]), seed=11)
        print(
            f"[{tag}] queries: {len(queries)} known items "
            f"({shared} drawn runs dropped: shared by several documents)"
        )
        # What people type most: two consecutive words of a title (matching many documents).
        rng = random.Random(3)
        short = []
        for doc in rng.sample(docs, len(queries)):
            words = doc.search_title.split()
            at = rng.randrange(max(1, len(words) - 2))
            short.append((" ".join(words[at : at + 2]), doc.pk))
        for kind, batch in (("known item, 6 words", queries), ("2 title words", short)):
            times: dict[str, list[float]] = {name: [] for name, _ in paths}
            cpu: dict[str, list[float]] = {name: [] for name, _ in paths}
            found = dict.fromkeys(times, 0)
            for q, pk in batch:
                # The paths take turns on each query: the machine's load falls on both alike.
                for name, fn in paths:
                    start, start_cpu = time.perf_counter(), time.process_time()
                    ids = fn(q)
                    times[name].append((time.perf_counter() - start) * 1000)
                    cpu[name].append((time.process_time() - start_cpu) * 1000)
                    found[name] += pk in ids
            for name, _ in paths:
                cuts = statistics.quantiles(times[name], n=20)
                recall = f"recall@10 {found[name] / len(batch):.3f}" if kind.startswith("known") else ""
                # On SQLite the database works in this process: its CPU time is the query's cost
                # without the waits of a loaded machine (on PostgreSQL it is only the client's).
                cpu_cuts = statistics.quantiles(cpu[name], n=20)
                print(
                    f"[{tag}] {kind:>19} | {name:>28}: p50 {statistics.median(times[name]):7.1f} ms  "
                    f"p95 {cuts[18]:7.1f} ms  (CPU here p50 {statistics.median(cpu[name]):6.1f} / p95 "
                    f"{cpu_cuts[18]:6.1f} ms)  {recall}  ({len(batch)} queries, {n:,} documents)"
                )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--corpus", default="worst,zipf", help="worst (159 words), zipf (3,000 syllables), or both"
    )
    parser.add_argument(
        "--baselines", action="store_true", help="also the engine ranking every match, and LIKE"
    )
    parser.add_argument("--postgres", metavar="URL", help="also run on this (empty) PostgreSQL database")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one)
        return 0
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sotay.settings",
        "SOTAY_DEBUG": "1",
        "BENCH_DOCS": str(args.docs),
        "BENCH_QUERIES": str(args.queries),
        "BENCH_CORPORA": args.corpus,
        "BENCH_BASELINES": "1" if args.baselines else "",
    }
    runs = [("SQLite", {"SOTAY_DATA_DIR": tempfile.mkdtemp(prefix="sotay-bench-search-")})]
    if args.postgres:
        runs.append(("PostgreSQL", {"DATABASE_URL": args.postgres, "SOTAY_DATA_DIR": tempfile.mkdtemp()}))
    for label, extra in runs:
        env_one = {**env, **extra}
        if label == "SQLite":
            env_one.pop("DATABASE_URL", None)
        subprocess.run([sys.executable, __file__, "--one", label], env=env_one, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
