"""Before/after: search latency and memory, serve throughput, two revisions in one run.

    .venv/bin/python bench/compare.py --base 53bb667 --size 100000
    .venv/bin/python bench/compare.py --base 53bb667 --head HEAD --size 100000 --rounds 3
    .venv/bin/python bench/compare.py --base main --head /work/wt-stages --size 2000 --rounds 2

`--base` is a git revision; `--head` is a revision or a checkout folder (by default this
checkout, uncommitted changes included). A revision is checked out with `git worktree add
--detach` into a temporary folder, removed at the end. Both sides run with this Python
(the project's `.venv`) and PYTHONPATH at their own checkout, and each side runs its own
copy of bench/search.py (query phase, `--worker`) and bench/serve.py, so each measures
its own code on the same deterministic synthetic archive and query mix (checked: a
warning is printed when the two revisions' mixes differ).

Indexes live in `--out` (default bench/out), one per schema version and size:
`<out>/schema-<V>/vankien-<size>`, with `vankien-<size>.built.json` beside it once the
build finished. Both revisions with the same SCHEMA_VERSION query one index (built by the
base when missing); different versions build one each. Builds run under `nice`. Each side
queries its own hard-linked copy (`<out>/schema-<V>/<side>/vankien-<size>`), where it
writes its column cache in its own format, built in an untimed warm-up.

Rounds are interleaved (base, head, then head, base, and so on) so machine load falls on
both sides alike; each round is one fresh search process per side (`--search-rounds`
passes over the query mix, the last one timed) and one `serve.py` run per side
(`--serve-seconds`, `--clients`, `--workers`; 0 seconds skips it). The table shows the
median over rounds per side, its range, and the ratio head/base; ratios near 1.0 are the
noise level (compare a revision with itself: `--base HEAD --head HEAD`). A metric is
marked worse/better only when the ranges do not overlap and the medians differ by more
than `--margin`. The paired line compares the same queries on both sides (geometric
mean of head/base per query), which cancels each query's own cost. `--json FILE` keeps
every round and every query's timing.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Python run inside a checkout: where its packages are imported from, its schema
# version, and a fingerprint of its synthetic archive and query mix.
PROBE = r"""
import hashlib, itertools, json, sys
root, size, queries = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sys.path[:0] = [root, root + "/bench"]
import indexer, webui
try:
    from indexer.store.whoosh.schema import SCHEMA_VERSION
except ImportError:  # the constant moved beside the schema: read it where it is declared
    import pathlib, re
    found = (
        re.search(r"^SCHEMA_VERSION\s*(?::\s*int)?\s*=\s*(\d+)", p.read_text(encoding="utf-8"), re.M)
        for p in sorted(pathlib.Path(indexer.__file__).parent.rglob("*.py"))
    )
    SCHEMA_VERSION = int(next(m for m in found if m).group(1))
from search import Archive
archive = Archive(size)
mix = json.dumps(archive.queries(queries), ensure_ascii=False, sort_keys=True)
try:
    records = [
        [r.url, r.title, r.body, str(r.published), [p.name for p in r.persons]]
        for r in itertools.islice(archive.records(), 50)
    ]
except AttributeError as error:  # a record type that changed shape: say so, go on
    records = [repr(error)]
