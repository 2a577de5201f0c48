#!/bin/sh
# The organisation profile and --expect, as a user relies on them: the seed organisation's
# CMT messages verify, a message that bypassed on-premises fails with exit status 1 and says
# where, and every profile mistake is a usage error (2) naming the file and the line.
# Run from `make check` with HOPTRACE and top_srcdir set.
set -u
: "${HOPTRACE:?HOPTRACE must name the hoptrace binary}"
: "${top_srcdir:?top_srcdir must name the source tree}"
data="$top_srcdir/testdata"
profile="$data/example-org.conf"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# No profile unless a test puts one here.
XDG_CONFIG_HOME="$work/xdg"
export XDG_CONFIG_HOME
passed=0
failed=0

check() { # check NAME CONDITION-STATUS
    if [ "$2" -eq 0 ]; then
        passed=$((passed + 1)); echo "ok $1"
    else
        failed=$((failed + 1)); echo "FAIL $1"; sed 's/^/    /' "$work/err" | head -5
    fi
}

run() { # run ARGS... ; sets status
    "$HOPTRACE" "$@" >"$work/out" 2>"$work/err" </dev/null
    status=$?
}

# ---- The three hybrid fixtures ---------------------------------------------------------
run --config "$profile" --expect cmt-inbound "$data/hybrid-cmt-inbound.eml"
[ $status -eq 0 ]; check "CMT inbound verifies as cmt-inbound (exit 0)" $?
grep -q '^  verdict:   matches' "$work/out"; check "the verdict says it matches" $?
grep -q '^  observed:  internet > edge > exchange2010 > eop > exo$' "$work/out"
check "the observed route is internet > edge > exchange2010 > eop > exo" $?
grep -q 'EDGE01.example.com \[192.0.2.10\] *internet > edge ' "$work/out"
check "the hop into the Edge shows the roles internet > edge" $?

run --config "$profile" --expect cmt-outbound "$data/hybrid-cmt-outbound.eml"
[ $status -eq 0 ]; check "CMT outbound verifies as cmt-outbound (exit 0)" $?
grep -q '^  observed:  exo > eop > exchange2010 > edge > internet$' "$work/out"
check "the observed route is exo > eop > exchange2010 > edge > internet" $?

run --config "$profile" --expect cmt-outbound "$data/direct-exo-outbound.eml"
[ $status -eq 1 ]; check "a message sent straight from EXO fails cmt-outbound (exit 1)" $?
grep -q 'DOES NOT MATCH, step 3: expected exchange2010, observed internet (mx.google.com, hop 4)' \
    "$work/out"
check "the failure names the step, the roles, the server and the hop" $?
[ ! -s "$work/err" ]; check "a failed route is a verdict, not an error on stderr" $?

run --config "$profile" --expect cmt-outbound --format json "$data/direct-exo-outbound.eml"
[ $status -eq 1 ]; check "JSON output gives exit status 1 too" $?
grep -q '"route":{"name":"cmt-outbound","expected":\["exo","eop","exchange2010","edge","internet"\],"observed":\["exo","eop","internet"\],"match":false,"diverges_at":3,' \
    "$work/out"
check "JSON has the route verdict with diverges_at 3" $?
grep -q '"by":{"host":"mx.google.com","ip":null,"role":"internet"}' "$work/out"
check "JSON gives the by server's role" $?

run --config "$profile" --expect cmt-inbound "$data/hybrid-cmt-inbound.eml" "$data/direct-exo-outbound.eml"
[ $status -eq 1 ]; check "one failing message of several gives exit status 1" $?
[ "$(grep -c '^Route check: cmt-inbound' "$work/out")" -eq 2 ]; check "every message is checked" $?

run --config "$profile" --expect cmt-inbound "$work/missing.eml" "$data/direct-exo-outbound.eml"
[ $status -eq 3 ]; check "an unreadable input (3) outweighs a failed route (1)" $?

run --config "$profile" --format markdown --expect cmt-outbound "$data/direct-exo-outbound.eml"
[ $status -eq 1 ] && grep -q '^- \*\*Verdict:\*\* \*\*does not match\*\*, step 3' "$work/out"
check "Markdown output carries the verdict" $?

