#!/bin/sh
# The DOT output of every testdata message renders with Graphviz (`dot -Tsvg`), with no
# warning: a label that broke out of its string would be a syntax error or a stray node.
# Skips (exit 77, automake's SKIP) when Graphviz is not installed (Debian: graphviz).
set -u
: "${HOPTRACE:?HOPTRACE must name the hoptrace binary}"
: "${top_srcdir:?top_srcdir must name the source tree}"
if ! command -v dot >/dev/null 2>&1; then
    echo "SKIP: Graphviz's dot is not installed (apt-get install graphviz)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

for input in "$top_srcdir"/testdata/*.eml "$top_srcdir"/testdata/*.txt "$top_srcdir"/testdata/*.mbox; do
    [ -f "$input" ] || continue
    name=$(basename "$input")
    "$HOPTRACE" --format dot "$input" >"$work/graph.dot" 2>/dev/null
    if dot -Tsvg "$work/graph.dot" >"$work/graph.svg" 2>"$work/err" && [ ! -s "$work/err" ] &&
        grep -q '<svg' "$work/graph.svg"; then
        passed=$((passed + 1)); echo "ok $name renders"
    else
        failed=$((failed + 1)); echo "FAIL $name"; head -5 "$work/err"
    fi
    # Every node the graph declares is drawn, and no other: a node id can only come from us.
    declared=$(grep -c '^    n[0-9]* \[label=' "$work/graph.dot")
    drawn=$(grep -c 'class="node"' "$work/graph.svg")
    if [ "$declared" -eq "$drawn" ]; then
        passed=$((passed + 1)); echo "ok $name draws its $declared servers"
    else
        failed=$((failed + 1)); echo "FAIL $name declares $declared servers, draws $drawn"
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