print(json.dumps({
    "indexer": indexer.__file__,
    "webui": webui.__file__,
    "schema_version": SCHEMA_VERSION,
    "queries": hashlib.sha256(mix.encode()).hexdigest()[:16],
    "archive": hashlib.sha256(json.dumps(records, ensure_ascii=False).encode()).hexdigest()[:16],
}))
"""

BUILD = r"""
import json, sys
from pathlib import Path
root, size, index = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
sys.path[:0] = [root, root + "/bench"]
from search import Archive, build_vankien
print(json.dumps(build_vankien(Archive(size), index)))
"""

# Files an index folder holds besides Whoosh's: caches in one revision's own format.
CACHE_SUFFIXES = (".pickle", ".npy", ".tmp")

SERVE_PATTERNS = {
    "requests": r"requests: (\d+) \(([\d.]+)/s\), errors: (\d+)",
    "latency": r"latency ms: p50 (\d+), p95 (\d+), max (\d+)",
    "memory": r"server memory MB: start (\d+), end (\d+)",
}

# (key, label, lower is better) in the order of the table.
METRICS = [
    ("search_p50", "search p50 ms", True),
    ("search_p95", "search p95 ms", True),
    ("search_max", "search max ms", True),
    ("search_mean", "search mean ms", True),
    ("search_rss", "search process RSS MB", True),
    ("serve_rps", "serve requests/s", False),
    ("serve_p50", "serve p50 ms", True),
    ("serve_p95", "serve p95 ms", True),
    ("serve_max", "serve max ms", True),
    ("serve_rss_end", "serve memory end MB", True),
    ("serve_errors", "serve errors", True),
]


@dataclass
class Side:
    """One revision under test: its checkout, label, schema version and index."""

    name: str
    checkout: Path
    label: str
    temporary: bool = False
    probe: dict = field(default_factory=dict)
    index: Path | None = None
    rounds: list[dict] = field(default_factory=list)
    timings: list[list[float]] = field(default_factory=list)
    serve_logs: list[str] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        """The environment its processes run with: imports come from its checkout."""
        env = dict(os.environ)
        env["PYTHONPATH"] = str(self.checkout)
        env.pop("PYTHONHOME", None)
        return env


def git(*args: str, cwd: Path = ROOT) -> str:
    """Run git in `cwd` and return its output, stripped."""
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout.strip()


def prepare(name: str, spec: str) -> Side:
    """A checkout for `spec`: an existing folder as it is, or a revision in a new worktree."""
    folder = Path(spec).expanduser()
    if folder.is_dir():
        folder = folder.resolve()
        commit = git("rev-parse", "--short", "HEAD", cwd=folder)
        dirty = git("status", "--porcelain", "--untracked-files=no", cwd=folder)
        label = f"{folder.name} {commit}{'+changes' if dirty else ''}"
        return Side(name, folder, label)
    commit = git("rev-parse", "--verify", f"{spec}^{{commit}}")
    checkout = Path(tempfile.mkdtemp(prefix=f"vankien-{name}-"))
    git("worktree", "add", "--detach", str(checkout), commit)
    short = git("rev-parse", "--short", commit)
    label = short if spec.startswith(short[:7]) else f"{spec}={short}"
    return Side(name, checkout, label, temporary=True)


def remove(side: Side) -> None:
    """Remove a temporary worktree (and its folder, whatever git thinks of it)."""
    if not side.temporary:
        return
    subprocess.run(
        ["git", "worktree", "remove", "--force", str(side.checkout)],
        cwd=ROOT,
        capture_output=True,
    )
    shutil.rmtree(side.checkout, ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], cwd=ROOT, capture_output=True)


def run_python(side: Side, args: list[str], nice: int = 0) -> subprocess.CompletedProcess:
    """Run this Python in the side's checkout with its imports; output captured."""
    command = [sys.executable, *args]
    if nice:
        command = ["nice", "-n", str(nice), *command]
    return subprocess.run(
        command, cwd=side.checkout, env=side.env(), capture_output=True, text=True
    )


def last_json(done: subprocess.CompletedProcess, what: str) -> dict:
    """The JSON object on the last line of a child's output, or stop with its error."""
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise SystemExit(f"{what} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(lines[-1])


def probe(side: Side, size: int, queries: int) -> None:
    """Check that the side imports its own code; read its schema version and mix."""
    done = run_python(side, ["-c", PROBE, str(side.checkout), str(size), str(queries)])
    side.probe = last_json(done, f"probe of {side.label}")
    for package in ("indexer", "webui"):
        if not Path(side.probe[package]).is_relative_to(side.checkout):
            raise SystemExit(
                f"{side.label} imports {package} from {side.probe[package]}, "
                f"not from {side.checkout}"
            )


def ensure_index(side: Side, out: Path, size: int, nice: int) -> Path:
    """The index for the side's schema version, built by this side when missing."""
    version = side.probe["schema_version"]
    index = out / f"schema-{version}" / f"vankien-{size}"
    marker = index.with_name(index.name + ".built.json")
    if marker.exists() and index.is_dir():
        built = json.loads(marker.read_text(encoding="utf-8"))
        print(f"index {index}: reused (built by {built.get('built_by')})", flush=True)
        return index
    shutil.rmtree(index, ignore_errors=True)
    index.parent.mkdir(parents=True, exist_ok=True)
    print(f"index {index}: building {size} articles with {side.label} ...", flush=True)
    started = time.perf_counter()
    done = run_python(side, ["-c", BUILD, str(side.checkout), str(size), str(index)], nice)
    result = last_json(done, f"index build by {side.label}")
    result.update(
        size=size,
        schema_version=version,
        built_by=side.label,
        wall_seconds=round(time.perf_counter() - started, 1),
        files=sorted(p.name for p in index.iterdir() if p.is_file()),
    )
    marker.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"  built in {result['wall_seconds']:.0f} s, {result['size_mb']:.0f} MB", flush=True)
    return index


