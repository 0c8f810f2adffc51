"""Tiergraph side by side with networkx, igraph, rustworkx, Kùzu and SQLite recursive CTEs.

    python Benchmarks/compare.py [S] [M] [L] [--budget SECONDS] [--runs R] [--no-write]

Run by Benchmarks/compare.sh, which builds the release products and installs the peers. For each
size (S 1,000 nodes, M 100,000, L 1,000,000; about 5 edges per node) it generates the graph with
`tiergraph generate` into Benchmarks/data/NODES (kept for reruns), picks the queries once (fixed
node pairs, see pick_queries), and runs every tool in its own process on the same CSV files:
Tiergraph as a library (tiergraph-bench suite: warm, in one process) and as the command a user
types (one cold `tiergraph` process per query), then each peer (Benchmarks/peers.py).

Every tool's answers are checked item by item against the others before any time is reported: if
one differs, the differences are printed and the script exits 1 without a table. Times are medians
over the queries of a kind; a kind stops after BUDGET seconds per tool (the table shows how many
ran). Peak memory is each process's maximum resident set (for the command line: its largest
process). The Markdown table goes to stdout and into BENCHMARKS.md between the size's markers.
"""
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release")
TIERGRAPH = os.path.join(BIN, "tiergraph")
PYTHON = sys.executable
SIZES = {"S": 1_000, "M": 100_000, "L": 1_000_000}
PEERS = ["networkx", "igraph", "rustworkx", "kuzu", "sqlite"]
TOOLS = ["library", "cli"] + PEERS
TITLES = {"library": "Tiergraph library (warm)", "cli": "`tiergraph` command (cold)", "networkx": "networkx",
          "igraph": "igraph", "rustworkx": "rustworkx", "kuzu": "Kùzu", "sqlite": "SQLite CTE"}
QUERIES = ["shortest-path", "shortest-path-supply", "upstream", "downstream", "simple-paths", "neighbors-2",
           "chokepoints", "render"]
DESCRIPTIONS = {
    "shortest-path": "shortest path, any direction",
    "shortest-path-supply": "shortest path, supply direction",
    "upstream": "upstream closure",
    "downstream": "downstream closure",
    "simple-paths": "simple paths ≤ 4 edges",
    "neighbors-2": "2-hop neighbourhood",
    "chokepoints": "chokepoints (dominators)",
    "render": "DOT + SVG of ~2,000-node neighbourhood",
}


def log(message):
    print(message, file=sys.stderr, flush=True)


def run(command, **kwargs):
    """Runs a process to its end; returns (stdout, seconds, peak resident MB).

    The peak comes from GNU time, not from this process's wait4: Linux carries the peak of
    the process that starts a program over into the program's own (this driver holds the
    query picker's graph), whereas GNU time is small and forks the program itself. Its few
    milliseconds of start-up are in every tool's times alike."""
    with tempfile.NamedTemporaryFile("r") as peak:
        start = time.perf_counter()
        result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", peak.name] + command,
                                stdout=subprocess.PIPE, text=True, **kwargs)
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed with exit code {result.returncode}")
        return result.stdout, seconds, int(peak.read().split()[-1]) / 1024