# ---- Roles without --expect --------------------------------------------------------------
run "$data/hybrid-cmt-inbound.eml"
[ $status -eq 0 ] && grep -q '^Route:       internet > eop > exo$' "$work/out"
check "without a profile the built-in roles still apply (eop, exo, internet)" $?
run --config "$profile" "$data/hybrid-cmt-inbound.eml"
[ $status -eq 0 ] && grep -q '^Route:       internet > edge > exchange2010 > eop > exo$' "$work/out"
check "--config alone gives the declared roles" $?

# ---- The default profile ---------------------------------------------------------------------
mkdir -p "$work/xdg/hoptrace"
cp "$profile" "$work/xdg/hoptrace/config"
run --expect cmt-inbound "$data/hybrid-cmt-inbound.eml"
[ $status -eq 0 ]; check "\$XDG_CONFIG_HOME/hoptrace/config is read without --config" $?
printf '[role edge\nhosts = x\n' >"$work/xdg/hoptrace/config"
run "$data/hybrid-cmt-inbound.eml"
[ $status -eq 2 ]; check "a broken default profile is a usage error (2)" $?
grep -q "^hoptrace: $work/xdg/hoptrace/config:1: " "$work/err"; check "...naming the file and line" $?
rm -r "$work/xdg/hoptrace"

# ---- Mistakes ------------------------------------------------------------------------------------
run --config "$profile" --expect no-such-route "$data/hybrid-cmt-inbound.eml"
[ $status -eq 2 ]; check "an unknown route is a usage error (2)" $?
grep -q "unknown route 'no-such-route' (declared: cmt-inbound, cmt-outbound)" "$work/err"
check "...listing the routes there are" $?
[ ! -s "$work/out" ]; check "...and nothing is analysed" $?

run --expect cmt-inbound "$data/hybrid-cmt-inbound.eml"
[ $status -eq 2 ]; check "--expect without any profile is a usage error (2)" $?
grep -q 'no configuration file declares routes' "$work/err"; check "...that says why" $?

run --config "$work/missing.conf" "$data/hybrid-cmt-inbound.eml"
[ $status -eq 2 ]; check "a missing --config file is a usage error (2)" $?
grep -q "^hoptrace: $work/missing.conf: " "$work/err"; check "...naming the file" $?

run --config "$work" "$data/hybrid-cmt-inbound.eml"
[ $status -eq 2 ]; check "a directory as --config is a usage error (2)" $?

printf '[org]\nname = x\n\n[role edge]\nhosts = EDGE*\nthis line is broken\n' >"$work/syntax.conf"
run --config "$work/syntax.conf" "$data/hybrid-cmt-inbound.eml"
[ $status -eq 2 ]; check "a key file syntax error is a usage error (2)" $?
grep -q "^hoptrace: $work/syntax.conf:6: " "$work/err"; check "...naming line 6" $?

printf '[role edge]\nhosts = EDGE*\n\n[route in]\npath = internet > egde > exo\n' >"$work/role.conf"
run --config "$work/role.conf" --expect in "$data/hybrid-cmt-inbound.eml"
[ $status -eq 2 ]; check "an unknown role in a path is a usage error (2)" $?
grep -q "^hoptrace: $work/role.conf:5: unknown role 'egde' in the path of \[route in\]" "$work/err"
check "...naming the role, the route and line 5" $?

printf '[role edge]\nnetworks = 192.0.2.10/24\n' >"$work/net.conf"
run --config "$work/net.conf" "$data/hybrid-cmt-inbound.eml"
[ $status -eq 2 ] && grep -q 'net.conf:2: .*did you mean 192.0.2.0/24' "$work/err"
check "a network with host bits set is refused with a suggestion" $?

printf '[role edge]\nhost = EDGE*\n' >"$work/key.conf"
run --config "$work/key.conf" "$data/hybrid-cmt-inbound.eml"
[ $status -eq 2 ] && grep -q "key.conf:2: unknown key 'host' in \[role edge\]" "$work/err"
check "a misspelt key is refused, not ignored" $?

run --summary --format mermaid "$data/hybrid-cmt-inbound.eml"
[ $status -eq 2 ]; check "a diagram format with --summary is a usage error (2)" $?

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
