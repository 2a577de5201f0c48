#!/bin/sh
# valgrind memcheck over every testdata message in every output format, and the summary:
# no invalid read or write, no definite leak. GLib's type system keeps its registrations
# for the life of the process; those blocks are "still reachable", never "definitely
# lost", so no suppression is needed. Skipped (77) when valgrind is not installed.
# Run by .ci/run; by hand: HOPTRACE=./hoptrace top_srcdir=. sh tests/valgrind.sh
set -u
: "${HOPTRACE:?HOPTRACE must name the hoptrace binary}"
: "${top_srcdir:?top_srcdir must name the source tree}"
command -v valgrind >/dev/null 2>&1 || { echo "valgrind not installed: skipped"; exit 77; }
cd "$top_srcdir" || exit 1
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
check() {
    if valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
        --show-leak-kinds=definite "$HOPTRACE" "$@" >/dev/null 2>"$log"; then
        status=0
    else
        status=$?
    fi
    if [ "$status" -eq 99 ] || grep -q '^==[0-9]*== ' "$log"; then
        failed=$((failed + 1)); echo "FAIL $*"; head -30 "$log"
    else
        passed=$((passed + 1)); echo "ok $*"
    fi
}
for input in testdata/*.eml testdata/*.txt testdata/*.mbox; do
    for format in text json markdown mermaid dot; do
        check --format "$format" "$input"
    done
done
check --summary --format csv testdata
check --config testdata/example-org.conf --expect cmt-inbound testdata/hybrid-cmt-inbound.eml
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
