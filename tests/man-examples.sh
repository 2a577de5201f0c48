#!/bin/sh
# The examples of the manual are tests (docs/STYLE.md, after jq): every ".Dl hoptrace ..."
# line in the EXAMPLES section of man/hoptrace.1 is run from the source tree and its
# standard output compared with testdata/expected/man/example-N.out (N = 1, 2, ... in the
# order of the page). An example fails when its output differs, when it exits non-zero
# (anywhere in a pipeline, for the hoptrace part) or when it writes to standard error.
#
# Run from `make check` with HOPTRACE (the built binary) and top_srcdir (the source tree).
# With --update as first argument the golden files are rewritten instead; review the diff.
#
# An example line is read as mdoc renders it: the escapes \- (-), \e (\), \& (nothing),
# \(aq (') and \(dq (") are undone. mdoc strips plain double quotes, so a line holding one
# is refused: write \(dq. The word "hoptrace" is a shell function that runs $HOPTRACE.
set -u
: "${HOPTRACE:?HOPTRACE must name the hoptrace binary}"
: "${top_srcdir:?top_srcdir must name the source tree}"

update=no
case "${1:-}" in
--update) update=yes ;;
"") ;;
*)
    echo "usage: $0 [--update]" >&2
    exit 2
    ;;
esac

# The examples' output must not depend on the machine that runs them.
LC_ALL=C TZ=UTC NO_COLOR=1
export LC_ALL TZ NO_COLOR
case "$HOPTRACE" in
/*) ;;
*) HOPTRACE=$(pwd)/$HOPTRACE ;;
esac
export HOPTRACE

page=$top_srcdir/man/hoptrace.1
golden_dir=$top_srcdir/testdata/expected/man
if [ ! -r "$page" ]; then
    echo "FAIL: cannot read $page"
    exit 1
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# The .Dl lines of the EXAMPLES section whose first word is hoptrace, as written.
awk '
    /^\.Sh[ \t]/ { in_examples = ($2 == "EXAMPLES"); next }
    in_examples && /^\.Dl[ \t]+hoptrace([ \t]|$)/ { sub(/^\.Dl[ \t]+/, ""); print }
' "$page" >"$tmp/lines"

count=$(wc -l <"$tmp/lines")
count=$((count + 0))
if [ "$count" -eq 0 ]; then
    echo "FAIL: $page has no '.Dl hoptrace ...' line in its EXAMPLES section"
    echo "0 passed, 1 failed"
    exit 1
fi

[ "$update" = yes ] && mkdir -p "$golden_dir"

passed=0
failed=0
n=0
while IFS= read -r line; do
    n=$((n + 1))
    golden=$golden_dir/example-$n.out

    # Refuse what the unescaping below would get wrong.
    problem=
    case "$line" in
    *'"'*) problem='holds a plain double quote, which mdoc strips (write \(dq)' ;;
    esac
    rest=$(printf '%s\n' "$line" | sed -e 's/\\-//g' -e 's/\\e//g' -e 's/\\&//g' \
        -e 's/\\(aq//g' -e 's/\\(dq//g')
    case "$rest" in
    *\\*) problem='holds an mdoc escape this test does not know' ;;
    esac
    # \e last, so that "\e-" becomes "\-" and not "-".
    cmd=$(printf '%s\n' "$line" | sed -e 's/\\-/-/g' -e 's/\\&//g' -e "s/\\\\(aq/'/g" \
        -e 's/\\(dq/"/g' -e 's/\\e/\\/g')
    if [ -n "$problem" ]; then
        failed=$((failed + 1))
        printf 'FAIL %s: %s\n  the line %s\n' "$n" "$line" "$problem"
        continue
    fi

    # Run it from the source tree, with "hoptrace" meaning the binary under test. A
    # failing hoptrace inside a pipeline leaves its status in $tmp/status.
    rm -f "$tmp/status"
    (
        cd "$top_srcdir" || exit 125
        HT_STATUS_FILE=$tmp/status
        export HT_STATUS_FILE
        exec sh -c 'hoptrace () {
    "$HOPTRACE" "$@" || { ht_status=$?; echo "$ht_status" >>"$HT_STATUS_FILE"; return "$ht_status"; }
}
'"$cmd" </dev/null
    ) >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ "$status" -eq 0 ] && [ -s "$tmp/status" ]; then
        status=$(head -n 1 "$tmp/status")
    fi

    why=
    if [ "$status" -ne 0 ]; then
        why="exit status $status"
    elif [ -s "$tmp/err" ]; then
        why="wrote to standard error"
    elif [ "$update" = no ]; then
        if [ ! -f "$golden" ]; then
            why="missing $golden (run $0 --update)"
        elif ! cmp -s "$golden" "$tmp/out"; then
            why="output differs from $golden"
        fi
    fi

    if [ -n "$why" ]; then
        failed=$((failed + 1))
        printf 'FAIL %s: %s\n  %s\n' "$n" "$cmd" "$why"
        if [ -s "$tmp/err" ]; then
            sed -e 's/^/  stderr: /' "$tmp/err" | head -n 10
        fi
        if [ "$update" = no ] && [ -f "$golden" ] && [ "$status" -eq 0 ]; then
            diff -u "$golden" "$tmp/out" | head -n 40
        fi
        continue
    fi
    if [ "$update" = yes ]; then
        cp "$tmp/out" "$golden" || exit 1
        printf 'updated %s: %s\n' "$n" "$cmd"
    else
        printf 'ok %s: %s\n' "$n" "$cmd"
    fi
    passed=$((passed + 1))
done <"$tmp/lines"

# Golden files of examples that no longer exist.
for golden in "$golden_dir"/example-*.out; do
    [ -f "$golden" ] || continue
    number=${golden##*/example-}
    number=${number%.out}
    case "$number" in
    '' | *[!0-9]*) continue ;;
    esac
    [ "$number" -le "$count" ] && continue
    if [ "$update" = yes ]; then
        rm -f "$golden" && echo "removed $golden (no example $number)"
    else
        failed=$((failed + 1))
        echo "FAIL $number: $golden has no example (run $0 --update)"
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
