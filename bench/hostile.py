"""Hostile queries against the engine and `vankien serve`: no 5xx, bounded latency, and
ordinary searches unaffected while hostile ones run.

    python bench/hostile.py                       # 10,000 articles (built once, then reused)
    python bench/hostile.py --size 100000 --seconds 30

The index is the synthetic archive of bench/search.py, built into bench/out/vankien-SIZE
unless it is there already (--rebuild builds it again). Three phases:

1. engine: every hostile request through the web's own parameter checks and the engine,
   in this process, --rounds times: the answer (ok, refused with a message, or a crash)
   and the latency;
2. HTTP: the same requests to `vankien serve` on 127.0.0.1 (started here, stopped by its
   pid), after one untimed pass of every request: status codes (a 5xx fails the run)
   and latency;
3. load: ordinary searches (bench/serve.py's mix) timed alone, then while --clients
   clients send hostile requests, then while as many clients send ordinary ones (the
   control: on a small machine any load slows a search; hostile requests should slow it
   no more than ordinary ones do).

Exit status 1 when a request crashed or answered 5xx.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search import Archive, build_vankien  # noqa: E402
from serve import free_port, request_mix  # noqa: E402

from indexer.text.normalize import fold_diacritics  # noqa: E402

Params = dict[str, str]


def hostile_requests(archive: Archive) -> list[tuple[str, Params]]:
    """(name, search parameters) of every hostile case, deterministic for an archive."""
    rng = random.Random(5)
    common = archive.vocab[:400]
    frequent = [fold_diacritics(w) for w in archive.vocab[:8]]
    pairs = list(zip(archive.vocab[0:32:2], archive.vocab[1:32:2], strict=True))

    def letters(n: int) -> str:
        return "".join(rng.choice("abcdeghiklmnopqrstuvxy") for _ in range(n))

    cases: list[tuple[str, Params]] = [
        ("400 '(' then a word", {"q": "(" * 400 + "a"}),
        ("1,990 '('", {"q": "(" * 1990 + " đảng"}),
        ("'-(' x 990", {"q": "-(" * 990 + "a"}),
        ("'(a OR ' x 300", {"q": (("(" + common[1] + " OR ") * 300)[:2000]}),
        ("')' x 2,000", {"q": ")" * 2000}),
        ("a 1,500-letter word", {"q": "x" * 1500}),
        ("a 64-letter unknown word", {"q": letters(64)}),
        ("8 unknown 12-letter words", {"q": " ".join(letters(12) for _ in range(8))}),
        ("2 unknown 16-letter words", {"q": " ".join(letters(16) for _ in range(2))}),
        ("2 typos of common words", {"q": " ".join(w[:-1] + "q" for w in common[20:22])}),
        ("220 unknown words", {"q": " ".join(letters(8) for _ in range(220))}),
        ("300 common words", {"q": " ".join(rng.choices(common, k=300))[:2000]}),
        ("8 commonest words, no accents", {"q": " ".join(frequent)}),
        ("32 commonest words", {"q": " ".join(archive.vocab[:32])}),
        ("300 ORs", {"q": " OR ".join(rng.choices(common, k=300))[:2000]}),
        ("32 two-letter prefixes", {"q": " ".join(f"{a}{b}*" for a in "tnhc" for b in "hgra")}),
        ("prefixes 'a* b* c*'", {"q": " ".join(f"{c}*" for c in "abcdeghiklmnopqrstuvxy")}),
        ("250 codes not indexed", {"q": " ".join(f"{900 + i}-NQ/TW" for i in range(250))[:2000]}),
        ("32 indexed codes", {"q": " ".join(c.code for c in archive.codes[:32])}),
        ("codes by type name x 100", {"q": " ".join(f"nghi quyet {i}" for i in range(100))}),
        ("a 60-digit code", {"q": "1" * 60 + "-NQ/TW"}),
        ("'1/2/3/…' 2,000 chars", {"q": "/".join(str(i) for i in range(600))[:2000]}),
        ("emoji x 500", {"q": "😀" * 500}),
        ("control characters", {"q": "".join(chr(i) for i in range(32)) * 60}),
        ("a quoted phrase of 300 words", {"q": '"' + " ".join(common[:300]) + '"'}),
        ("600 unmatched quotes", {"q": '"a ' * 600}),
        ("16 phrases of common words", {"q": " ".join(f'"{a} {b}"' for a, b in pairs)}),
        ("mixed scripts", {"q": "Đảng 党 партия حزب पार्टी ☭ 𝔇𝔞𝔫𝔤 ｄａｎｇ " * 20}),
        ("title: 64-letter words", {"q": "title:" + " ".join(letters(64) for _ in range(25))}),
        ("person: 250 names", {"q": 'person:"' + "Nguyễn Văn " * 180 + '"'}),
        ("site: a huge value", {"q": "site:" + "a." * 990}),
        ("code: a 60-character value", {"q": "code:" + letters(60)}),
        ("year: 60 digits", {"q": "year:" + "9" * 60}),
        ("date: widest range", {"q": "đảng date:1000-01-01..9999-12-31"}),
        ("300 field names", {"q": " ".join(f"author:x{i}" for i in range(300))[:2000]}),
        ("NOT alone", {"q": "NOT"}),
        ("'*' alone", {"q": "*"}),
        ("'-' alone", {"q": "-"}),
        ("operators only", {"q": "AND OR NOT " * 180}),
        ("whitespace, tabs, newlines", {"q": " \t\n\r\u00a0\u200b" * 300}),
        ("year=20199", {"q": "đảng", "year": "20199"}),
        ("month=2017-13", {"q": "đảng", "month": "2017-13"}),
        ("from=0001-01-01", {"q": "đảng", "from": "0001-01-01"}),
        ("to=31/02/2017", {"q": "đảng", "to": "31/02/2017"}),
        ("page=-1", {"q": "đảng", "page": "-1"}),
        ("page=10^30", {"q": "đảng", "page": "1" + "0" * 30}),
        ("per_page=10^9", {"q": "đảng", "per_page": "1000000000"}),
        ("last page of a common word", {"q": common[0], "page": "1000"}),
        ("q of 2,001 characters", {"q": "a " * 1000 + "b"}),
        ("fq_person of 2,000 letters", {"q": "", "more": "person", "fq_person": "n" * 2000}),
    ]
    return cases


# -- measuring -------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one hostile case gave, over every round."""

    name: str
    answers: list[str] = field(default_factory=list)  # "200", "400", "crash: …"
    ms: list[float] = field(default_factory=list)
    # CPU time of the answering thread (engine phase only): what the latency would be on
    # an idle machine, when other processes share the cores.
    cpu_ms: list[float] = field(default_factory=list)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def engine_phase(index: Path, cases: list[tuple[str, Params]], rounds: int) -> list[Outcome]:
    """Each case through the web's parameter checks and the engine, in this process."""
    from werkzeug.datastructures import MultiDict

    from indexer.search import SearchEngine, SearchError
    from webui.errors import UserError
    from webui.params import Params as WebParams
    from webui.settings import Settings

    engine = SearchEngine(index)
    settings = Settings()
    engine.search(WebParams(MultiDict({"q": "đảng"}), settings).search_request())  # warm
    outcomes = [Outcome(name) for name, _ in cases]
    try:
        for _ in range(rounds):
            for outcome, (_, params) in zip(outcomes, cases, strict=True):
                started, cpu = time.perf_counter(), time.thread_time()
                try:
                    engine.search(WebParams(MultiDict(params), settings).search_request())
                    answer = "ok"
                except (UserError, SearchError):
                    answer = "refused"
                except Exception:  # noqa: BLE001 - what the bench is looking for
                    answer = "crash: " + traceback.format_exc().strip().splitlines()[-1]
                outcome.ms.append((time.perf_counter() - started) * 1000)
                outcome.cpu_ms.append((time.thread_time() - cpu) * 1000)
                outcome.answers.append(answer)
    finally:
        engine.close()
    return outcomes


