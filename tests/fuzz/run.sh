#!/bin/sh
# Runs each libFuzzer harness for FUZZ_SECONDS (default 60) with seeds made from testdata/:
# whole messages for the pipeline, single Received values for the line-level targets.
# Crashes are written to tests/fuzz/crashes/. Usage: tests/fuzz/run.sh [TARGET...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
seconds=${FUZZ_SECONDS:-60}
bin=${FUZZ_BIN:-$here}
targets=${*:-received date tls pipeline}
work=${FUZZ_WORK:-$(mktemp -d)}
mkdir -p "$work/seeds-line" "$work/seeds-message" "$work/seeds-date" "$here/crashes"

# Seeds: each Received value of our fixtures (unfolded), each message, each date.
n=0
for f in "$top"/testdata/*.eml "$top"/testdata/*.txt "$top"/testdata/*.mbox; do
    cp "$f" "$work/seeds-message/"
    awk 'BEGIN{IGNORECASE=1} /^$/{exit} /^[^ \t]/{if(v!="")print v; v=""} /^(X-)?Received:/{sub(/^[^:]*:[ \t]*/,""); v=$0; next} /^[ \t]/{if(v!=""){sub(/^[ \t]+/," "); v=v $0}} END{if(v!="")print v}' "$f" |
    while IFS= read -r line; do
        n=$((n + 1))
        printf '%s' "$line" >"$work/seeds-line/$(basename "$f")-$n"
        printf '%s' "${line##*;}" >"$work/seeds-date/$(basename "$f")-$n"
    done
done

for target in $targets; do
    case $target in
    pipeline) seeds=$work/seeds-message ;;
    date) seeds=$work/seeds-date ;;
    *) seeds=$work/seeds-line ;;
    esac
    mkdir -p "$work/corpus-$target"
    echo "== fuzz-$target for ${seconds}s"
    "$bin/fuzz-$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -artifact_prefix="$here/crashes/$target-" -print_final_stats=1 \
        "$work/corpus-$target" "$seeds" 2>&1 | grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written)' || true
done
