#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (a package of its own, with AddressSanitizer) and runs
# each for SECONDS_PER_TARGET seconds (default 60), starting from the committed seed corpus
# Fuzz/Corpus/<target>/ (issue 22; findings and hours so far: RELIABILITY.md).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      (default: every target)
#
# The corpus each run grows is kept in .build/fuzz-corpus/<target>/ (not committed); a crash,
# a hang or a sanitizer report is written to .build/fuzz-findings/<target>/ and makes the script
# exit 1 (keep it as a regression test: Tests/TiergraphTests/FuzzFindingsTests.swift).
# Prints one line per target: seconds, executions, corpus size, findings.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift $(( $# > 0 ? 1 : 0 ))
all=(csv json graphml dot values write-dot write-graphml write-json write-cypher)
targets=("${@:-${all[@]}}")
for target in "${targets[@]}"; do
    [[ " ${all[*]} " == *" $target "* ]] || { echo "unknown fuzz target '$target'; use one of: ${all[*]}" >&2; exit 2; }
done
# -parse-as-library: libFuzzer, not Swift, provides main.
swift build --package-path Fuzz --scratch-path .build/fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
    || { echo "fuzz build failed" >&2; exit 2; }
bin=$(swift build --package-path Fuzz --scratch-path .build/fuzz --show-bin-path)
failed=0
for target in "${targets[@]}"; do
    corpus=.build/fuzz-corpus/$target findings=.build/fuzz-findings/$target
    mkdir -p "$corpus" "$findings"
    log=.build/fuzz-findings/$target.log
    # Leaks are not findings here (Graphviz and Foundation keep caches for the process); Swift's
    # own crash backtracer is off (AddressSanitizer reports its memory reads as a second crash).
    ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no "$bin/fuzz-$target" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3072 \
        -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" "Fuzz/Corpus/$target" > "$log" 2>&1
    status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    found=$(find "$findings" -type f | wc -l)
    echo "fuzz-$target: ${seconds} s, ${runs:-?} executions, corpus $(find "$corpus" -type f | wc -l) files, $found finding(s), exit $status"
    if [ "$status" -ne 0 ] || [ "$found" -gt 0 ]; then
        failed=1
        grep -m5 -E 'FUZZ FAILURE|ERROR: AddressSanitizer|Fatal error|deadly signal|timeout' "$log" | sed 's/^/    /'
    fi
done
exit $failed
