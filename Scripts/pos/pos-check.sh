#!/bin/sh
# pos-check.sh [--servers HOST:PORT,...] CUSTOMER AMOUNT [ORDER]
# pos-check.sh [--servers HOST:PORT,...] --release ORDER
#
# Asks CreditGate whether a sale may go ahead, or frees the credit a CHECK with
# an order reserved when that order will not be invoiced. The cashier reads one
# line on stdout saying why. POSIX sh and nc only.
#
# Exit status: 0 proceed (or released); 1 stop (HOLD, ERR, bad input or
# configuration); 2 the server unreachable and the fallback says no; 3 the
# server refused the sign-in (wrong user or secret). Anything but 0: do not
# hand over the goods on credit.
#
# Configuration, environment first, then the file named by CREDITGATE_CONFIG
# (default /etc/creditgate/pos.conf, KEY=value lines, never executed):
#   CREDITGATE_HOST (127.0.0.1)  CREDITGATE_PORT (7070)  CREDITGATE_TIMEOUT (3 s)
#   CREDITGATE_SERVERS  a primary and its replicas, host:port,host:port,... tried
#                       in order instead of HOST and PORT (--servers wins): a
#                       server down or answering ERR STALE is passed over, and a
#                       change a replica refuses (ERR REPLICA <primary> ...) is
#                       sent once to the primary it names
#   CREDITGATE_USER, CREDITGATE_SECRET  sign in as this terminal user first; a
#                             file holding the secret must be mode 0600 (only its
#                             owner may read it), or it is refused
#   CREDITGATE_OFFLINE  refuse (default) | allow-below
#   CREDITGATE_OFFLINE_FLOOR  with allow-below: amounts strictly below it pass
#   CREDITGATE_OFFLINE_LOG    where offline sales are logged (./creditgate-offline.log)
#   CREDITGATE_NC_FLAGS       how nc ends the request (default -N, or -q 1 without -N)

set -u

stop() {
    printf 'STOP: %s\n' "$*"
    exit 1
}

usage() {
    printf 'USAGE: pos-check.sh [--servers <host:port>,...] <customer> <amount> [<order>] | --release <order>\n' >&2
    stop "$*"
}

# --- configuration -----------------------------------------------------------

config_file=${CREDITGATE_CONFIG:-/etc/creditgate/pos.conf}
file_servers= file_host= file_port= file_timeout= file_offline= file_floor= file_log= file_nc= file_user= file_secret=
if [ -r "$config_file" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in ''|'#'*) continue ;; esac
        key=${line%%=*}
        value=${line#*=}
        # Strip one pair of surrounding quotes, as a shell-style file would have them.
        case $value in \"*\") value=${value#\"}; value=${value%\"} ;; \'*\') value=${value#\'}; value=${value%\'} ;; esac
        case $key in
            CREDITGATE_SERVERS) file_servers=$value ;;
            CREDITGATE_HOST) file_host=$value ;;
            CREDITGATE_PORT) file_port=$value ;;
            CREDITGATE_TIMEOUT) file_timeout=$value ;;
            CREDITGATE_OFFLINE) file_offline=$value ;;
            CREDITGATE_OFFLINE_FLOOR) file_floor=$value ;;
            CREDITGATE_OFFLINE_LOG) file_log=$value ;;
            CREDITGATE_NC_FLAGS) file_nc=$value ;;
            CREDITGATE_USER) file_user=$value ;;
            CREDITGATE_SECRET) file_secret=$value ;;
        esac
    done < "$config_file"
    if [ -n "$file_secret" ]; then
        # A secret is only taken from a file nobody else may read (ssh's rule for keys).
        # shellcheck disable=SC2012
        mode=$(ls -ln "$config_file" | cut -c1-10)
        case $mode in ????------) ;; *)
            stop "configuration: $config_file holds CREDITGATE_SECRET but group or others may access it ($mode); run 'chmod 600 $config_file'" ;;
        esac
    fi
fi

arg_servers=
if [ "${1:-}" = --servers ]; then
    [ $# -ge 2 ] || usage "give the servers after --servers"
    arg_servers=$2
    shift 2
fi
host=${CREDITGATE_HOST:-${file_host:-127.0.0.1}}
port=${CREDITGATE_PORT:-${file_port:-7070}}
servers=${arg_servers:-${CREDITGATE_SERVERS:-$file_servers}}
timeout=${CREDITGATE_TIMEOUT:-${file_timeout:-3}}
offline=${CREDITGATE_OFFLINE:-${file_offline:-refuse}}
floor=${CREDITGATE_OFFLINE_FLOOR:-$file_floor}
offline_log=${CREDITGATE_OFFLINE_LOG:-${file_log:-./creditgate-offline.log}}
nc_flags=${CREDITGATE_NC_FLAGS:-$file_nc}
user=${CREDITGATE_USER:-$file_user}
secret=${CREDITGATE_SECRET:-$file_secret}

case $port in ''|*[!0-9]*) stop "configuration: CREDITGATE_PORT '$port' is not a port number" ;; esac
[ -n "$servers" ] || servers=$host:$port
set -f
for server in $(printf '%s' "$servers" | tr ',' ' '); do
    case ${server##*:} in ''|*[!0-9]*) stop "configuration: server '$server' is not host:port" ;; esac
    case $server in *:*) ;; *) stop "configuration: server '$server' is not host:port" ;; esac