def pick_queries(directory, nodes, flows, pairs):
    """The same fixed questions for every tool, chosen with igraph before anything is timed:
    shortest paths between n(i·7919 mod N) and n((i·104729 + N/2) mod N); closures and 2-hop
    neighbourhoods of the first; chokepoints of the second; simple paths from the first to the
    first node (by id) three supply steps away, where there is one (at most 20 pairs); and the
    neighbourhood whose size is nearest 2,000 nodes among the first 20 nodes within 1–4 hops."""
    import igraph
    ids = [line.split(",", 1)[0] for line in open(os.path.join(directory, "nodes.csv"), encoding="utf-8")][1:]
    index = {v: i for i, v in enumerate(ids)}
    supply, anyway = [], []
    with open(os.path.join(directory, "edges.csv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split(",")
        s, t, k = header.index("source"), header.index("target"), header.index("kind")
        for line in f:
            row = line.rstrip("\n").split(",")
            a, b = index[row[s]], index[row[t]]
            anyway.append((a, b))
            if flows.get(row[k]) in ("with", "gate"):
                supply.append((a, b))
            elif flows.get(row[k]) == "against":
                supply.append((b, a))
    directed = igraph.Graph(n=len(ids), edges=supply, directed=True)
    undirected = igraph.Graph(n=len(ids), edges=anyway, directed=False)
    ends = [(f"n{(i * 7919) % nodes}", f"n{(i * 104729 + nodes // 2) % nodes}") for i in range(pairs)]
    lines = []
    for name in ("shortest-path", "shortest-path-supply"):
        lines += [(name, a, b) for a, b in ends]
    lines += [("upstream", a) for a, _ in ends] + [("downstream", a) for a, _ in ends]
    simple = []
    for a, _ in ends:
        distance = directed.distances(index[a], mode="out")[0]
        at3 = sorted(ids[v] for v, d in enumerate(distance) if d == 3)
        if at3:
            simple.append(("simple-paths", a, at3[0], "4"))
        if len(simple) == 20:
            break
    lines += simple
    lines += [("neighbors-2", a) for a, _ in ends] + [("chokepoints", b) for _, b in ends]
    best = None
    for a, _ in ends[:20]:
        for hops in range(1, 5):
            size = len(undirected.neighborhood(index[a], order=hops))
            if best is None or abs(size - 2000) < abs(best[0] - 2000):
                best = (size, a, hops)
    lines += [("render", best[1], str(best[2]))] * 3
    path = os.path.join(directory, "queries.tsv")
    with open(path, "w", encoding="utf-8") as f:
        f.writelines("\t".join(line) + "\n" for line in lines)
    return path, lines


def cli_answer(name, arguments, db, directory):
    """The `tiergraph` command for one query, and how to read its answer from the JSON it prints."""
    base = [TIERGRAPH]
    if name in ("shortest-path", "shortest-path-supply"):
        command = base + ["path", arguments[0], arguments[1]] + (["--any-direction"] if name == "shortest-path" else [])
        return command, lambda out: len(out["paths"][0]["edges"]) if out["paths"] else -1
    if name in ("upstream", "downstream", "chokepoints"):
        return base + [name, arguments[0]], lambda out: len(out["nodes"])
    if name == "neighbors-2":
        return base + ["neighbors", arguments[0], "--hops", "2"], lambda out: len(out["nodes"])
    if name == "simple-paths":
        # The most paths `paths` gives (they are kept until printed); a cut answer would show as a difference.
        command = base + ["paths", arguments[0], arguments[1], "--max-depth", arguments[2], "--limit", "100000"]
        return command, lambda out: "truncated" if out["truncated"] else len({tuple(p["nodes"]) for p in out["paths"]})
    raise KeyError(name)


def run_cli(directory, lines, budget, runs):
    """Tiergraph as a user runs it: `tiergraph import`, then one cold process per query."""
    db = os.path.join(directory, "cli.db")
    imports, peak = [], 0.0
    for _ in range(runs):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        _, seconds, memory = run([TIERGRAPH, "import", os.path.join(directory, "nodes.csv"),
                                  os.path.join(directory, "edges.csv"), "--db", db])
        imports.append(seconds)
        peak = max(peak, memory)
    results, spent = {}, {}
    for name, *arguments in lines:
        entry = results.setdefault(name, {"times": [], "answers": []})
        if spent.get(name, 0) >= budget:
            continue
        if name == "render":
            svg = os.path.join(directory, "cli-render.svg")
            _, seconds, memory = run([TIERGRAPH, "render", "--around", arguments[0], "--hops", arguments[1],
                                      "--layout", "sfdp", "-o", svg, "--db", db])
            out, _, _ = run([TIERGRAPH, "export", "--format", "json", "--around", arguments[0], "--hops", arguments[1], "--db", db])
            document = json.loads(out)
            answer = [len(document["nodes"]), len(document.get("links", document.get("edges", [])))]
        else:
            command, read = cli_answer(name, arguments, db, directory)
            out, seconds, memory = run(command + ["--format", "json", "--db", db])
            answer = read(json.loads(out))
        peak = max(peak, memory)
        spent[name] = spent.get(name, 0) + seconds
        entry["times"].append(seconds)
        entry["answers"].append(answer)
    return {"import": imports, "load": None, "queries": results, "peak": peak}


def check(reports, lines):
    """Every answer of every tool against the others', item by item (among the tools that ran the
    item): one line per item where any two differ, with every tool's answer."""
    failures = []
    for name in QUERIES:
        items = [line for line in lines if line[0] == name]
        for i, item in enumerate(items):
            given = {tool: r["queries"][name]["answers"][i] for tool, r in reports.items()
                     if name in r["queries"] and i < len(r["queries"][name]["answers"])}
            if len(set(map(json.dumps, given.values()))) > 1:
                failures.append(f"{' '.join(item)}: " + ", ".join(f"{t} {a}" for t, a in given.items()))
    return failures


def machine():
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")) / 1024 ** 2
    os_name = next((line.split("=", 1)[1].strip().strip('"') for line in open("/etc/os-release")
                    if line.startswith("PRETTY_NAME")), platform.platform())
    return f"{model}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, {os_name}"


def versions(reports):
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    swift = re.sub(r"\s*\(.*", "", swift.split("version")[-1]).strip() if "version" in swift else swift
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    graphviz = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip().split("version")[-1].split()[0]
    sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
    peers = ", ".join(f"{TITLES[t]} {reports[t]['version']}" for t in PEERS if t in reports)
    return (f"Tiergraph {commit} (Swift {swift}, SQLite {sqlite}, Graphviz {graphviz}); "
            f"Python {platform.python_version()}: {peers}")


def table(size, nodes, edges, reports, lines, budget):
    def cell(tool, name):
        report = reports.get(tool)
        entry = report and report["queries"].get(name)
        if not entry:
            return "—"
        if not entry["times"]:
            return f"time-out (> {budget:g} s)" if entry.get("timeouts") else "—"
        total = sum(1 for line in lines if line[0] == name)
        text = f"{statistics.median(entry['times']) * 1000:.{1 if name == 'render' else 2}f}"
        if entry.get("timeouts"):
            return f"{text} ({len(entry['times'])}/{total}, then a time-out)"
        return text if len(entry["times"]) == total else f"{text} ({len(entry['times'])}/{total})"

    def fastest_peer(name):
        timed = [(statistics.median(reports[t]["queries"][name]["times"]), t) for t in PEERS
                 if t in reports and reports[t]["queries"].get(name, {}).get("times")]
        return min(timed) if timed else None

    out = [f"### Size {size}: {nodes:,} nodes, {edges:,} edges",
           "",
           "Median milliseconds per query (import and load: seconds). “(n/N)”: the kind's time budget "
           f"({budget:g} s per tool) let n of N queries run; “—”: the tool has no such query; "
           "“time-out”: one query ran past the budget and the tool stopped it.",
           "",
           "| | " + " | ".join(TITLES[t] for t in TOOLS) + " |",
           "|---|" + "---:|" * len(TOOLS)]
    row = ["import (s)"]
    for tool in TOOLS:
        row.append(f"{statistics.median(reports[tool]['import']):.2f}" if tool in reports else "—")
    out.append("| " + " | ".join(row) + " |")
    load = reports["library"]["load"]
    out.append(f"| load into memory (s) | {load:.2f} | none: reads the file | in import | in import | in import | none: on disk | none: on disk |")
    for name in QUERIES:
        total = sum(1 for line in lines if line[0] == name)
        out.append(f"| {DESCRIPTIONS[name]} ({total}) | " + " | ".join(cell(t, name) for t in TOOLS) + " |")
    out.append("| peak resident memory (MB) | " + " | ".join(f"{reports[t]['peak']:.0f}" if t in reports else "—" for t in TOOLS) + " |")
    paths = []
    for name, what in (("shortest-path", "any direction"), ("shortest-path-supply", "supply direction")):
        times = reports["cli"]["queries"].get(name, {}).get("times")
        if times:
            paths.append(f"{what}: median {statistics.median(times) * 1000:.0f} ms, slowest {max(times) * 1000:.0f} ms "
                         f"over {len(times)} pairs")
    out += ["", "The `tiergraph path` command as a whole process, cold: " + "; ".join(paths) + "."]
    out += ["", "Targets (issue 6), from this run:", ""] + [f"- {line}" for line in targets(size, reports)]
    out += ["", "Ratios Tiergraph / fastest peer in this run (below 1: Tiergraph faster):", "",
            "| | fastest peer | library / peer | command / peer |", "|---|---|---:|---:|"]
    peer_imports = [(statistics.median(reports[t]["import"]), t) for t in PEERS if t in reports]
    best = min(peer_imports)
    out.append(f"| import | {TITLES[best[1]]} | {statistics.median(reports['library']['import']) / best[0]:.2f} "
               f"| {statistics.median(reports['cli']['import']) / best[0]:.2f} |")
    for name in QUERIES:
        peer = fastest_peer(name)
        if not peer:
            continue
        ratios = []
        for tool in ("library", "cli"):
            times = reports[tool]["queries"].get(name, {}).get("times")
            ratios.append(f"{statistics.median(times) / peer[0]:.2f}" if times else "—")
        out.append(f"| {DESCRIPTIONS[name]} | {TITLES[peer[1]]} | {ratios[0]} | {ratios[1]} |")
    return "\n".join(out)


def targets(size, reports):
    """The issue's targets, each marked met or MISSED from this run's medians."""
    def median(tool, name=None):
        report = reports[tool]
        times = report["import"] if name is None else report["queries"].get(name, {}).get("times")
        return statistics.median(times) if times else None

    def verdict(ok):
        return "met" if ok else "**MISSED**"

    lines = []
    ours = min(median("library"), median("cli"))
    peer = min((median(t), t) for t in PEERS if t in reports)
    lines.append(f"import faster than every peer: {verdict(ours < peer[0])} "
                 f"(Tiergraph {ours:.2f} s, fastest peer {TITLES[peer[1]]} {peer[0]:.2f} s)")
    if size != "S":
        for name in ("shortest-path", "shortest-path-supply", "upstream", "downstream"):
            fastest = min((median(t, name), t) for t in PEERS if t in reports and median(t, name) is not None)
            mine = median("library", name)
            lines.append(f"{DESCRIPTIONS[name]} no slower than the fastest peer (library, per query): "
                         f"{verdict(mine <= fastest[0])} ({mine * 1000:.3f} ms vs {TITLES[fastest[1]]} {fastest[0] * 1000:.3f} ms)")
    if size == "L":
        for name, what in (("shortest-path", "any direction"), ("shortest-path-supply", "supply direction")):
            times = reports["cli"]["queries"][name]["times"]
            lines.append(f"`tiergraph path` ({what}) under 100 ms: median {verdict(statistics.median(times) < 0.1)} "
                         f"({statistics.median(times) * 1000:.0f} ms), every pair {verdict(max(times) < 0.1)} "
                         f"(slowest {max(times) * 1000:.0f} ms)")
    return lines


def write_benchmarks(size, text):
    path = os.path.join(ROOT, "BENCHMARKS.md")
    document = open(path, encoding="utf-8").read()
    begin, end = f"<!-- compare {size} begin -->", f"<!-- compare {size} end -->"
    block = f"{begin}\n{text}\n{end}"
    if begin in document:
        document = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block, document, flags=re.S)
    else:
        document = document.rstrip("\n") + "\n\n" + block + "\n"
    open(path, "w", encoding="utf-8").write(document)


def main():
    arguments = sys.argv[1:]
    sizes = [a for a in arguments if a in SIZES] or ["S"]
    budget_override = float(arguments[arguments.index("--budget") + 1]) if "--budget" in arguments else None
    runs_override = int(arguments[arguments.index("--runs") + 1]) if "--runs" in arguments else None
    failed = False
    for size in sizes:
        nodes = SIZES[size]
        budget = budget_override or {"S": 2, "M": 20, "L": 10}[size]
        runs = runs_override or (3 if size == "S" else 1)
        directory = os.path.join(ROOT, "Benchmarks", "data", str(nodes))
        os.makedirs(directory, exist_ok=True)
        if not os.path.exists(os.path.join(directory, "edges.csv")):
            log(f"{size}: generating {nodes} nodes")
            run([TIERGRAPH, "generate", "--nodes", str(nodes), "--out", directory], stderr=subprocess.DEVNULL)
        kinds_db = os.path.join(directory, "kinds.db")
        if not os.path.exists(kinds_db):
            run([TIERGRAPH, "init", "--db", kinds_db])
        out, _, _ = run([TIERGRAPH, "kind", "list", "--format", "json", "--db", kinds_db])
        flows = {k["name"]: k["flow"] for k in json.loads(out)["edge_kinds"]}
        queries, lines = pick_queries(directory, nodes, flows, 100)
        edges = sum(1 for _ in open(os.path.join(directory, "edges.csv"), encoding="utf-8")) - 1
        reports = {}
        log(f"{size}: Tiergraph library")
        out, _, peak = run([os.path.join(BIN, "tiergraph-bench"), "suite", "--dir", directory, "--queries", queries,
                            "--budget", str(budget), "--runs", str(runs)])
        reports["library"] = json.loads(out) | {"peak": peak}
        log(f"{size}: tiergraph command")
        reports["cli"] = run_cli(directory, lines, budget, runs)
        for tool in PEERS:
            log(f"{size}: {tool}")
            out, _, peak = run([PYTHON, os.path.join(ROOT, "Benchmarks", "peers.py"), tool, directory, queries,
                                str(budget), str(runs), json.dumps(flows)])
            reports[tool] = json.loads(out) | {"peak": peak}
        with open(os.path.join(directory, "reports.json"), "w", encoding="utf-8") as f:
            json.dump(reports, f)  # every time and answer of this run, for a closer look
        failures = check(reports, lines)
        if failures:
            print(f"ANSWERS DIFFER at size {size}: no times reported.\n" + "\n".join(failures[:50]))
            failed = True
            continue
        text = (table(size, nodes, edges, reports, lines, budget)
                + f"\n\nMeasured {time.strftime('%Y-%m-%d')} on {machine()}.\n{versions(reports)}.")
        print(text + "\n")
        if "--no-write" not in arguments:
            write_benchmarks(size, text)
    sys.exit(1 if failed else 0)


main()