def side_view(side: Side, index: Path) -> Path:
    """The side's own copy of the index: hard links to the files the build left.

    A search engine writes caches into its index folder (columns-*.pickle, text-*.npy)
    in its own revision's format; two revisions sharing one folder would overwrite each
    other's cache, or fail to unpickle it. Whoosh's files are never changed after a
    build, so linking them costs no space. The folder keeps the name `vankien-<size>`,
    from which bench/serve.py reads the size.
    """
    marker = index.with_name(index.name + ".built.json")
    files = json.loads(marker.read_text(encoding="utf-8"))["files"]
    # The build may have left the builder's own cache: each side makes its own.
    files = [name for name in files if not name.endswith(CACHE_SUFFIXES)]
    view = index.parent / side.name / index.name
    shutil.rmtree(view, ignore_errors=True)
    view.mkdir(parents=True)
    for name in files:
        try:
            os.link(index / name, view / name)
        except OSError:
            shutil.copy2(index / name, view / name)
    return view


def warm(index: Path) -> None:
    """Read the index files once, so the first measured side does not pay a cold cache."""
    for path in sorted(index.iterdir()):
        if path.is_file():
            with path.open("rb") as handle:
                while handle.read(1 << 22):
                    pass


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile, as bench/search.py computes it."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def search_round(side: Side, size: int, queries: int, passes: int) -> dict:
    """One fresh search process on the side's own bench/search.py: latency and peak memory.

    The timings, one per query of the mix in its order, are kept in `side.timings`.
    """
    script = str(side.checkout / "bench" / "search.py")
    args = [script, "--worker", "vankien", str(side.index), str(size)]
    args += ["--queries", str(queries), "--rounds", str(passes)]
    result = last_json(run_python(side, args), f"search on {side.label}")
    timings = result["timings"]
    side.timings.append(timings)
    return {
        "search_p50": percentile(timings, 50),
        "search_p95": percentile(timings, 95),
        "search_max": max(timings),
        "search_mean": statistics.mean(timings),
        "search_rss": result["rss_mb"],
    }


def serve_round(side: Side, seconds: float, clients: int, workers: int) -> dict:
    """One run of the side's own bench/serve.py: throughput, latency, memory, errors."""
    script = str(side.checkout / "bench" / "serve.py")
    args = [script, "--index", str(side.index), "--seconds", str(seconds)]
    args += ["--clients", str(clients), "--workers", str(workers)]
    done = run_python(side, args)
    side.serve_logs.append(done.stdout)
    found = {key: re.search(pattern, done.stdout) for key, pattern in SERVE_PATTERNS.items()}
    if not all(found.values()):
        raise SystemExit(
            f"serve on {side.label} failed ({done.returncode}):\n"
            f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        )
    requests, latency, memory = found["requests"], found["latency"], found["memory"]
    return {
        "serve_rps": float(requests.group(2)),
        "serve_errors": int(requests.group(3)),
        "serve_p50": float(latency.group(1)),
        "serve_p95": float(latency.group(2)),
        "serve_max": float(latency.group(3)),
        "serve_rss_end": float(memory.group(2)),
    }


def number(value: float) -> str:
    """Three significant figures at most, so small and large numbers both read well."""
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"


def median_of(side: Side, key: str) -> float | None:
    values = [r[key] for r in side.rounds if key in r]
    return statistics.median(values) if values else None


def paired_ratio(base: Side, head: Side) -> float | None:
    """Geometric mean over the queries of head/base, each side's median over rounds.

    Both sides time the same queries in the same order, so a query's own cost cancels
    out; the spread between rounds is left, much smaller than that of a percentile.
    """
    rounds = base.timings + head.timings
    if not base.timings or not head.timings or len({len(t) for t in rounds}) != 1:
        return None
    logs = []
    for i in range(len(rounds[0])):
        b = statistics.median(t[i] for t in base.timings)
        h = statistics.median(t[i] for t in head.timings)
        logs.append(math.log(max(h, 1e-3) / max(b, 1e-3)))
    return math.exp(statistics.mean(logs))


