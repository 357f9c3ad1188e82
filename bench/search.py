"""Index build rate, index size and faceted query latency, beside SQLite FTS5.

    python bench/search.py --sizes 10000 100000 [--out bench/out] [--queries 200]
        [--reuse | --resume] [--postgresql postgresql://user@host:port/db]

For each size it generates a deterministic synthetic archive (Vietnamese syllables with
Zipf frequencies, 20 years of dates, thousands of persons and codes), builds the vankien
index and an SQLite FTS5 baseline (unicode61 remove_diacritics 2, fed the same folded
text, facets by GROUP BY), then runs the same fixed query mix on both, warm, every query
with all facets. Search runs in a fresh process so its memory is measured alone.

With --postgresql, the same archive is also indexed into that database (the PostgreSQL
store, indexer/store/postgresql/) and searched in the same run: the database is emptied
of vankien's tables first, so give it one of its own.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.extract.persons import Person  # noqa: E402
from indexer.record import ArticleRecord  # noqa: E402
from indexer.text.codes import DocumentCode, party_code, state_code  # noqa: E402
from indexer.text.normalize import fold_diacritics  # noqa: E402

ONSETS = [
    "",
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "gi",
    "h",
    "k",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "nh",
    "ph",
    "qu",
    "r",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
]
RHYMES = [
    "a",
    "an",
    "anh",
    "ao",
    "ai",
    "ang",
    "ac",
    "at",
    "ăn",
    "ăng",
    "âm",
    "ân",
    "âu",
    "ây",
    "e",
    "em",
    "en",
    "eo",
    "ê",
    "ên",
    "ênh",
    "êu",
    "i",
    "in",
    "inh",
    "iêu",
    "iên",
    "o",
    "on",
    "ong",
    "oi",
    "ô",
    "ôn",
    "ông",
    "ơ",
    "ơn",
    "ơi",
    "u",
    "un",
    "ung",
    "uy",
    "uôn",
    "ư",
    "ưng",
    "ươn",
    "ương",
    "ươi",
    "oa",
    "oan",
    "uyên",
]
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
COMMON = [
    "của",
    "và",
    "các",
    "trong",
    "được",
    "cho",
    "công",
    "tác",
    "đảng",
    "viên",
    "cán",
    "bộ",
    "thực",
    "hiện",
    "nghị",
    "quyết",
    "chỉ",
    "thị",
    "hội",
    "nghị",
    "xây",
    "dựng",
    "đảng",
    "ủy",
    "ban",
    "thường",
    "vụ",
    "tỉnh",
    "thành",
    "phát",
    "triển",
    "kinh",
    "tế",
    "xã",
    "hội",
    "nhân",
    "dân",
    "năm",
    "tháng",
    "đồng",
    "chí",
    "bí",
    "thư",
    "chủ",
    "tịch",
    "sơ",
    "kết",
    "tổng",
    "kết",
    "nhiệm",
    "vụ",
    "kết",
    "quả",
    "lãnh",
    "đạo",
    "chỉ",
    "đạo",
    "kiểm",
    "tra",
    "giám",
    "sát",
    "tuyên",
    "truyền",
    "giáo",
    "dục",
    "đào",
    "tạo",
    "chính",
    "trị",
    "tư",
    "tưởng",
    "đạo",
    "đức",
    "học",
    "tập",
    "làm",
    "theo",
    "phong",
    "cách",
]
SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLES = [
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Thanh",
    "Quang",
    "Thu",
    "Ngọc",
    "Hồng",
    "Xuân",
    "Kim",
]
GIVENS = [
    "Sơn",
    "Long",
    "Hiếu",
    "Huy",
    "Hùng",
    "Dũng",
    "Tuấn",
    "Loan",
    "Lan",
    "Hà",
    "Trang",
    "Hương",
    "Mai",
    "Ngân",
    "Thảo",
    "Linh",
    "Nam",
    "Tâm",
    "Trung",
    "Hải",
    "Quân",
    "Thành",
    "Phúc",
    "Yến",
]
PARTY_TYPES = ["NQ", "CT", "KL", "QĐ", "KH", "HD", "TB", "BC", "CTr", "ĐA"]
ISSUERS = ["TW", "TU", "HU", "ĐU", "ĐUK", "QU"]
SITES = [f"dangbo{i}.example.vn" for i in range(12)]


def _syllable(rng: random.Random) -> str:
    import unicodedata

    word = rng.choice(ONSETS) + rng.choice(RHYMES)
    tone = rng.choice(TONES)
    if tone:
        vowels = [i for i, ch in enumerate(word) if ch in "aăâeêioôơuưy"]
        i = vowels[len(vowels) // 2] if vowels else 0
        word = word[: i + 1] + tone + word[i + 1 :]
    return unicodedata.normalize("NFC", word)


class Archive:
    """A deterministic synthetic archive of `size` articles."""

    def __init__(self, size: int, seed: int = 7) -> None:
        self.size = size
        rng = random.Random(seed)
        vocab = list(dict.fromkeys(COMMON + [_syllable(rng) for _ in range(8000)]))
        self.vocab = vocab
        self.weights = [1 / (rank + 1) ** 1.05 for rank in range(len(vocab))]
        self.persons = list(
            dict.fromkeys(
                f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"
                for _ in range(6000)
            )
        )
        self.codes: list[DocumentCode] = []
        for _ in range(3000):
            if rng.random() < 0.8:
                self.codes.append(
                    party_code(rng.randrange(1, 400), rng.choice(PARTY_TYPES), rng.choice(ISSUERS))
                )
            else:
                self.codes.append(
                    state_code(rng.randrange(1, 300), "NĐ", "CP", rng.randrange(2005, 2025))
                )
        self.codes = list({c.code: c for c in self.codes}.values())

    def records(self):  # noqa: ANN201
        rng = random.Random(self.size)
        start = date(2005, 1, 1)
        for n in range(self.size):
            words = rng.choices(self.vocab, weights=self.weights, k=400)
            people = rng.sample(
                self.persons[: 300 + n % len(self.persons)] if n % 3 else self.persons,
                rng.randrange(1, 4),
            )
            codes = rng.sample(self.codes[:200] if n % 2 else self.codes, rng.randrange(1, 4))
            body = []
            for i in range(0, 400, 50):
                body.append(" ".join(words[i : i + 50]).capitalize() + ".")
            body.append(
                "Đồng chí "
                + ", ".join(people)
                + " tham dự; thực hiện "
                + ", ".join(c.code for c in codes)
                + "."
            )
            record = ArticleRecord(
                path=f"synthetic/{n}.html",
                url=f"https://{SITES[n % len(SITES)]}/tin/{n}.html",
                title=" ".join(rng.choices(self.vocab, weights=self.weights, k=12)).capitalize(),
                body=body,
                published=start + timedelta(days=rng.randrange(0, 20 * 365)),
                site=SITES[n % len(SITES)],
                persons=[Person(p) for p in people],
                codes=codes,
            )
            yield record

    def queries(self, count: int) -> list[dict]:
        rng = random.Random(99)
        mid = self.vocab[20:400]
        out = []
        for i in range(count):
            kind = i % 8
            if kind == 0:
                q = {"q": rng.choice(mid)}
            elif kind == 1:
                q = {"q": fold_diacritics(" ".join(rng.sample(mid, 2)))}
            elif kind == 2:
                q = {"q": " ".join(rng.sample(self.vocab[:60], 3))}
            elif kind == 3:
                start = rng.randrange(0, 350)
                q = {"q": '"' + " ".join(self.vocab[start : start + 2]) + '"'}
            elif kind == 4:
                q = {"q": rng.choice(self.codes[:200]).code}
            elif kind == 5:
                q = {"q": rng.choice(mid), "person": rng.choice(self.persons[:300])}
            elif kind == 6:
                year = rng.randrange(2006, 2024)
                q = {
                    "q": fold_diacritics(rng.choice(mid)),
                    "date_from": f"{year}-01-01",
                    "date_to": f"{year}-06-30",
                }
            else:
                q = {"q": "", "code": rng.choice(self.codes[:200]).code}
            out.append(q)
        return out


VANKIEN_TABLES = "schema_version, store, generations, documents, postings, vocabulary"


def empty_database(address: str) -> None:
    """Drop the PostgreSQL store's tables: the next build starts from an empty database."""
    import psycopg

    with psycopg.connect(address) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {VANKIEN_TABLES}")