class Server:
    """`vankien serve` on a free port of 127.0.0.1, stopped by its own pid."""

    def __init__(self, index: Path, workers: int, threads: int) -> None:
        self.port = free_port()
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "indexer.cli",
                "serve",
                "--index",
                str(index),
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--threads",
                str(threads),
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                self.get("/search.json?q=")
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("vankien serve did not answer within 180 s")

    def get(self, path: str, conn: http.client.HTTPConnection | None = None) -> int:
        """The status of one GET (a connection of its own unless one is given)."""
        own = conn is None
        conn = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            if own:
                conn.close()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def timed_get(server: Server, conn: http.client.HTTPConnection, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        status = server.get(path, conn)
    except (OSError, http.client.HTTPException):
        status = 0
    return status, (time.perf_counter() - started) * 1000


def warm_up(server: Server, paths: list[str]) -> None:
    """Every path once, untimed: each worker opens its index, reads its columns and
    builds its caches before anything is measured."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    for path in paths:
        if timed_get(server, conn, path)[0] == 0:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    conn.close()


def http_phase(server: Server, cases: list[tuple[str, Params]], rounds: int) -> list[Outcome]:
    """Each case as /search.json, --rounds times, one after another."""
    outcomes = [Outcome(name) for name, _ in cases]
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    for _ in range(rounds):
        for outcome, (_, params) in zip(outcomes, cases, strict=True):
            status, ms = timed_get(server, conn, "/search.json?" + urlencode(params))
            if status == 0:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
            outcome.answers.append(str(status))
            outcome.ms.append(ms)
    conn.close()
    return outcomes


def load_phase(
    server: Server, ordinary: list[str], background: list[str], clients: int, seconds: float
) -> tuple[list[float], list[int]]:
    """Ordinary searches timed one after another for `seconds`, while `clients` others
    send `background` requests in a loop; the ordinary latencies and background statuses."""
    stop = time.monotonic() + seconds
    statuses: list[int] = []
    lock = threading.Lock()

    def loader(n: int) -> None:
        rng = random.Random(n)
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        while time.monotonic() < stop:
            status, _ = timed_get(server, conn, rng.choice(background))
            if status == 0:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
            with lock:
                statuses.append(status)
        conn.close()

    threads = [threading.Thread(target=loader, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    latencies: list[float] = []
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    i = 0
    while time.monotonic() < stop:
        _, ms = timed_get(server, conn, ordinary[i % len(ordinary)])
        latencies.append(ms)
        i += 1
    conn.close()
    for thread in threads:
        thread.join()
    return latencies, statuses


# -- reporting -------------------------------------------------------------------------


def summary(values: list[float]) -> str:
    return (
        f"p50 {percentile(values, 50):7.1f}  p95 {percentile(values, 95):7.1f}  "
        f"p99 {percentile(values, 99):7.1f}  max {max(values):7.1f} ms  (n={len(values)})"
    )


def report_cases(title: str, outcomes: list[Outcome]) -> list[str]:
    """Print each case's answers and latency; return the failures (crash or 5xx)."""
    print(f"\n{title}")
    failures = []
    for outcome in outcomes:
        answers = sorted(set(outcome.answers))
        bad = [a for a in answers if a.startswith("crash") or a.startswith("5") or a == "0"]
        failures += [f"{outcome.name}: {a}" for a in bad]
        cpu = f"  cpu max {max(outcome.cpu_ms):7.1f} ms" if outcome.cpu_ms else ""
        print(
            f"  {outcome.name[:34]:34} {','.join(answers)[:18]:18} "
            f"median {statistics.median(outcome.ms):7.1f} ms  max {max(outcome.ms):7.1f} ms{cpu}"
        )
    every = [ms for outcome in outcomes for ms in outcome.ms]
    print(f"  all hostile requests: {summary(every)}")
    cpu = [ms for outcome in outcomes for ms in outcome.cpu_ms]
    if cpu:
        print(f"  CPU time of each:     {summary(cpu)}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="articles in the archive")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--rebuild", action="store_true", help="build the index again")
    parser.add_argument("--rounds", type=int, default=3, help="times each hostile case runs")
    parser.add_argument("--seconds", type=float, default=20, help="length of each load run")
    parser.add_argument("--clients", type=int, default=2, help="clients sending load")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--engine-only", action="store_true", help="skip the server phases")
    args = parser.parse_args()

    archive = Archive(args.size)
    index = args.out / f"vankien-{args.size}"
    if args.rebuild or not index.exists():
        import shutil

        shutil.rmtree(index, ignore_errors=True)
        args.out.mkdir(parents=True, exist_ok=True)
        built = build_vankien(archive, index)
        print(f"built {index}: {built['articles']} articles in {built['seconds']:.0f} s")
    cases = hostile_requests(archive)
    print(f"index {index} ({args.size} articles), {len(cases)} hostile cases")

    engine_outcomes = engine_phase(index, cases, args.rounds)
    failures = report_cases(
        "engine (in process, after the web's parameter checks)", engine_outcomes
    )
    if args.engine_only:
        return 1 if failures else 0

    server = Server(index, args.workers, threads=max(8, 2 * args.clients))
    try:
        ordinary = [u for u in request_mix(args.size, 400) if u.startswith("/search")]
        hostile = ["/search.json?" + urlencode(params) for _, params in cases]
        warm_up(server, ordinary + hostile * 2 * args.workers)
        http_outcomes = http_phase(server, cases, args.rounds)
        failures += report_cases("HTTP /search.json (one request at a time)", http_outcomes)
        alone, _ = load_phase(server, ordinary, [], 0, args.seconds)
        under_hostile, statuses = load_phase(server, ordinary, hostile, args.clients, args.seconds)
        under_ordinary, _ = load_phase(server, ordinary, ordinary, args.clients, args.seconds)
    finally:
        server.stop()
    server_errors = [s for s in statuses if s >= 500 or s == 0]
    failures += [
        f"{len(server_errors)} hostile requests under load answered 5xx or nothing"
    ] * bool(server_errors)
    print(f"\nordinary searches, one client ({args.seconds:.0f} s each)")
    print(f"  alone:                                  {summary(alone)}")
    print(f"  beside {args.clients} clients of hostile requests:   {summary(under_hostile)}")
    print(f"  beside {args.clients} clients of ordinary searches:  {summary(under_ordinary)}")
    print(f"  hostile requests sent under load: {len(statuses)}, 5xx or none: {len(server_errors)}")
    if args.json:
        every = {
            "engine": [ms for o in engine_outcomes for ms in o.ms],
            "engine_cpu": [ms for o in engine_outcomes for ms in o.cpu_ms],
            "http": [ms for o in http_outcomes for ms in o.ms],
        }
        figures = {
            "size": args.size,
            **{
                f"{phase}_p{p}": round(percentile(values, p), 1)
                for phase, values in every.items()
                for p in (50, 95, 99)
            },
            **{
                f"ordinary_{name}_p{p}": round(percentile(values, p), 1)
                for name, values in (
                    ("alone", alone),
                    ("beside_hostile", under_hostile),
                    ("beside_ordinary", under_ordinary),
                )
                for p in (50, 95, 99)
            },
            "failures": failures,
        }
        args.json.write_text(json.dumps(figures, indent=1), "utf-8")
    for failure in failures:
        print("FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
