#!/bin/sh
# Replication side by side in one run: durable writes/s on a primary alone, with one
# asynchronous replica, and with one synchronous replica (--sync-replicas 1), alternated ROUNDS
# times on fresh folders; the replica's lag (commit on the primary to the ACK of the replica's
# fsync, from the primary's INFO); CHECK on the primary and on the replica, alternated.
#   gcc -O2 -o /tmp/lineload Scripts/bench/lineload.c -lpthread
#   swift build -c release
#   Scripts/bench/replication.sh [BIN=.build/release] [LINELOAD=/tmp/lineload] [ROUNDS=3] [SECS=6]
set -e
BIN=${BIN:-.build/release}
LINELOAD=${LINELOAD:-/tmp/lineload}
ROUNDS=${ROUNDS:-3}
SECS=${SECS:-6}
WORK=$(mktemp -d)
SECRET=bench-admin-secret-0001
P=17301
R=17302
trap 'kill $(cat $WORK/*.pid 2>/dev/null) 2>/dev/null; rm -rf $WORK' EXIT

ask() { printf 'AUTH admin %s\n%s\nQUIT\n' "$SECRET" "$2" | nc -q2 127.0.0.1 "$1"; }
wait_port() { until nc -z 127.0.0.1 "$1" 2>/dev/null; do sleep 0.1; done; }
start_primary() {
    if [ "$1" = keep ]; then shift; else rm -rf $WORK/p $WORK/r; fi
    CREDITGATE_ADMIN_SECRET=$SECRET $BIN/creditgated --listen 127.0.0.1:$P --data $WORK/p --demo --snapshot-every 0 "$@" \
        > $WORK/p.log 2>&1 & echo $! > $WORK/p.pid
    wait_port $P
}
start_replica() {
    RS=$(ask $P 'USER ADD rep role=replica' | grep -o 'secret=[a-z0-9]*' | cut -d= -f2)
    CREDITGATE_REPLICA_SECRET=$RS $BIN/creditgated --listen 127.0.0.1:$R --data $WORK/r --replica-of 127.0.0.1:$P \
        --replica-user rep --snapshot-every 0 > $WORK/r.log 2>&1 & echo $! > $WORK/r.pid
    wait_port $R
    until ask $R ROLE | grep -q 'role=replica'; do sleep 0.1; done
}
stop_all() {
    for PID in $(cat $WORK/*.pid); do kill $PID; wait $PID || true; done
    rm -f $WORK/*.pid
}
writes() {
    $LINELOAD -p $P -c 50 -d $SECS -k 1000000000000 -x "AUTH admin $SECRET" -t "CUSTOMER W{k12} limit={a}" -s ERR \
        | grep '^RESULT' | sed 's/ p90_us.*//'
}

i=1
while [ $i -le $ROUNDS ]; do
    start_primary
    echo "round $i, no replica:  $(writes)"
    stop_all
    start_primary
    start_replica
    echo "round $i, one replica: $(writes)"
    ask $P INFO | grep '^replica '
    # The replica user exists: the primary restarts asking for one synchronous replica.
    PID=$(cat $WORK/p.pid); kill $PID; wait $PID || true
    start_primary keep --sync-replicas 1
    until ask $P ROLE | grep -q 'replicas=1'; do sleep 0.1; done
    echo "round $i, one sync replica: $(writes)"
    ask $P INFO | grep '^replica '
    stop_all
    i=$((i + 1))
done

start_primary
start_replica
i=1
while [ $i -le $ROUNDS ]; do
    echo "CHECK on the primary: $($LINELOAD -p $P -c 50 -d $SECS -t 'CHECK C1001 100' -s ERR | grep '^RESULT' | sed 's/ p90_us.*//')"
    echo "CHECK on the replica: $($LINELOAD -p $R -c 50 -d $SECS -t 'CHECK C1001 100' -s ERR | grep '^RESULT' | sed 's/ p90_us.*//')"
    i=$((i + 1))
done
