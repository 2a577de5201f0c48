#!/bin/sh
# README command 1: install what is missing (Debian packages), build hoptrace, and trace
# the bundled hybrid sample (Gmail -> Exchange 2010 Edge -> Exchange 2010 -> Exchange Online).
# CONFIGURE_FLAGS is passed to ./configure (CI uses --enable-werror).
set -eu
cd "$(dirname "$0")/.."

# graphviz: tests/dot-render.sh renders the DOT output with dot -Tsvg (skipped without it).
packages="gcc make autoconf automake pkg-config libglib2.0-dev libgmime-3.0-dev libjson-glib-dev libcmocka-dev graphviz"
missing=""
for package in $packages; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    echo "setup: installing$missing"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi

[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure ${CONFIGURE_FLAGS:-}
make -j"$(nproc)"
./hoptrace testdata/hybrid-cmt-inbound.eml
