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
echo
echo "— How does the H200 licence reach the chip? (each hop with its source and quote)"
step path usgov chip:h200
echo
echo "— What does the H200 depend on, tier by tier?"
step upstream chip:h200
echo
echo "— Its single points of failure:"
step chokepoints chip:h200
echo
echo "— What is lost if the US government's licence goes?"
step impact --remove usgov
echo
echo "— Nvidia's share of the Chinese AI-chip market, by date (the claims disagree over time):"
step exposure market:china-ai-chips --as-of 2021
step exposure market:china-ai-chips --as-of 2025-06
echo
scripts/exports.sh "$tiergraph" Exports
echo "Diagrams (DOT, SVG, PNG) written to Exports/. The database is $TIERGRAPH_DB; try: $tiergraph --help"
