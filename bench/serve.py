"""Load `vankien serve`: N concurrent clients for S seconds, a realistic request mix.

    python bench/serve.py --index bench/out/vankien-100000 --clients 8 --seconds 60

The index is the synthetic archive of bench/search.py (its size is read from the folder
name). Searches (with and without diacritics, codes, persons, date ranges, paging),
article pages, code and person pages and JSON twins are mixed. Prints requests per
second, p50/p95 latency, errors, and the server's memory at the start and the end.
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search import Archive  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def memory_mb(pid: int, key: str = "Rss:") -> float:
    """Memory of the server and its worker processes together: resident ("Rss:"), or
    proportional ("Pss:", pages shared between workers, such as the mapped text column,
    counted once)."""
    total = 0.0
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for one in pids:
        for line in Path(f"/proc/{one}/smaps_rollup").read_text().splitlines():
            if line.startswith(key):
                total += int(line.split()[1]) / 1024
    return total


def request_mix(size: int, count: int) -> list[str]:
    archive = Archive(size)
    rng = random.Random(3)
    urls = []
    for query in archive.queries(count):
        params = {"q": query["q"]}
        if query.get("person"):
            params["person"] = query["person"]
        if query.get("code"):
            params["code"] = query["code"]
        if query.get("date_from"):
            params["from"], params["to"] = query["date_from"], query["date_to"]
        if rng.random() < 0.2:
            params["page"] = str(rng.randrange(2, 5))
        path = "/search.json" if rng.random() < 0.3 else "/search"
        urls.append(path + "?" + urlencode(params))
        roll = rng.random()
        if roll < 0.3:
            n = rng.randrange(size)
            urls.append("/article?id=" + quote(f"https://dangbo{n % 12}.example.vn/tin/{n}.html"))
        elif roll < 0.4:
            urls.append("/code?code=" + quote(rng.choice(archive.codes[:200]).code))
        elif roll < 0.5:
            urls.append("/person?name=" + quote(rng.choice(archive.persons[:300])))
    return urls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "bench" / "out" / "vankien-100000")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--requests", type=int, default=2000, help="size of the request mix")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument(
        "--threads", type=int, default=0, help="threads per process (default: --clients)"
    )
    args = parser.parse_args()
    match = re.search(r"(\d+)$", args.index.name)
    size = int(match.group(1)) if match else 10_000
    port = free_port()
    server_log = tempfile.TemporaryFile()  # noqa: SIM115 - read and closed at the end
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "indexer.cli",
            "serve",
            "--index",
            str(args.index),
            "--port",
            str(port),
            "--threads",
            str(args.threads or args.clients),
            "--workers",
            str(args.workers),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        # A file, not a pipe nobody reads: waitress logs a line each time requests queue,
        # and a full pipe would block the server in the middle of a request.
        stderr=server_log,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                conn.request("GET", "/search.json?q=")
                conn.getresponse().read()
                conn.close()
                break
            except OSError:
                time.sleep(0.2)
        urls = request_mix(size, args.requests)
        start_rss = memory_mb(server.pid)
        latencies: list[float] = []
        slowest: list[tuple[float, str]] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds

        # Popular searches repeat (a Zipf-like draw over the mix), as they do in an office.
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(urls))]

        def client(n: int) -> None:
            rng = random.Random(n)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while time.monotonic() < stop:
                url = rng.choices(urls, weights=weights)[0]
                started = time.perf_counter()
                try:
                    conn.request("GET", url)
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException) as error:
                    status = 0
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    with lock:
                        errors.append(f"{url}: {error}")
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    slowest.append((elapsed, url))
                    if status >= 500 or (status >= 400 and "/article" not in url):
                        errors.append(f"{url}: HTTP {status}")
            conn.close()

        memory: list[tuple[float, float]] = []

        def sample_memory() -> None:
            while time.monotonic() < stop:
                memory.append((time.monotonic() - began, memory_mb(server.pid, "Pss:")))
                time.sleep(args.seconds / 12)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        threads.append(threading.Thread(target=sample_memory))
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.monotonic() - began
        end_rss = memory_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    ordered = sorted(latencies)
    print(f"index: {args.index} ({size} articles), {args.clients} clients, {seconds:.0f} s")
    print(f"requests: {len(latencies)} ({len(latencies) / seconds:.1f}/s), errors: {len(errors)}")
    print(
        f"latency ms: p50 {statistics.median(ordered):.0f}, p95 {ordered[int(0.95 * (len(ordered) - 1))]:.0f}, "
        f"max {ordered[-1]:.0f}"
    )
    print(f"server memory MB: start {start_rss:.0f}, end {end_rss:.0f}")
    print(
        "proportional memory (PSS) MB over time: "
        + ", ".join(f"{t:.0f}s {mb:.0f}" for t, mb in memory)
    )
    for elapsed, url in sorted(slowest, reverse=True)[:8]:
        print(f"   slow: {elapsed:6.0f} ms {url[:100]}")
    for error in errors[:10]:
        print("  ", error)
    server_log.seek(0)
    queued = server_log.read().decode("utf-8", "replace").count("Task queue depth")
    server_log.close()
    print(f"server log: {queued} warnings of requests waiting for a thread")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
