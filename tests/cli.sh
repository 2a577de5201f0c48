#!/bin/sh
# Command-line behaviour a user relies on: exit statuses, error messages naming the file,
# other files still processed, standard input, colour rules, and hostile header text never
# reaching the terminal. Run from `make check` with HOPTRACE and top_srcdir set.
set -u
: "${HOPTRACE:?HOPTRACE must name the hoptrace binary}"
: "${top_srcdir:?top_srcdir must name the source tree}"
data="$top_srcdir/testdata"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

check() { # check NAME CONDITION-STATUS
    if [ "$2" -eq 0 ]; then
        passed=$((passed + 1)); echo "ok $1"
    else
        failed=$((failed + 1)); echo "FAIL $1"
    fi
}

run() { # run ARGS... ; sets status, out, err
    "$HOPTRACE" "$@" >"$work/out" 2>"$work/err" </dev/null
    status=$?
}

run "$data/hybrid-cmt-inbound.eml"
check "a message is analysed with exit status 0" $status
grep -q 'Exchange 2010' "$work/out"; check "the Exchange 2010 hops are named" $?

run "$work/missing.eml" "$data/hybrid-cmt-inbound.eml"
[ $status -eq 3 ]; check "an unreadable file gives exit status 3" $?
grep -q "^hoptrace: $work/missing.eml: " "$work/err"; check "the error names the file" $?
grep -q 'Hops:        7' "$work/out"; check "the other files are still processed" $?

mkdir "$work/emptydir"
run "$work/emptydir"
[ $status -eq 3 ]; check "an empty directory gives exit status 3" $?
grep -q 'empty directory' "$work/err"; check "an empty directory is called one" $?

mkdir -p "$work/maildir/cur" "$work/maildir/new" "$work/maildir/tmp"
cp "$data/hybrid-cmt-inbound.eml" "$work/maildir/cur/1:2,S"
cp "$data/clock-skew.eml" "$work/maildir/new/2"
cp "$data/plaintext-legacy.eml" "$work/maildir/tmp/3"
echo "index data" >"$work/maildir/dovecot-uidlist"
run --format json "$work/maildir"
[ $status -eq 0 ]; check "a Maildir is read (cur/ and new/, not tmp/ or index files)" $?
[ "$(wc -l <"$work/out")" -eq 2 ]; check "a Maildir gives one JSON line per message" $?

mkdir -p "$work/tree/sub"
cp "$data/hybrid-cmt-inbound.eml" "$work/tree/a.eml"
cp "$data/three-messages.mbox" "$work/tree/sub/b.mbox"
: >"$work/tree/sub/c.eml"
run --format json "$work/tree"
[ $status -eq 3 ]; check "a directory with an empty file gives exit status 3" $?
[ "$(wc -l <"$work/out")" -eq 4 ]; check "the directory's other files are all read" $?
grep -q "sub/c.eml: " "$work/err"; check "the empty file is named" $?

run /dev/null
[ $status -eq 3 ]; check "a device gives exit status 3" $?
grep -q 'device' "$work/err"; check "a device is called one" $?

: >"$work/empty"
run "$work/empty"
[ $status -eq 3 ]; check "an empty file gives exit status 3" $?

printf '\000\001\002\377\376binary junk\000\n\000' >"$work/junk"
run "$work/junk"
[ $status -eq 3 ]; check "binary junk holds no message: exit status 3" $?

"$HOPTRACE" </dev/null >"$work/out" 2>"$work/err"
[ $? -eq 3 ]; check "an empty paste on standard input gives exit status 3" $?

"$HOPTRACE" - <"$data/outlook-paste.txt" >"$work/out" 2>"$work/err"
[ $? -eq 0 ]; check "'-' reads standard input" $?
grep -q 'Hops:        4' "$work/out"; check "an Outlook paste on standard input keeps its 4 hops" $?

