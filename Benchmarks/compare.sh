#!/usr/bin/env bash
# Tiergraph side by side with networkx, igraph, rustworkx, Kùzu and SQLite recursive CTEs, on the
# same generated CSV files and the same queries, answers checked equal before any time is shown.
#
#   Benchmarks/compare.sh [S] [M] [L] [--budget SECONDS] [--runs R] [--no-write]
#
# S: 1,000 nodes (under a minute; CI runs it as a smoke test), M: 100,000, L: 1,000,000 nodes and
# about 5,000,000 edges (under 20 minutes on 2 cores). Default: S. Installs the system packages
# (scripts/setup.sh), builds the release products, installs the peers' pinned versions from PyPI
# into Benchmarks/.venv, and writes each size's table into BENCHMARKS.md (see compare.py).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# GNU time measures each tool's peak memory (see compare.py).
if [ ! -x /usr/bin/time ]; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq time >/dev/null
fi
swift build -c release --static-swift-stdlib --product tiergraph >&2
swift build -c release --static-swift-stdlib --product tiergraph-bench >&2
venv=Benchmarks/.venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" 2>/dev/null || {
        # Debian's python3 needs python3-venv for venvs.
        sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
        rm -rf "$venv"; python3 -m venv "$venv"
    }
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r Benchmarks/requirements.txt
exec "$venv/bin/python" Benchmarks/compare.py "$@"
