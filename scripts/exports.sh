#!/usr/bin/env bash
# Regenerates the diagrams in Exports/ from Graph/: the demo runs it, and a test runs it into a
# scratch folder and fails if any byte differs from what is committed.
#
#   scripts/exports.sh TIERGRAPH_BINARY OUTPUT_FOLDER
set -euo pipefail
tiergraph=$1
out=$2
cd "$(dirname "$0")/.."
mkdir -p "$out"
db=$(mktemp -d)/exports.db
"$tiergraph" import Graph --db "$db" > /dev/null

draw() {  # draw NAME SELECTION…: NAME.dot and NAME.svg
    local name=$1
    shift
    "$tiergraph" export --format dot "$@" --db "$db" -o "$out/$name.dot"
    "$tiergraph" render "$@" --db "$db" -o "$out/$name.svg" > /dev/null
}
draw overview
"$tiergraph" render --db "$db" -o "$out/overview.png" > /dev/null
draw path-usgov-h200 --path usgov chip:h200
draw upstream-h200 --upstream chip:h200
draw around-nvidia --around nvidia --hops 1 --cluster-by kind
rm -f "$db" "$db-wal" "$db-shm"
