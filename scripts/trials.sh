#!/usr/bin/env bash
# Crash and concurrency trials on real files (issue 22), small enough for every test run:
# - a writer killed with SIGKILL at random moments of an import into an empty and into a
#   non-empty database, and of `remove --cascade`, `reindex` and `add`, leaves exactly the state
#   before or after, with `check` (SQLite's integrity_check included) clean;
# - readers running during an import see the old graph or the new one, never half of it.
#
#   scripts/trials.sh [TIERGRAPH_BINARY] [ROUNDS]      (defaults: .build/debug/tiergraph, 12)
#
# Prints one line per trial and a closing line 'trials: N passed, N failed'; exits 1 on a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
tiergraph=${1:-.build/debug/tiergraph}
rounds=${2:-12}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
verdict() {  # verdict OK|FAIL MESSAGE
    if [ "$1" = OK ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $2"; fi
}

"$tiergraph" generate --nodes 20000 --out "$work/big" > /dev/null
"$tiergraph" generate --nodes 2000 --seed 7 --out "$work/small" > /dev/null
"$tiergraph" import "$work/small" --db "$work/base.db" > /dev/null
count() { "$tiergraph" stats --db "$1" --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["nodes"], d["edges"])'; }
before_base=$(count "$work/base.db")

# Expected states after a complete import: into an empty file, and on top of base.db.
"$tiergraph" import "$work/big" --kind-change allow --db "$work/full.db" > /dev/null
after_empty=$(count "$work/full.db")
cp "$work/base.db" "$work/both.db"
"$tiergraph" import "$work/big" --kind-change allow --db "$work/both.db" > /dev/null
after_both=$(count "$work/both.db")
# Not vacuous: the import into base.db must change it (a refused import would make every trial pass).
[ "$after_both" != "$before_base" ] || { echo "FAIL: importing into base.db changed nothing ($after_both)"; exit 1; }
rm -f "$work"/full.db* "$work"/both.db*

for round in $(seq 1 "$rounds"); do
    delay=$(python3 -c "import random; random.seed($round); print(round(random.uniform(0.05, 1.2), 3))")
    for target in empty nonempty; do
        db="$work/kill-$target-$round.db"
        if [ "$target" = nonempty ]; then cp "$work/base.db" "$db"; expected="$before_base|$after_both"; else expected="0 0|$after_empty"; fi
        "$tiergraph" import "$work/big" --kind-change allow --db "$db" > /dev/null 2>&1 &
        pid=$!
        sleep "$delay"
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        if [ ! -s "$db" ]; then
            state="0 0"   # killed before the schema was written: no graph, as before
        else
            state=$(count "$db" 2>/dev/null || echo unreadable)
            "$tiergraph" check --db "$db" > /dev/null 2>&1 || state="check failed ($state)"
        fi
        case "|$expected|" in
            *"|$state|"*) verdict OK "" ;;
            *) verdict FAIL "kill -9 after ${delay}s of an import into a $target file left '$state' (expected one of: $expected)" ;;
        esac
    done
done

# remove --cascade of a hub, killed part-way: before or after, never between.
hub=$("$tiergraph" list --db "$work/base.db" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["nodes"][0]["id"])')
for round in $(seq 1 4); do
    db="$work/remove-$round.db"
    cp "$work/base.db" "$db"
    "$tiergraph" remove node "$hub" --cascade --db "$db" > /dev/null 2>&1 &
    pid=$!
    sleep "0.0$round"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if "$tiergraph" check --db "$db" > /dev/null 2>&1; then
        nodes=$(count "$db" | cut -d' ' -f1)
        base_nodes=${before_base%% *}
        if [ "$nodes" = "$base_nodes" ] || [ "$nodes" = $((base_nodes - 1)) ]; then verdict OK ""; else verdict FAIL "remove killed: $nodes nodes"; fi
    else
        verdict FAIL "remove killed: check failed"
    fi
done

# reindex and add, killed part-way: the graph unchanged (reindex) or before/after (add), check clean.
for round in $(seq 1 4); do
    for command in reindex add; do
        db="$work/$command-$round.db"
        cp "$work/base.db" "$db"
        if [ "$command" = reindex ]; then
            "$tiergraph" reindex --db "$db" > /dev/null 2>&1 &
        else
            "$tiergraph" add node "added-$round" --kind company --db "$db" > /dev/null 2>&1 &
        fi
        pid=$!
        sleep "0.0$((round * 2))"
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        state=$(count "$db" 2>/dev/null || echo unreadable)
        "$tiergraph" check --db "$db" > /dev/null 2>&1 || state="check failed ($state)"
        base_nodes=${before_base%% *} base_edges=${before_base##* }
        case "$command|$state" in
            "reindex|$before_base" | "add|$before_base" | "add|$((base_nodes + 1)) $base_edges") verdict OK "" ;;
            *) verdict FAIL "$command killed after 0.0$((round * 2))s left '$state' (before: $before_base)" ;;
        esac
    done
done

# Readers during an import: every read sees the old graph or the new one.
db="$work/readers.db"
cp "$work/base.db" "$db"
"$tiergraph" import "$work/big" --kind-change allow --db "$db" > /dev/null 2>&1 &
pid=$!
seen=""
while kill -0 "$pid" 2>/dev/null; do
    seen="$seen|$(count "$db" 2>/dev/null || echo busy)"
done
wait "$pid"
bad=$(printf '%s\n' "$seen" | tr '|' '\n' | grep -v -x -e '' -e "$before_base" -e "$after_both" -e busy | sort -u)
reads=$(printf '%s\n' "$seen" | tr '|' '\n' | grep -c -x -e "$before_base" -e "$after_both")
if [ -z "$bad" ] && [ "$reads" -gt 0 ]; then verdict OK ""; else verdict FAIL "readers during an import saw: $bad ($reads good reads)"; fi

echo "trials: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
