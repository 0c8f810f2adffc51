"""Times igraph (and networkx, on small graphs) on the queries tiergraph-bench times, on the
same CSV files and the same node pairs, and checks that every tool gives the same answers.

    python compare.py DIR PAIRS TIERGRAPH_BENCH_OUTPUT

DIR holds nodes.csv and edges.csv from `tiergraph generate`. The third argument is the output of
`tiergraph-bench queries` on DIR: its checksums are compared with ours before any time is shown.
Prints a Markdown table: median per query, and the ratio Tiergraph / peer.
"""
import csv
import statistics
import sys
import time

import igraph

WITH = {"supplies", "manufactures", "designs", "licenses", "link"}
AGAINST = {"orders", "depends_on"}

directory, pairs, bench_output = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ours = {}
for line in open(bench_output):
    parts = line.rstrip("\n").split("\t")
    if parts[0] == "load-snapshot":
        ours["load"] = (float(parts[1].split()[0]), None)
    elif len(parts) == 3 and parts[2].startswith("checksum"):
        ours[parts[0]] = (float(parts[1].split()[0]), int(parts[2].split()[1]))

start = time.perf_counter()
with open(f"{directory}/nodes.csv", newline="") as f:
    ids = [row["id"] for row in csv.DictReader(f)]
index = {v: i for i, v in enumerate(ids)}
supply, anyway = [], []
with open(f"{directory}/edges.csv", newline="") as f:
    for row in csv.DictReader(f):
        s, t, kind = index[row["source"]], index[row["target"]], row["kind"]
        anyway.append((s, t))
        if kind in WITH:
            supply.append((s, t))
        elif kind in AGAINST:
            supply.append((t, s))
directed = igraph.Graph(n=len(ids), edges=supply, directed=True)
undirected = igraph.Graph(n=len(ids), edges=anyway, directed=False)
load = time.perf_counter() - start

n = len(ids)
ends = [(index[f"n{(i * 7919) % n}"], index[f"n{(i * 104729 + n // 2) % n}"]) for i in range(pairs)]


def chokepoints(b):
    members = sorted(directed.subcomponent(b, mode="in"))  # induced_subgraph keeps id order
    if len(members) == 1:
        return 0
    sub = directed.induced_subgraph(members)
    local_b = members.index(b)
    membership = sub.connected_components(mode="strong").membership
    fed = set()
    for e in sub.es:
        if membership[e.source] != membership[e.target]:
            fed.add(membership[e.target])
    root = sub.vcount()
    sub.add_vertices(1)
    sub.add_edges([(root, v) for v in range(root) if membership[v] not in fed])
    dom = sub.dominator(root, mode="out")
    count, v = 0, dom[local_b]
    while v != root and v >= 0:
        count += 1
        v = dom[v]
    return count


def distance(graph, a, b, mode):
    # get_shortest_path stops once it reaches b (distances() would search the whole graph).
    path = graph.get_shortest_path(a, to=b, mode=mode)
    return len(path) - 1 if path else -1


queries = {
    "shortest-path": lambda a, b: distance(undirected, a, b, "all"),
    "shortest-path-supply": lambda a, b: distance(directed, a, b, "out"),
    "upstream": lambda a, b: len(directed.subcomponent(a, mode="in")) - 1,
    "downstream": lambda a, b: len(directed.subcomponent(a, mode="out")) - 1,
    "neighbors-2": lambda a, b: len(undirected.neighborhood(a, order=2)) - 1,
    "chokepoints": lambda a, b: chokepoints(b),
}
rows, failures = [], []
for name, query in queries.items():
    times, checksum = [], 0
    for a, b in ends:
        t0 = time.perf_counter()
        checksum += query(a, b)
        times.append(time.perf_counter() - t0)
    mine, my_checksum = ours[name]
    if checksum != my_checksum:
        failures.append(f"{name}: igraph checksum {checksum}, tiergraph {my_checksum}")
    theirs = statistics.median(times) * 1000
    rows.append((name, mine, theirs))

if failures:
    print("ANSWERS DIFFER — no times reported:\n" + "\n".join(failures))
    sys.exit(1)
print(f"igraph {igraph.__version__}; {n} nodes, {len(anyway)} edges; median of {pairs} queries\n")
print("| query | Tiergraph (ms) | igraph (ms) | Tiergraph / igraph |")
print("|---|---:|---:|---:|")
print(f"| load graph into memory | {ours['load'][0]:.1f} | {load * 1000:.1f} | {ours['load'][0] / (load * 1000):.2f} |")
for name, mine, theirs in rows:
    print(f"| {name} | {mine:.3f} | {theirs:.3f} | {mine / theirs:.2f} |")
