#!/bin/sh
# Checks that a faster build says exactly what the previous one said.
#   bench/same-output.sh OLD-HOPTRACE NEW-HOPTRACE
# Runs both binaries over every fixture in testdata/, the shared real-world corpus and peer
# vectors (../shared/corpus, when present) and a generated mailbox, in every output format
# and the readiness report, and compares the bytes and exit statuses. Prints each input that
# differs with the first lines of the difference; exits 1 when any differs.
# A performance change must leave this silent (docs/performance.md).
set -u
old=$1 new=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
shared=${HOPTRACE_SHARED:-$top/../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
differ=0 cases=0

check() { # check LABEL ARGS...; standard input is $stdin (default /dev/null)
    label=$1
    shift
    cases=$((cases + 1))
    "$old" "$@" <"${stdin:-/dev/null}" >"$work/old" 2>"$work/old.err"
    echo "status $?" >>"$work/old"
    "$new" "$@" <"${stdin:-/dev/null}" >"$work/new" 2>"$work/new.err"
    echo "status $?" >>"$work/new"
    if ! cmp -s "$work/old" "$work/new" || ! cmp -s "$work/old.err" "$work/new.err"; then
        differ=$((differ + 1))
        echo "DIFFERS: $label"
        diff "$work/old" "$work/new" | head -8
        diff "$work/old.err" "$work/new.err" | head -4
    fi
}

inputs=""
for f in "$top"/testdata/*.eml "$top"/testdata/*.txt "$top"/testdata/*.mbox; do
    [ -f "$f" ] && inputs="$inputs $f"
done
if [ -d "$shared/corpus/real" ]; then
    for f in "$shared"/corpus/real/*.eml; do inputs="$inputs $f"; done
fi
vectors="$shared/corpus/peer-vectors/stalwart-received.json"
if [ -f "$vectors" ] && command -v python3 >/dev/null; then
    python3 - "$vectors" "$work/vectors.mbox" <<'EOF'
import json, sys
with open(sys.argv[2], "w") as out:
    for i, v in enumerate(json.load(open(sys.argv[1]))):
        out.write("From vector@example.com Thu Jan  1 00:00:00 2026\n")
        out.write("Received: " + v["header"].rstrip("\n").replace("\n", "\n ") + "\n")
        out.write("Message-ID: <%d@example.com>\n\nbody\n\n" % i)
EOF
    inputs="$inputs $work/vectors.mbox"
fi
python3 "$here/gen-mbox.py" 1500 "$work/generated.mbox" >/dev/null && inputs="$inputs $work/generated.mbox"

for f in $inputs; do
    name=$(basename "$f")
    for format in text json markdown mermaid dot; do
        check "$name --format $format" --format "$format" "$f"
    done
    check "$name --config example-org.conf --expect cmt-inbound" --format json \
        --config "$top/testdata/example-org.conf" --expect cmt-inbound "$f"
    check "$name --jobs 2" --format json --jobs 2 "$f"
    stdin=$f check "$name < stdin" --format json -
done
for format in text json csv markdown; do
    check "all inputs --summary --format $format" --summary --format "$format" $inputs
done
check "all inputs --format jsonl --jobs 3" --format jsonl --jobs 3 $inputs
echo "same-output: $cases cases, $differ differ"
[ "$differ" -eq 0 ]
