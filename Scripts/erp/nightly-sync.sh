#!/bin/sh
# Nightly sync of an ERP export folder into CreditGate: customers (if the ERP wrote that file),
# then invoices, then payments, each with `creditgate import`. Logs each file's accepted and
# rejected counts and every rejected row; exits non-zero if any row was rejected.
#
# usage: nightly-sync.sh [-c CREDITGATE] [-d YYYY-MM-DD] [-l LOGFILE] EXPORT_DIR [-- IMPORT_OPTIONS...]
#
#   EXPORT_DIR   holds customers-<date>.csv (optional), invoices-<date>.csv, payments-<date>.csv
#   -c           the creditgate binary (default: $CREDITGATE or `creditgate` on PATH)
#   -d           the date in the file names (default: today, `date +%Y-%m-%d`)
#   -l           also append the log to this file
#   after --     passed to every `creditgate import`, e.g. connection options and
#                --preset ibm-ar --date-format mdy. The imports are writes, so they sign in:
#                --user NAME here (or user= in ~/.creditgate), the secret from
#                $CREDITGATE_SECRET or secret= in ~/.creditgate (mode 0600)
#
# exit: 0 every row went in; 1 some rows were rejected (see the log); 2 a file was missing or an
# import could not run (connection, arguments, no user or secret, AUTH refused); 64 bad usage of
# this script.
set -u

cli=${CREDITGATE:-creditgate}
day=$(date +%Y-%m-%d)
logfile=

usage() {
    echo "usage: nightly-sync.sh [-c CREDITGATE] [-d YYYY-MM-DD] [-l LOGFILE] EXPORT_DIR [-- IMPORT_OPTIONS...]" >&2
    exit 64
}

while getopts c:d:l:h option; do
    case $option in
        c) cli=$OPTARG ;;
        d) day=$OPTARG ;;
        l) logfile=$OPTARG ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
folder=$1
shift
if [ $# -ge 1 ]; then
    [ "$1" = "--" ] || usage
    shift
fi
case $day in
    [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) ;;
    *) echo "nightly-sync: -d takes YYYY-MM-DD, not $day" >&2; exit 64 ;;
esac

log() {
    line="$(date -u +%Y-%m-%dT%H:%M:%SZ) $*"
    printf '%s\n' "$line"
    if [ -n "$logfile" ]; then printf '%s\n' "$line" >>"$logfile"; fi
}

# The value of key=… in the summary line `import <kind> rows=… accepted=… … rejected=…`.
field() {
    printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1
}

status=0
output=$(mktemp "${TMPDIR:-/tmp}/nightly-sync.XXXXXX") || exit 2
trap 'rm -f "$output"' EXIT HUP INT TERM

for kind in customers invoices payments; do
    file=$folder/$kind-$day.csv
    if [ ! -f "$file" ]; then
        if [ "$kind" = customers ]; then
            log "$kind file=$file absent: skipped"
        else
            log "$kind file=$file missing"
            status=2
        fi
        continue
    fi
    "$cli" import "$kind" "$file" "$@" >"$output" 2>&1
    code=$?
    summary=$(grep "^import $kind " "$output" | head -n 1)
    if [ -z "$summary" ]; then
        log "$kind file=$file failed exit=$code: $(tr '\n' ' ' <"$output")"
        status=2
        continue
    fi
    accepted=$(field accepted "$summary")
    unchanged=$(field unchanged "$summary")
    skipped=$(field skipped "$summary")
    rejected=$(field rejected "$summary")
    log "$kind file=$file accepted=${accepted:-?} unchanged=${unchanged:-0} skipped=${skipped:-0} rejected=${rejected:-?} exit=$code"
    grep '^rejected ' "$output" | while IFS= read -r row; do log "$kind $row"; done
    if [ "$code" -ge 2 ] || [ -z "$rejected" ]; then
        status=2
    elif [ "$rejected" != 0 ] || [ "$code" -ne 0 ]; then
        [ "$status" -eq 0 ] && status=1
    fi
done

log "done status=$status"
exit "$status"
