#!/usr/bin/env bash
# Sets everything up, builds Tiergraph, imports the curated graph in Graph/ into a fresh
# database (tiergraph-viewer.db) and starts the viewer on it: http://127.0.0.1:8080/ (or the
# port given: scripts/viewer.sh 9000). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --static-swift-stdlib --product tiergraph >&2
database=tiergraph-viewer.db
rm -f "$database" "$database-wal" "$database-shm"
.build/release/tiergraph import Graph --db "$database" >&2
exec .build/release/tiergraph serve --db "$database" --port "${1:-8080}"