def database_mb(address: str) -> float:
    import psycopg

    with psycopg.connect(address) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return row[0] / 2**20


def build_vankien(archive: Archive, path: Path | str, resume: bool = False) -> dict:
    """Index the archive into `path`; with `resume`, an interrupted build goes on, its
    committed records found unchanged (indexer/index.py commits every CHECKPOINT_RECORDS)."""
    from indexer.index import index_records

    if isinstance(path, str) and not resume:
        empty_database(path)
    started = time.perf_counter()
    summary = index_records(
        path, archive.records(), progress=_progress(started), expected=archive.size
    )
    seconds = time.perf_counter() - started
    if isinstance(path, str):
        size = database_mb(path) * 2**20
    else:
        size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
    return {
        "articles": summary.added,
        "seconds": seconds,
        "rate": summary.added / seconds,
        "size_mb": size / 2**20,
    }


def _progress(started: float, every: int = 10_000):  # noqa: ANN202
    """Print the count and rate every `every` records, for builds that take hours."""

    def report(count: int, _path: str) -> None:
        if count % every == 0:
            seconds = time.perf_counter() - started
            print(f"  {count} records, {seconds:.0f} s, {count / seconds:.0f}/s", file=sys.stderr)

    return report


def build_fts5(archive: Archive, path: Path) -> dict:
    started = time.perf_counter()
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize="unicode61 remove_diacritics 2");
        CREATE TABLE doc(id INTEGER PRIMARY KEY, published TEXT, year TEXT, site TEXT);
        CREATE TABLE doc_person(doc INTEGER, person TEXT);
        CREATE TABLE doc_code(doc INTEGER, code TEXT);
    """)
    for n, record in enumerate(archive.records(), start=1):
        db.execute(
            "INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
            (n, fold_diacritics(record.title), fold_diacritics(record.body_text)),
        )
        db.execute(
            "INSERT INTO doc VALUES (?, ?, ?, ?)",
            (n, record.published.isoformat(), str(record.published.year), record.site),
        )
        db.executemany(
            "INSERT INTO doc_person VALUES (?, ?)", [(n, p.name) for p in record.persons]
        )
        db.executemany("INSERT INTO doc_code VALUES (?, ?)", [(n, c.code) for c in record.codes])
    db.executescript("""
        CREATE INDEX doc_person_doc ON doc_person(doc); CREATE INDEX doc_person_p ON doc_person(person);
        CREATE INDEX doc_code_doc ON doc_code(doc); CREATE INDEX doc_code_c ON doc_code(code);
        CREATE INDEX doc_published ON doc(published);
    """)
    db.commit()
    db.close()
    seconds = time.perf_counter() - started
    return {
        "articles": archive.size,
        "seconds": seconds,
        "rate": archive.size / seconds,
        "size_mb": path.stat().st_size / 2**20,
    }


def _fts_match(q: str) -> str | None:
    text = fold_diacritics(q).strip()
    if not text:
        return None
    if text.startswith('"'):
        return text
    return " AND ".join(f'"{w}"' for w in text.replace("/", " ").replace("-", " ").split())


def run_fts5(path: Path, queries: list[dict], rounds: int) -> list[float]:
    db = sqlite3.connect(path)
    timings = []
    for round_ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            match = _fts_match(query["q"]) if not query["q"].count("/") else None
            where, args = [], []
            if match:
                where.append("+id IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
                args.append(match)
            if query["q"].count("/") or query.get("code"):
                where.append("+id IN (SELECT doc FROM doc_code WHERE code = ?)")
                args.append(query.get("code") or query["q"])
            if query.get("person"):
                where.append("+id IN (SELECT doc FROM doc_person WHERE person = ?)")
                args.append(query["person"])
            if query.get("date_from"):
                where.append("published BETWEEN ? AND ?")
                args += [query["date_from"], query["date_to"]]
            clause = " AND ".join(where) or "1"
            db.execute("CREATE TEMP TABLE IF NOT EXISTS m(id INTEGER PRIMARY KEY)")
            db.execute("DELETE FROM m")
            db.execute(f"INSERT INTO m SELECT id FROM doc WHERE {clause}", args)
            db.execute("SELECT count(*) FROM m").fetchone()
            if match:
                db.execute(
                    "SELECT rowid FROM fts WHERE fts MATCH ? AND +rowid IN (SELECT id FROM m) "
                    "ORDER BY rank LIMIT 10",
                    (match,),
                ).fetchall()
            else:
                db.execute(
                    "SELECT d.id FROM doc d JOIN m USING(id) ORDER BY published DESC LIMIT 10"
                ).fetchall()
            db.execute("SELECT year, count(*) FROM doc JOIN m USING(id) GROUP BY year").fetchall()
            db.execute("SELECT site, count(*) FROM doc JOIN m USING(id) GROUP BY site").fetchall()
            db.execute(
                "SELECT person, count(*) c FROM doc_person JOIN m ON doc = m.id GROUP BY person "
                "ORDER BY c DESC LIMIT 10"
            ).fetchall()
            db.execute(
                "SELECT code, count(*) c FROM doc_code JOIN m ON doc = m.id GROUP BY code "
                "ORDER BY c DESC LIMIT 10"
            ).fetchall()
            if round_ == rounds - 1:
                timings.append((time.perf_counter() - started) * 1000)
    db.close()
    return timings


def run_vankien(index: Path | str, queries: list[dict], rounds: int) -> tuple[list[float], float]:
    from indexer.search import SearchEngine, SearchRequest

    engine = SearchEngine(index)
    timings = []
    for round_ in range(rounds):
        for query in queries:
            filters = {}
            if query.get("person"):
                filters["person"] = [query["person"]]
            if query.get("code"):
                filters["code"] = [query["code"]]
            request = SearchRequest(
                q=query["q"],
                filters=filters,
                date_from=date.fromisoformat(query["date_from"])
                if query.get("date_from")
                else None,
                date_to=date.fromisoformat(query["date_to"]) if query.get("date_to") else None,
                sort="relevance" if query["q"] else "newest",
            )
            started = time.perf_counter()
            engine.search(request)
            if round_ == rounds - 1:
                timings.append((time.perf_counter() - started) * 1000)
    return timings, peak_rss_mb()


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss would include the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2, help="the last round is timed (warm)")
    parser.add_argument("--reuse", action="store_true", help="keep indexes built by an earlier run")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="go on with an interrupted vankien build (its committed parts are kept)",
    )
    parser.add_argument(
        "--postgresql",
        metavar="ADDRESS",
        help="also build and search the PostgreSQL store in this database (emptied first)",
    )
    parser.add_argument(
        "--worker", nargs=3, metavar=("ENGINE", "INDEX", "SIZE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.worker:
        engine, index, size = args.worker
        queries = Archive(int(size)).queries(args.queries)
        if engine == "vankien":
            timings, rss = run_vankien(Path(index), queries, args.rounds)
        elif engine == "postgresql":
            timings, rss = run_vankien(index, queries, args.rounds)
        else:
            timings, rss = run_fts5(Path(index), queries, args.rounds), peak_rss_mb()
        print(json.dumps({"timings": timings, "rss_mb": rss}))
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes:
        archive = Archive(size)
        index, fts = args.out / f"vankien-{size}", args.out / f"fts5-{size}.sqlite"
        if args.resume and index.exists():
            build_v = build_vankien(archive, index, resume=True)
        elif not (args.reuse and index.exists()):
            import shutil

            shutil.rmtree(index, ignore_errors=True)
            build_v = build_vankien(archive, index)
        else:
            build_v = {
                "rate": float("nan"),
                "size_mb": sum(f.stat().st_size for f in index.iterdir()) / 2**20,
            }
        build_f = (
            build_fts5(archive, fts)
            if not (args.reuse and fts.exists())
            else {"rate": float("nan"), "size_mb": fts.stat().st_size / 2**20}
        )
        engines: list[tuple[str, Path | str]] = [("vankien", index), ("fts5", fts)]
        build_p = None
        if args.postgresql:
            build_p = build_vankien(archive, args.postgresql)
            engines.append(("postgresql", args.postgresql))
        results = {}
        for engine, path in engines:
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    engine,
                    str(path),
                    str(size),
                    "--queries",
                    str(args.queries),
                    "--rounds",
                    str(args.rounds),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            results[engine] = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append((size, build_v, build_f, results))
        print(f"\n{size} articles")
        print(f"{'':24} {'vankien':>12} {'FTS5':>12} {'ratio':>8}")
        print(f"{'build articles/s':24} {build_v['rate']:12.0f} {build_f['rate']:12.0f}")
        print(f"{'index size MB':24} {build_v['size_mb']:12.1f} {build_f['size_mb']:12.1f}")
        for label, p in (("query p50 ms", 50), ("query p95 ms", 95)):
            v = percentile(results["vankien"]["timings"], p)
            f = percentile(results["fts5"]["timings"], p)
            print(f"{label:24} {v:12.1f} {f:12.1f} {v / f:8.2f}")
        print(
            f"{'search process RSS MB':24} {results['vankien']['rss_mb']:12.0f} {results['fts5']['rss_mb']:12.0f}"
        )
        print(
            f"{'mean ms':24} {statistics.mean(results['vankien']['timings']):12.1f} "
            f"{statistics.mean(results['fts5']['timings']):12.1f}"
        )
        if build_p is not None:
            timings = results["postgresql"]["timings"]
            print(
                f"PostgreSQL store: build {build_p['rate']:.0f} articles/s, "
                f"database {build_p['size_mb']:.1f} MB, query p50 {percentile(timings, 50):.1f} ms, "
                f"p95 {percentile(timings, 95):.1f} ms, mean {statistics.mean(timings):.1f} ms, "
                f"search process RSS {results['postgresql']['rss_mb']:.0f} MB"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
