#!/usr/bin/env bash
# Sets everything up, builds Tiergraph, imports the curated graph in Graph/ into a fresh
# database (tiergraph-demo.db) and asks it a few questions.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --static-swift-stdlib --product tiergraph >&2
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
echo "— How does the H200 travel from its foundry to Chinese cloud buyers? (each hop with its source and quote)"
step path tsmc csp:china
echo
echo "— What does the H200 depend on, tier by tier?"
step upstream chip:h200
echo
echo "— Its single points of failure: it needs a design AND a fab, and TSMC is its only fab"
step chokepoints chip:h200
step impact --remove tsmc
echo
echo "— Chinese cloud providers' H200 supply: the chip and every gate on its route (licence, reviews, approval);"
echo "  as the articles last report them (003, 2026-02: zero licences approved) the gates are pending, so nothing arrives"
step upstream csp:china --depth 1
step chokepoints csp:china
echo
echo "— What a withdrawn US licence cuts (the H20, approved in 2024, and its buyers), and what it does not (Nvidia, AMD and Intel)"
step impact --remove gov:us
echo
echo "— Who owns Kunlunxin, and who invests in MetaX?"
step exposure kunlunxin
step neighbors metax --edge-kinds invests_in
echo
echo "— Nvidia's share of the Chinese AI-chip market: every claim is kept and resolved by date, never averaged"
step exposure market:china-ai-chips --claims all
step exposure market:china-ai-chips --as-of 2024-06
echo
scripts/exports.sh "$tiergraph" Exports
echo "Diagrams (DOT, SVG, PNG) written to Exports/. The database is $TIERGRAPH_DB; try: $tiergraph --help"