def table(base: Side, head: Side, size: int, margin: float) -> str:
    """The side-by-side table: median of rounds per side, ratio head/base, spread."""
    width = max(24, len(base.label) + 6, len(head.label) + 6)
    lines = [
        f"{size} articles, {len(base.rounds)} rounds per side (median; range over rounds)",
        f"{'':24} {'base ' + base.label:>{width}} {'head ' + head.label:>{width}} {'head/base':>10}",
    ]
    for key, label, lower_is_better in METRICS:
        b, h = median_of(base, key), median_of(head, key)
        if b is None or h is None:
            continue
        ratio = f"{h / b:10.2f}" if b else f"{'-':>10}"
        cells = []
        for side, value in ((base, b), (head, h)):
            values = [r[key] for r in side.rounds]
            cells.append(f"{number(value)} [{number(min(values))}-{number(max(values))}]")
        note = separation(base, head, key, lower_is_better, margin)
        lines.append(f"{label:24} {cells[0]:>{width}} {cells[1]:>{width}} {ratio}  {note}".rstrip())
    paired = paired_ratio(base, head)
    if paired is not None:
        lines.append(
            f"{'search, same queries paired (geometric mean of head/base)':{24 + 2 * width + 2}} {paired:10.2f}"
        )
    lines.append(
        f"worse/better: every head round beyond every base round, medians {margin:.0%} apart"
    )
    return "\n".join(lines)


def separation(base: Side, head: Side, key: str, lower_is_better: bool, margin: float) -> str:
    """'worse' or 'better' when the sides' ranges over rounds do not overlap and their
    medians are more than `margin` apart (a relative share)."""
    b = [r[key] for r in base.rounds]
    h = [r[key] for r in head.rounds]
    if (
        len(b) < 2
        or len(h) < 2
        or abs(statistics.median(h) - statistics.median(b)) <= (margin * abs(statistics.median(b)))
    ):
        return ""
    if min(h) > max(b):
        return "worse" if lower_is_better else "better"
    if max(h) < min(b):
        return "better" if lower_is_better else "worse"
    return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="git revision measured as 'before'")
    parser.add_argument(
        "--head",
        default=str(ROOT),
        help="git revision or checkout folder measured as 'after' (default: this checkout)",
    )
    parser.add_argument("--size", type=int, default=100_000, help="articles in the archive")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per side")
    parser.add_argument("--queries", type=int, default=200, help="size of the search mix")
    parser.add_argument(
        "--search-rounds", type=int, default=2, help="passes per search process, last timed"
    )
    parser.add_argument("--serve-seconds", type=float, default=20, help="0 skips serve")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="serve processes")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--nice", type=int, default=10, help="niceness of index builds")
    parser.add_argument(
        "--margin", type=float, default=0.05, help="smallest change marked worse/better"
    )
    parser.add_argument("--json", type=Path, help="write every round's numbers here")
    args = parser.parse_args()

    started = time.perf_counter()
    sides: list[Side] = []
    shared: dict[str, Path] = {}
    try:
        base = prepare("base", args.base)
        sides.append(base)
        head = prepare("head", args.head)
        sides.append(head)
        for side in sides:
            probe(side, args.size, args.queries)
            print(
                f"{side.name}: {side.label} at {side.checkout}, "
                f"schema {side.probe['schema_version']}",
                flush=True,
            )
        for what in ("queries", "archive"):
            if base.probe[what] != head.probe[what]:
                print(f"WARNING: the two revisions generate different {what}", flush=True)
        for side in sides:
            shared[side.name] = ensure_index(side, args.out, args.size, args.nice)
            side.index = side_view(side, shared[side.name])
        for index in dict.fromkeys(shared.values()):
            warm(index)
        for side in sides:
            # Untimed: the first open builds the side's column cache in its view.
            began = time.perf_counter()
            search_round(side, args.size, min(args.queries, 16), 1)
            side.timings.clear()
            print(f"warm-up {side.name}: {time.perf_counter() - began:.0f} s", flush=True)
        for round_number in range(1, args.rounds + 1):
            # base, head, head, base, ...: a load that grows or fades during a round
            # does not always fall on the side that runs second.
            order = sides if round_number % 2 else sides[::-1]
            for side in order:
                numbers = search_round(side, args.size, args.queries, args.search_rounds)
                if args.serve_seconds > 0:
                    numbers.update(
                        serve_round(side, args.serve_seconds, args.clients, args.workers)
                    )
                side.rounds.append(numbers)
                summary = ", ".join(f"{k} {v:.1f}" for k, v in numbers.items())
                print(f"round {round_number} {side.name}: {summary}", flush=True)
    finally:
        for side in sides:
            remove(side)
    print()
    print(table(base, head, args.size, args.margin))
    minutes = (time.perf_counter() - started) / 60
    indexes = ", ".join(str(index) for index in dict.fromkeys(shared.values()))
    print(f"index: {indexes} (base and head query hard-linked copies beside it)")
    print(f"run took {minutes:.1f} min")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    side.name: {
                        "label": side.label,
                        "index": str(side.index),
                        "rounds": side.rounds,
                        "timings": side.timings,
                        "serve_logs": side.serve_logs,
                    }
                    for side in sides
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
