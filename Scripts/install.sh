#!/bin/sh
# Scripts/install.sh [--from <dir>]
#
# Builds CreditGate (release) and installs both programs, creditgated (the
# server) and creditgate (the client), into $PREFIX/bin. --from <dir> installs
# the binaries already built in <dir> instead of building, so the build can run
# as yourself and only the copy as root:
#
#   swift build -c release && sudo Scripts/install.sh --from .build/release
#   PREFIX=$HOME/.local Scripts/install.sh          # into ~/.local/bin, no root
#
# PREFIX defaults to /usr/local; DESTDIR is put in front of it (for packaging).
set -eu

cd "$(dirname "$0")/.."
prefix=${PREFIX:-/usr/local}
bindir=${DESTDIR:-}$prefix/bin

case ${1:-} in
    --from)
        [ $# -eq 2 ] || { echo "USAGE: install.sh [--from <dir>]" >&2; exit 64; }
        from=$2 ;;
    '')
        swift build -c release
        from=$(swift build -c release --show-bin-path) ;;
    *)
        echo "USAGE: install.sh [--from <dir>]" >&2
        exit 64 ;;
esac

for program in creditgated creditgate; do
    [ -x "$from/$program" ] || { echo "install.sh: no $from/$program; build first (swift build -c release)" >&2; exit 1; }
done
install -d "$bindir"
install -m 755 "$from/creditgated" "$from/creditgate" "$bindir/"
echo "installed $("$bindir/creditgated" --version) as $bindir/creditgated"
echo "installed $("$bindir/creditgate" --version) as $bindir/creditgate"
