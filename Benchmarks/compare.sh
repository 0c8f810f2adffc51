#!/usr/bin/env bash
# Times Tiergraph's queries against igraph on the same generated graph, checking answers first.
#
#   Benchmarks/compare.sh [NODES] [PAIRS]        (default 100000 nodes, 5 edges per node, 100 pairs)
#
# Builds the release products, generates the graph into Benchmarks/data/NODES (kept for reruns),
# runs `tiergraph-bench queries` and Benchmarks/compare.py (igraph from PyPI, in Benchmarks/.venv),
# and times the `tiergraph path` command as a whole cold process. Prints Markdown for BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
nodes=${1:-100000}
pairs=${2:-100}
scripts/setup.sh
swift build -c release --product tiergraph >&2
swift build -c release --product tiergraph-bench >&2
if [ ! -x Benchmarks/.venv/bin/python ]; then
    python3 -m venv Benchmarks/.venv
    Benchmarks/.venv/bin/pip install --quiet igraph
fi
data=Benchmarks/data/$nodes
mkdir -p "$data"
[ -f "$data/edges.csv" ] || .build/release/tiergraph generate --nodes "$nodes" --out "$data" >&2
.build/release/tiergraph-bench queries --nodes "$nodes" --dir "$data" --pairs "$pairs" > "$data/tiergraph.txt"
Benchmarks/.venv/bin/python Benchmarks/compare.py "$data" "$pairs" "$data/tiergraph.txt"

# The command a user types: a whole process, started cold, on the same database.
echo
echo "| tiergraph path (whole process) | median of 5 |"
echo "|---|---:|"
times=()
for i in 0 1 2 3 4; do
    a="n$(( (i * 7919) % nodes ))"; b="n$(( (i * 104729 + nodes / 2) % nodes ))"
    start=$(date +%s%N)
    .build/release/tiergraph path "$a" "$b" --any-direction --db "$data/bench.db" > /dev/null
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "| \`tiergraph path A B --any-direction\` | ${median} ms |"
