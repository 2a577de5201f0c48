#!/bin/sh
# Golden-output tests: every message file in testdata/ in every output format, compared
# with testdata/expected/<file>.<format>. Run from `make check` (LC_ALL=C TZ=UTC NO_COLOR=1);
# `make update-golden` (or this script with --update) rewrites the expected files.
set -u
: "${HOPTRACE:?HOPTRACE must name the hoptrace binary}"
: "${top_srcdir:?top_srcdir must name the source tree}"
update=no
[ "${1:-}" = "--update" ] && update=yes

cd "$top_srcdir" || exit 1
mkdir -p testdata/expected
passed=0
failed=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# A profile in the user's configuration directory must not change the output.
XDG_CONFIG_HOME=$tmp.no-config
export XDG_CONFIG_HOME

# The hybrid fixtures are also run with the seed organisation's profile and the route each
# should (or, for direct-exo-outbound, should not) follow: expected/<file>.profile.<format>.
route_for() {
    case "$1" in
    hybrid-cmt-inbound.eml) echo cmt-inbound ;;
    hybrid-cmt-outbound.eml | direct-exo-outbound.eml) echo cmt-outbound ;;
    esac
}

for input in testdata/*.eml testdata/*.txt testdata/*.mbox; do
    [ -f "$input" ] || continue
    name=$(basename "$input")
    route=$(route_for "$name")
    for format in text json markdown mermaid dot ${route:+profile.text profile.json profile.markdown}; do
        expected="testdata/expected/$name.$format"
        case "$format" in
        profile.*)
            "$HOPTRACE" --config testdata/example-org.conf --expect "$route" \
                --format "${format#profile.}" "$input" >"$tmp" 2>&1 ;;
        *) "$HOPTRACE" --format "$format" "$input" >"$tmp" 2>&1 ;;
        esac
        status=$?
        echo "exit status: $status" >>"$tmp"
        if [ "$update" = yes ]; then
            cp "$tmp" "$expected"
            echo "updated $expected"
            continue
        fi
        if [ -f "$expected" ] && cmp -s "$tmp" "$expected"; then
            passed=$((passed + 1))
            echo "ok $name ($format)"
        else
            failed=$((failed + 1))
            echo "FAIL $name ($format)"
            if [ -f "$expected" ]; then diff -u "$expected" "$tmp" | head -40; else echo "  missing $expected"; fi
        fi
    done
done
[ "$update" = yes ] && exit 0
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