done
set +f
case $timeout in ''|*[!0-9]*|0) stop "configuration: CREDITGATE_TIMEOUT '$timeout' must be whole seconds, at least 1" ;; esac
case $offline in refuse|allow-below) ;; *) stop "configuration: CREDITGATE_OFFLINE must be refuse or allow-below, not '$offline'" ;; esac
if [ -n "$user" ]; then
    case $user in *[!A-Za-z0-9._/:-]*) stop "configuration: CREDITGATE_USER '$user' is not a user name" ;; esac
    case $secret in '') stop "configuration: CREDITGATE_USER is set but CREDITGATE_SECRET is not" ;; esac
    case $secret in *[!A-Za-z0-9._/:+=@-]*) stop "configuration: CREDITGATE_SECRET holds a space, quote or control character" ;; esac
fi

# --- input -------------------------------------------------------------------

# An id as the server accepts it: 1-64 characters from A-Z a-z 0-9 . _ - / :
valid_id() {
    case $1 in ''|*[!A-Za-z0-9._/:-]*) return 1 ;; esac
    [ "${#1}" -le 64 ]
}

# An amount as the server accepts it: digits, optionally '.' and 1-2 digits,
# at most 999999999999.99. Prints it in minor units (an integer: no floating point).
minor_units() {
    case $1 in
        *[!0-9.]*|.*|*.|*.*.*) return 1 ;;
        *.?|*.??) whole=${1%.*}; cents=${1#*.} ;;
        *.*) return 1 ;;
        *) whole=$1; cents= ;;
    esac
    [ -n "$whole" ] || return 1
    # Leading zeros would make $(( )) read octal.
    whole=${whole#"${whole%%[!0]*}"}
    [ "${#whole}" -le 12 ] || return 1
    case $cents in '') cents=00 ;; ?) cents=${cents}0 ;; esac
    cents=${cents#0}
    echo $(( ${whole:-0} * 100 + cents ))
}

# 123456 -> 1234.56
format_minor() {
    printf '%d.%02d' $(( $1 / 100 )) $(( $1 % 100 ))
}

minor=
if [ "${1:-}" = --release ]; then
    [ $# -eq 2 ] || usage "give the order to release"
    order=$2
    valid_id "$order" || stop "order '$order' is not valid (1-64 characters from A-Z a-z 0-9 . _ - / :)"
    request="RELEASE ORDER $order"
else
    [ $# -ge 2 ] && [ $# -le 3 ] || usage "give a customer, an amount and optionally an order"
    customer=$1
    amount=$2
    order=${3:-}
    valid_id "$customer" || stop "customer id '$customer' is not valid (1-64 characters from A-Z a-z 0-9 . _ - / :)"
    minor=$(minor_units "$amount") || stop "amount '$amount' is not valid (like 250 or 250.00, at most 999999999999.99)"
    if [ -n "$order" ]; then
        valid_id "$order" || stop "order '$order' is not valid (1-64 characters from A-Z a-z 0-9 . _ - / :)"
    fi
    request="CHECK $customer $(format_minor "$minor")"
    [ -n "$order" ] && request="$request order=$order"
fi

# --- the check ---------------------------------------------------------------

if [ -z "$nc_flags" ]; then
    # netcat-openbsd: -N shuts our side after the request, so the server
    # answers and closes at once; others wait -q seconds after EOF.
    if nc -h 2>&1 | grep -q -- '-N'; then nc_flags=-N; else nc_flags='-q 1'; fi
fi

# Signed in, AUTH goes first on the same connection. printf is built into sh, so
# the secret never appears in a process listing; nc sees only the address.
auth= lines=$request
if [ -n "$user" ]; then
    auth="AUTH $user $secret"
    lines="$auth
$request"
fi

# Sends the lines to the server $1 (host:port); sets replies, reply (the first
# line) and answered (0 when nothing came back).
ask() {
    ask_host=${1%:*}
    ask_host=${ask_host#[}
    ask_host=${ask_host%]}
    # $nc_flags is split on purpose ("-q 1").
    # shellcheck disable=SC2086
    replies=$(printf '%s\n' "$lines" | nc $nc_flags -w "$timeout" "$ask_host" "${1##*:}" 2>/dev/null)
    nc_status=$?
    replies=$(printf '%s\n' "$replies" | tr -d '\r')
    reply=$(printf '%s\n' "$replies" | sed -n 1p)
    answered=1
    if [ $nc_status -ne 0 ] || [ -z "$reply" ]; then answered=0; fi
}

# Unreachable: exit 2, unless the fallback lets a small sale through.
unreachable() {
    printf 'OFFLINE: %s\n' "$1"
    printf 'STOP: %s\n' "$2"
    exit 2
}

offline() {
    reason=$1
    [ -n "$minor" ] || unreachable "$reason" "order $order not released; try again when the server answers"
    if [ "$offline" = refuse ]; then
        unreachable "$reason" "server unreachable; no sale on credit until it answers"
    fi
    floor_minor=$(minor_units "$floor") ||
        unreachable "$reason" "server unreachable, and CREDITGATE_OFFLINE_FLOOR '$floor' is not an amount"
    if [ "$minor" -ge "$floor_minor" ]; then
        unreachable "$reason" "server unreachable; $(format_minor "$minor") is not below the offline floor $(format_minor "$floor_minor")"
    fi
    stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    if ! printf '%s %s %s %s\n' "$stamp" "$customer" "$(format_minor "$minor")" "${order:--}" >> "$offline_log" 2>/dev/null; then
        unreachable "$reason" "server unreachable, and the offline log $offline_log cannot be written"
    fi
    printf 'OFFLINE: %s; sale allowed below the floor %s and logged for review\n' "$reason" "$(format_minor "$floor_minor")"
    printf 'PROCEED: customer %s, %s (not checked)\n' "$customer" "$(format_minor "$minor")"
    exit 0
}

# The request's own reply, after the sign-in's: a refused sign-in stops (exit 3).
signed_in() {
    [ -n "$auth" ] || return 0
    case $reply in
        "OK $user "*) reply=$(printf '%s\n' "$replies" | sed -n 2p)
            [ -n "$reply" ] || offline "server unreachable ($1)" ;;
        'ERR BUSY'*) offline "server busy (${reply#ERR BUSY })" ;;
        *) printf 'STOP: sign-in as %s refused: %s\n' "$user" "$reply"
           exit 3 ;;
    esac
}

