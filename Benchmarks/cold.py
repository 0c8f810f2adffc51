"""Every query of a kind as its own cold `tiergraph` process, without a time budget.

    python3 Benchmarks/cold.py Benchmarks/data/1000000 [--edits N] [KIND…]

KIND is one of shortest-path (`path A B --any-direction`), shortest-path-supply (`path A B`),
chokepoints (`chokepoints X`) and impact (`impact --remove X`, on the chokepoints' nodes); all
four by default. The queries are the ones compare.py picked
(queries.tsv), the database the one it imported (cli.db), the binary .build/release/tiergraph.
Prints the median, p90, slowest, how many took over 100 ms and over 1 s, and the five slowest
queries: the figures in BENCHMARKS.md's "The command line, cold" table. compare.py stops a kind
after its time budget; this runs all of them, to check a target that holds for every query.

With `--edits N`, the queries run on a copy of the database (in the system's temporary folder)
after N single `tiergraph add edge` commands between seeded random pairs of nodes, without a
`reindex`: the "after 100 single edits" row.

Each query is a new process, but the database file is read once first so that it is in the
page cache, as it is for a file in use: otherwise the first query pays for reading from disk
whatever pages it touches (0.2–0.9 s here) and the rest depend on what an earlier one read.
"""
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIERGRAPH = os.path.join(ROOT, ".build", "release", "tiergraph")
COMMANDS = {
    "shortest-path": lambda q: ["path", q[0], q[1], "--any-direction"],
    "shortest-path-supply": lambda q: ["path", q[0], q[1]],
    "chokepoints": lambda q: ["chokepoints", q[0]],
    "impact": lambda q: ["impact", "--remove", q[0]],
}
# The kind of query row each command takes its nodes from.
ROWS = {"impact": "chokepoints"}


def edited_copy(db, edits):
    """A copy of `db` after `edits` single `add edge` commands (seeded, so every run adds the same)."""
    copy = os.path.join(tempfile.gettempdir(), "tiergraph-cold-edits.db")
    shutil.copyfile(db, copy)
    nodes = json.loads(subprocess.run([TIERGRAPH, "stats", "--db", copy, "--format", "json"], capture_output=True, check=True,
                                      text=True).stdout)["nodes"]
    generator = random.Random(21)
    start = time.perf_counter()
    for i in range(edits):
        a, b = generator.randrange(nodes), generator.randrange(nodes)
        subprocess.run([TIERGRAPH, "add", "edge", f"n{a}", f"n{b}", "--kind", "supplies", "--id", f"edit{i}", "--db", copy],
                       stdout=subprocess.DEVNULL, check=True)
    print(f"{edits} edits: {(time.perf_counter() - start) / edits * 1000:.0f} ms each")
    return copy


def main():
    arguments = sys.argv[1:]
    edits = 0
    if arguments[1:2] == ["--edits"]:
        edits = int(arguments[2])
        del arguments[1:3]
    data, kinds = arguments[0], arguments[1:] or list(COMMANDS)
    db = os.path.join(data, "cli.db")
    if edits:
        db = edited_copy(db, edits)
    with open(db, "rb") as f:
        while f.read(1 << 24):
            pass
    with open(os.path.join(data, "queries.tsv")) as f:
        queries = [line.rstrip("\n").split("\t") for line in f]
    for kind in kinds:
        timed = []
        for q in (q[1:] for q in queries if q[0] == ROWS.get(kind, kind)):
            start = time.perf_counter()
            subprocess.run([TIERGRAPH, *COMMANDS[kind](q), "--db", db, "--format", "json"],
                           stdout=subprocess.DEVNULL, check=True)
            timed.append((time.perf_counter() - start, " ".join(q)))
        timed.sort()
        seconds = [t for t, _ in timed]
        print(f"{kind}: {len(seconds)} queries, median {statistics.median(seconds) * 1000:.0f} ms, "
              f"p90 {seconds[int(len(seconds) * 0.9)] * 1000:.0f} ms, slowest {seconds[-1] * 1000:.0f} ms, "
              f"{sum(t > 0.1 for t in seconds)} over 100 ms, {sum(t > 1 for t in seconds)} over 1 s")
        print("  slowest:", ", ".join(f"{q} {t * 1000:.0f} ms" for t, q in timed[-5:]))


if __name__ == "__main__":
    main()
