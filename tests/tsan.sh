#!/bin/sh
# ThreadSanitizer check of the worker threads (hoptrace --jobs): builds hoptrace with clang
# -fsanitize=thread and runs it with four workers over every testdata message in every
# format, the readiness report and a route check; fails on any TSan report or on output that
# differs from the single-threaded build's. Run by .ci/run; needs clang (skips, 77, without).
# GLib's slice allocator hides its locking from TSan, hence G_SLICE=always-malloc.
set -u
: "${HOPTRACE:?HOPTRACE must name the hoptrace binary}"
: "${top_srcdir:?top_srcdir must name the source tree}"
: "${top_builddir:=$(dirname "$HOPTRACE")}"
command -v clang >/dev/null 2>&1 || { echo "clang not installed: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$top_srcdir" || exit 1
# shellcheck disable=SC2046
clang -g -O1 -std=c11 -fsanitize=thread -I"$top_builddir" -Isrc \
    $(pkg-config --cflags gmime-3.0 glib-2.0) src/*.c -o "$work/hoptrace-tsan" \
    $(pkg-config --libs gmime-3.0 glib-2.0) -lpthread || exit 1
passed=0
failed=0
check() {
    G_SLICE=always-malloc TSAN_OPTIONS="halt_on_error=1 exitcode=66" \
        "$work/hoptrace-tsan" --jobs 4 "$@" >"$work/threads.out" 2>"$work/tsan.log"
    threaded=$?
    "$HOPTRACE" --jobs 1 "$@" >"$work/single.out" 2>/dev/null
    if [ "$threaded" -eq 66 ] || grep -q 'ThreadSanitizer' "$work/tsan.log"; then
        failed=$((failed + 1)); echo "FAIL (race) $*"; head -40 "$work/tsan.log"
    elif ! cmp -s "$work/threads.out" "$work/single.out"; then
        failed=$((failed + 1)); echo "FAIL (output differs from --jobs 1) $*"
    else
        passed=$((passed + 1)); echo "ok $*"
    fi
}
for format in text json markdown mermaid dot; do
    check --format "$format" testdata
done
check --summary --format csv testdata
check --config testdata/example-org.conf --expect cmt-outbound testdata
[ -d ../shared/corpus/real ] && check --format json ../shared/corpus/real
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
