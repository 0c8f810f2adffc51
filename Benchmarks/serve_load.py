"""The viewer under load: `tiergraph serve` on a benchmark graph, 50 concurrent clients (wrk).

    python3 Benchmarks/serve_load.py Benchmarks/data/1000000 [SECONDS]

1. Start-up: the time from starting `tiergraph serve` to its printed URL and to its first answer,
   best of five starts.
2. Answers first: for a sample of the benchmark's queries, the server's `/api/path` and
   `/api/upstream` JSON must equal what `tiergraph path` / `tiergraph upstream` print.
3. Load: wrk, 2 threads, 50 connections, SECONDS (default 30) on a rotation of `/api/path`
   (the benchmark's shortest-path queries, any direction and supply direction) and
   `/api/upstream?depth=2` (of the supply paths' ends): p50, p99, requests per second, errors, and the
   server's peak resident memory (most of it the database file's pages, mapped by each
   connection: shared with the page cache; the anonymous part is the server's own).
4. The same load while a second client draws diagrams (`/diagram.svg?around=X`) one after another:
   the JSON latencies again, and how many diagrams were drawn, so one sees whether layouts hold
   up JSON requests.
Prints a Markdown table for BENCHMARKS.md. The binary is .build/release/tiergraph; wrk comes
from Debian (`apt-get install wrk`).
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIERGRAPH = os.path.join(ROOT, ".build", "release", "tiergraph")


def start(db):
    began = time.perf_counter()
    server = subprocess.Popen([TIERGRAPH, "serve", "--db", db, "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    line = server.stdout.readline()
    printed = time.perf_counter() - began
    url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
    urllib.request.urlopen(url + "api/node?id=n0").read()
    answered = time.perf_counter() - began
    return server, url, printed, answered


def get(url):
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read()


def peak_memory(pid, stop, peak):
    while not stop.is_set():
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        peak[0] = max(peak[0], int(line.split()[1]))
                    if line.startswith("RssAnon:"):
                        peak[1] = max(peak[1], int(line.split()[1]))
        except FileNotFoundError:
            return
        time.sleep(0.2)


def wrk(url, routes, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write("local routes = {" + ",".join(json.dumps(route) for route in routes) + "}\n")
        script.write("local counter = 0\n")
        script.write("request = function()\n  counter = counter % #routes + 1\n  return wrk.format('GET', routes[counter])\nend\n")
        script.write("done = function(summary, latency, requests)\n")
        script.write("  io.write(string.format('RESULT %d %d %d %d %d %d %d\\n', latency:percentile(50), latency:percentile(99), "
                     "summary.requests, summary.duration, summary.errors.status + summary.errors.connect + summary.errors.read + "
                     "summary.errors.write, summary.errors.timeout, latency.max))\nend\n")
    output = subprocess.run(["wrk", "-t2", "-c50", f"-d{seconds}s", "--timeout", "60s", "-s", script.name, url],
                            capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    p50, p99, requests, duration, errors, timeouts, slowest = map(int, re.search(r"RESULT (.*)", output).group(1).split())
    return {"p50 ms": p50 / 1000, "p99 ms": p99 / 1000, "slowest ms": slowest / 1000,
            "requests/s": requests / (duration / 1e6), "requests": requests, "errors": errors + timeouts}


def main():
    data = sys.argv[1]
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    db = os.path.join(data, "cli.db")
    with open(db, "rb") as f:  # in the page cache, as a file in use is
        while f.read(1 << 24):
            pass
    queries = [line.rstrip("\n").split("\t") for line in open(os.path.join(data, "queries.tsv"))]
    paths = [q[1:3] for q in queries if q[0] == "shortest-path"]
    supply = [q[1:3] for q in queries if q[0] == "shortest-path-supply"]
    # The ends of the supply paths: nodes with suppliers (the benchmark's own upstream rows are
    # mostly raw materials, whose upstream is empty).
    upstream = [b for _, b in supply]

    starts = []
    for _ in range(5):
        server, url, printed, answered = start(db)
        starts.append((printed, answered))
        server.terminate()
        server.wait()
    printed, answered = min(starts, key=lambda s: s[1])
    print(f"start-up: URL printed after {printed * 1000:.0f} ms, first answer after {answered * 1000:.0f} ms (best of 5)")

    server, url, _, _ = start(db)
    try:
        routes = [f"/api/path?from={a}&to={b}&any_direction=true" for a, b in paths]
        routes += [f"/api/path?from={a}&to={b}" for a, b in supply]
        routes += [f"/api/upstream?id={x}&depth=2" for x in upstream]
        for a, b in paths[:5]:
            served = json.loads(get(f"{url}api/path?from={a}&to={b}&any_direction=true"))
            printed = json.loads(subprocess.run([TIERGRAPH, "path", a, b, "--any-direction", "--db", db, "--format", "json"],
                                                capture_output=True, text=True, check=True).stdout)
            assert served == printed, f"path {a} {b}: the server and the command disagree"
        for x in upstream[:5]:
            served = json.loads(get(f"{url}api/upstream?id={x}&depth=2"))
            printed = json.loads(subprocess.run([TIERGRAPH, "upstream", x, "--depth", "2", "--db", db, "--format", "json"],
                                                capture_output=True, text=True, check=True).stdout)
            assert served == printed, f"upstream {x}: the server and the command disagree"
        print("answers checked: 5 paths and 5 upstreams equal the command line's")

        rows = []
        for label, diagrams in [("path + upstream", False), ("path + upstream, diagrams drawn meanwhile", True)]:
            stop, peak = threading.Event(), [0, 0]
            watcher = threading.Thread(target=peak_memory, args=(server.pid, stop, peak))
            watcher.start()
            drawn, drawing_times = [0], []

            def draw():
                index = 0
                while not stop.is_set():
                    node = upstream[index % len(upstream)]
                    began = time.perf_counter()
                    get(f"{url}diagram.svg?around={node}")
                    drawing_times.append(time.perf_counter() - began)
                    drawn[0] += 1
                    index += 1

            drawer = threading.Thread(target=draw) if diagrams else None
            if drawer:
                drawer.start()
            result = wrk(url, routes, seconds)
            stop.set()
            watcher.join()
            if drawer:
                drawer.join()
            result["peak RSS MiB"] = peak[0] / 1024
            result["peak anonymous MiB"] = peak[1] / 1024
            if diagrams:
                result["diagrams"] = f"{drawn[0]} drawn, median {sorted(drawing_times)[len(drawing_times) // 2] * 1000:.0f} ms" if drawing_times else "none"
            rows.append((label, result))

        print("\n| load (50 connections, %d s) | p50 ms | p99 ms | slowest ms | requests/s | errors | peak RSS MiB (of it not file-backed) | diagrams |" % seconds)
        print("|---|---|---|---|---|---|---|---|")
        for label, r in rows:
            print(f"| {label} | {r['p50 ms']:.1f} | {r['p99 ms']:.1f} | {r['slowest ms']:.0f} | {r['requests/s']:.0f} | {r['errors']} | "
                  f"{r['peak RSS MiB']:.0f} ({r['peak anonymous MiB']:.0f}) | {r.get('diagrams', '—')} |")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