# The servers in order: the first that answers and is not stale is asked.
stale=
set -f
for server in $(printf '%s' "$servers" | tr ',' ' '); do
    set +f
    ask "$server"
    [ "$answered" = 1 ] || continue
    signed_in "$server"
    case $reply in
        'ERR STALE'*) stale=$reply; answered=0; continue ;;
    esac
    break
done
set +f
if [ "$answered" = 0 ]; then
    [ -n "$stale" ] && offline "every server is stale (${stale#ERR STALE })"
    offline "server unreachable ($servers)"
fi

# A replica refuses a change and names its primary: the same lines go there once.
case $reply in
    'ERR REPLICA '*)
        set -f
        # shellcheck disable=SC2086
        set -- $reply
        set +f
        primary=$3
        case ${primary##*:} in ''|*[!0-9]*) stop "unexpected answer from the server: $reply" ;; esac
        ask "$primary"
        [ "$answered" = 1 ] || offline "primary unreachable ($primary)"
        signed_in "$primary" ;;
esac

if [ -z "$minor" ]; then
    case $reply in
        'OK '*' released') printf 'RELEASED: order %s\n' "$order"; exit 0 ;;
        'ERR BUSY'*) offline "server busy (${reply#ERR BUSY })" ;;
        ERR*) stop "order $order not released: ${reply#ERR }" ;;
        *) stop "unexpected answer from the server: $reply" ;;
    esac
fi

# Words of the reply: STATUS CUSTOMER key=value ...
set -f
# shellcheck disable=SC2086
set -- $reply
set +f
status=$1
shift
case $status in
    OK|HOLD) ;;
    ERR)
        code=${1:-}
        [ $# -gt 0 ] && shift
        [ "$code" = BUSY ] && offline "server busy ($*)"
        stop "the credit check failed: $code $*" ;;
    *) stop "unexpected answer from the server: $reply" ;;
esac
shift
reasons= available= exposure= limit= asked= block= days= oldest= warn= override= held=
for word in "$@"; do
    case $word in
        reasons=*) reasons=${word#*=} ;;
        available=*) available=${word#*=} ;;
        exposure=*) exposure=${word#*=} ;;
        limit=*) limit=${word#*=} ;;
        amount=*) asked=${word#*=} ;;
        block=*) block=${word#*=} ;;
        overdue_days=*) days=${word#*=} ;;
        oldest=*) oldest=${word#*=} ;;
        warn=*) warn=${word#*=} ;;
        override=*) override=${word#*=} ;;
        held=*) held=${word#*=} ;;
    esac
done

# Plain words for each reason code.
explain() {
    text=
    old_ifs=$IFS
    IFS=,
    for code in $1; do
        case $code in
            MANUAL) part="MANUAL (blocked by hand: ${block:-no reason given})" ;;
            OVER_LIMIT) part="OVER_LIMIT (exposure $exposure, limit $limit, only $available available)" ;;
            OVERDUE) part="OVERDUE ($days days, invoice $oldest)" ;;
            *) part=$code ;;
        esac
        text=${text:+$text; }$part
    done
    IFS=$old_ifs
    printf '%s' "$text"
}

if [ "$status" = HOLD ]; then
    stop "customer $customer is held: $(explain "$reasons")"
fi
message="customer $customer, $(format_minor "$minor") (available $available)"
[ -n "$override" ] && message="$message under override $override of $(explain "$held")"
[ -n "$warn" ] && message="$message; warning, strategic customer: $(explain "$warn")"
printf 'PROCEED: %s\n' "$message"
exit 0