run --format yaml "$data/hybrid-cmt-inbound.eml"
[ $status -eq 2 ]; check "an unknown format is a usage error (2)" $?
run --no-such-option
[ $status -eq 2 ]; check "an unknown option is a usage error (2)" $?
run --summary --format dot "$data/hybrid-cmt-inbound.eml"
[ $status -eq 2 ]; check "--summary with a diagram format is a usage error (2)" $?
run --format csv "$data/hybrid-cmt-inbound.eml"
[ $status -eq 2 ]; check "csv without --summary is a usage error (2)" $?
run --version
[ $status -eq 0 ] && grep -q '^hoptrace ' "$work/out"; check "--version prints the version" $?

run --format json "$data/three-messages.mbox"
[ "$(wc -l <"$work/out")" -eq 3 ]; check "an mbox gives one JSON line per message" $?

run --color=always "$data/hybrid-cmt-inbound.eml"
grep -q "$(printf '\033')\[" "$work/out"; check "--color=always colours" $?
NO_COLOR=1 run --color=auto "$data/hybrid-cmt-inbound.eml"
grep -q "$(printf '\033')" "$work/out"; [ $? -ne 0 ]; check "NO_COLOR: no escape sequence" $?

# Hostile text: an ESC sequence, a BEL and an OSC title change inside a Received line.
printf 'Received: from evil\033[2J\007.example.com (evil.example.com [192.0.2.66])\n\tby mx.example.com (Postfix) with ESMTP id X\033]0;pwned\007Y;\n\tTue, 14 Jan 2025 10:00:00 +0000\nSubject: \033[31mred\nFrom: a@example.com\n\nbody\n' >"$work/hostile.eml"
run "$work/hostile.eml"
[ $status -eq 0 ]; check "hostile text is analysed" $?
grep -q "$(printf '\033')" "$work/out"; [ $? -ne 0 ]; check "no ESC byte reaches the text output" $?
grep -q "$(printf '\007')" "$work/out"; [ $? -ne 0 ]; check "no BEL byte reaches the text output" $?
grep -q 'evil\\x1b\[2J\\x07' "$work/out"; check "control characters are shown escaped" $?
run --format json "$work/hostile.eml"
grep -q "$(printf '\033')" "$work/out"; [ $? -ne 0 ]; check "no raw ESC byte in JSON output" $?
grep -q 'u001b' "$work/out"; check "JSON escapes ESC as \\u001b" $?

# --summary with --expect: the report says how many messages left the route; exit 1.
run --summary --config "$data/example-org.conf" --expect cmt-outbound \
    "$data/direct-exo-outbound.eml" "$data/hybrid-cmt-outbound.eml"
[ $status -eq 1 ]; check "--summary --expect exits 1 when a message left the route" $?
grep -q '^Route check cmt-outbound: 1 of 2 messages did not follow it$' "$work/out"
check "--summary --expect says how many messages left the route" $?

# A file name is attacker-chosen too (a Maildir's): errors show it escaped.
mkdir -p "$work/names"
printf 'x' >"$work/names/$(printf 'evil\033[31mname')"
run "$work/names"
grep -q 'evil\\x1b\[31mname' "$work/err"; check "a file name in an error is shown escaped" $?
grep -q "$(printf '\033')" "$work/err"; [ $? -ne 0 ]; check "no ESC byte reaches stderr" $?

# A terminal narrower than the hop table gets one block per hop; a pipe always the table.
if command -v script >/dev/null 2>&1; then
    COLUMNS=80 script -qc "$HOPTRACE --color=never $data/hybrid-cmt-inbound.eml" /dev/null \
        >"$work/tty" 2>&1 </dev/null
    grep -q '^     -> EDGE01.example.com' "$work/tty"; check "a narrow terminal gets hop blocks" $?
    COLUMNS=400 script -qc "$HOPTRACE --color=never $data/hybrid-cmt-inbound.eml" /dev/null \
        >"$work/tty" 2>&1 </dev/null
    grep -q '^#  *From  *By' "$work/tty"; check "a wide terminal gets the table" $?
fi
run "$data/hybrid-cmt-inbound.eml"
grep -q '^#  *From  *By' "$work/out"; check "a pipe gets the table" $?

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
