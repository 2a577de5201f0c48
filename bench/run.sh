#!/bin/sh
# Benchmark: hoptrace next to two baselines on the same files, in one invocation.
#   grep -c '^Received:'   the floor: reading the bytes and matching line starts
#   gmime-parse            a bare GMime parse of every message (what a GMime-based tool pays)
# Mailboxes (deterministic, regenerated when missing, in $BENCH_DIR, default /tmp/hoptrace-bench):
#   plain-20000.mbox       20 000 messages of 4-8 hops
#   plain-2000.mbox        the first 2 000 of the same kind (memory must not grow with size)
#   attach-2000.mbox       2 000 messages with a ~100 KiB base64 attachment each
# Needs python3 (to generate the mailboxes). Run from the build directory: `make bench`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
hoptrace=${HOPTRACE:-./hoptrace}
gmime=${GMIME_PARSE:-./bench/gmime-parse}
measure=${MEASURE:-./bench/measure}
dir=${BENCH_DIR:-/tmp/hoptrace-bench}
mkdir -p "$dir"
[ -f "$dir/plain-20000.mbox" ] || python3 "$here/gen-mbox.py" 20000 "$dir/plain-20000.mbox"
[ -f "$dir/plain-2000.mbox" ] || python3 "$here/gen-mbox.py" 2000 "$dir/plain-2000.mbox"
[ -f "$dir/attach-2000.mbox" ] || python3 "$here/gen-mbox.py" 2000 "$dir/attach-2000.mbox" --attachment-kb 100

row() { # row LABEL FILE MESSAGES CMD...
    label=$1 file=$2 messages=$3
    shift 3
    set -- $("$measure" "$@") || true
    seconds=$1 rss=$2
    bytes=$(wc -c <"$file")
    awk -v l="$label" -v s="$seconds" -v r="$rss" -v b="$bytes" -v m="$messages" 'BEGIN {
        if (s <= 0) s = 0.001
        printf "  %-28s %8.3f s  %10.0f msg/s  %8.1f MB/s  %8.1f MB peak RSS\n", l, s, m / s, b / s / 1e6, r / 1024 }'
}

for name in plain-20000 plain-2000 attach-2000; do
    file="$dir/$name.mbox"
    messages=$(grep -c '^From ' "$file")
    printf '%s: %s messages, %s bytes\n' "$name" "$messages" "$(wc -c <"$file")"
    row "grep -c '^Received:'" "$file" "$messages" grep -c '^Received:' "$file"
    row "gmime-parse (bare GMime)" "$file" "$messages" "$gmime" "$file"
    row "hoptrace --format json -j1" "$file" "$messages" "$hoptrace" --format json --jobs 1 "$file"
    row "hoptrace --format json" "$file" "$messages" "$hoptrace" --format json "$file"
    row "hoptrace (text)" "$file" "$messages" "$hoptrace" "$file"
    row "hoptrace --summary" "$file" "$messages" "$hoptrace" --summary "$file"
done
