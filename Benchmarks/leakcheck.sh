#!/usr/bin/env bash
# Renders a diagram in a loop in-process under valgrind and fails if anything leaks outside the
# known leaks of Graphviz 2.42 itself (listed, with why, in Benchmarks/graphviz.supp).
#
#   Benchmarks/leakcheck.sh [FILE.dot] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
dot=${1:-Exports/overview.dot}
runs=${2:-20}
swift build -c release --static-swift-stdlib --product tiergraph-bench >&2
for format in svg png pdf; do
    log=$(mktemp)
    valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=3 \
        --suppressions=Benchmarks/graphviz.supp .build/release/tiergraph-bench render "$dot" --runs "$runs" --format "$format" \
        > /dev/null 2> "$log" || { grep -E "definitely lost|ERROR SUMMARY" "$log"; echo "leakcheck: $format leaks" >&2; exit 1; }
    echo "$format: $(grep -E 'definitely lost:' "$log" | sed 's/==[0-9]*== *//')  ($runs renders)"
done
