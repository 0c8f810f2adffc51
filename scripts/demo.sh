#!/usr/bin/env bash
# Sets everything up, builds Tiergraph, imports the curated graph in Graph/ into a fresh
# database (tiergraph-demo.db) and asks it a few questions.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product tiergraph >&2
tiergraph=.build/release/tiergraph
export TIERGRAPH_DB=tiergraph-demo.db
rm -f "$TIERGRAPH_DB" "$TIERGRAPH_DB-wal" "$TIERGRAPH_DB-shm"

step() { printf '\n\033[1m$ tiergraph %s\033[0m\n' "$*"; "$tiergraph" "$@"; }
step import Graph
step check
step stats
step find 英伟达
step show nvidia
step show chip:h200 --format json
echo
echo "The database is $TIERGRAPH_DB; try: $tiergraph --help"
