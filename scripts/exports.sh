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

draw() {  # draw NAME SELECTION…: NAME.dot (the DOT that render draws) and NAME.svg
    local name=$1
    shift
    "$tiergraph" export --format dot --diagram "$@" --db "$db" -o "$out/$name.dot"
    "$tiergraph" render "$@" --db "$db" -o "$out/$name.svg" > /dev/null
}
# The overview: supply relations only (design, manufacture, supply, orders, the export route,
# and its gates: the licence, the reviews, China's approval) between companies, chips, foundries, cloud providers, suppliers,
# governments and groups (the four platforms that took 87% of 2024 H20 shipments, the industry majors).
supply=(--edge-kinds designs manufactures supplies orders exports_to licenses reviews approves --kinds company chip foundry csp government supplier group)
draw overview "${supply[@]}"
"$tiergraph" render "${supply[@]}" --db "$db" -o "$out/overview.png" > /dev/null
draw all-facts                                                     # every node and edge (dense: zoom the SVG)
draw h200-route --path tsmc csp:china                              # foundry → chip → Chinese cloud providers
draw h200-upstream --upstream chip:h200                            # what the chip depends on
draw licence-impact --downstream gov:us                            # what the US government's licence and rules reach
draw csp-supply --upstream csp:china                               # what Chinese cloud buyers' H200 supply depends on
draw kunlunxin-owners --around kunlunxin --edge-kinds owns invests_in
draw metax-investors --around metax --edge-kinds invests_in
draw nvidia-china-share --around market:china-ai-chips --edge-kinds market_share   # conflicting claims side by side
draw h200-comparisons --around chip:h200 --edge-kinds compares_to    # the articles' performance ratios, each with its claimant
draw h200-paths --path tsmc csp:china --k 3                        # each of the shortest routes in its own colour
"$tiergraph" render --collapse-by kind --db "$db" -o "$out/by-kind.png" > /dev/null   # the whole graph, one node per kind
rm -f "$db" "$db-wal" "$db-shm"
