#!/usr/bin/env bash
# CreditGate and Redis 7 side by side in one sitting (docs/performance.md).
#
#   Scripts/bench/compare.sh                  # the release build: swift build -c release first
#   CREDITGATED=/path/to/creditgated DURATION=10 Scripts/bench/compare.sh
#
# Starts creditgated (--fsync batch) and redis-server (appendfsync always) on free loopback
# ports in a temporary folder, loads 10,000 customers C0..C9999 (C1005 blocked) and 10,000
# Redis keys, runs lineload (50 connections) for each row, prints a table and stops both.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CREDITGATED=${CREDITGATED:-$ROOT/.build/release/creditgated}
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-1}
WORK=$(mktemp -d /tmp/cg-compare.XXXXXX)
SECRET=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
CG_PID=""
REDIS_PID=""

cleanup() {
    [ -n "$CG_PID" ] && kill "$CG_PID" 2>/dev/null && wait "$CG_PID" 2>/dev/null || true
    [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

cc -O2 -o "$WORK/lineload" "$ROOT/Scripts/bench/lineload.c" -lpthread

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# feed PORT: sends stdin over one connection and waits for one reply line per request line.
cat > "$WORK/feed.py" <<'PY'
import socket, sys, threading
data = sys.stdin.buffer.read()
want = data.count(b"\n")
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
# Sent from a thread while the replies are read: the server stops reading a client that takes none.
threading.Thread(target=s.sendall, args=(data,), daemon=True).start()
got, buf = 0, b""
while got < want:
    chunk = s.recv(1 << 16)
    if not chunk:
        sys.exit("connection closed after %d of %d replies" % (got, want))
    got += chunk.count(b"\n")
    buf = (buf + chunk)[-4096:]
bad = [l for l in buf.split(b"\n") if l.startswith(b"ERR") or l.startswith(b"-")]
if bad:
    sys.exit("error reply: %r" % bad[0])
PY
feed() { python3 "$WORK/feed.py" "$1"; }

mkdir -m 700 "$WORK/data"
CREDITGATE_ADMIN_SECRET=$SECRET "$CREDITGATED" --listen 127.0.0.1:0 --data "$WORK/data" --fsync batch \
    > "$WORK/cg.log" 2>&1 &
CG_PID=$!
for _ in $(seq 100); do
    kill -0 "$CG_PID" 2>/dev/null || { cat "$WORK/cg.log"; exit 1; }
    CG_PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/cg.log" | head -1)
    [ -n "$CG_PORT" ] && break
    sleep 0.1
done
[ -n "${CG_PORT:-}" ] || { cat "$WORK/cg.log"; exit 1; }

REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK" --save '' \
    --appendonly yes --appendfsync always > "$WORK/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 100); do
    printf 'PING\r\n' | feed "$REDIS_PORT" 2>/dev/null && break
    sleep 0.1
done

{
    echo "AUTH admin $SECRET"
    for k in $(seq 0 9999); do echo "CUSTOMER C$k limit=100000 note=bench"; done
    echo 'BLOCK C1005 reason=LEGAL note="bench"'
} | feed "$CG_PORT"
for k in $(seq 0 9999); do printf 'SET key:%d 1\r\n' "$k"; done | feed "$REDIS_PORT"

# The AUTH line from a 0600 file (lineload -x @file): the secret stays out of the process listing.
(umask 077; echo "AUTH admin $SECRET" > "$WORK/auth")
AUTH="@$WORK/auth"
# run PORT ARGS... → "ops p99_us"
run() {
    local port=$1; shift
    "$WORK/lineload" -p "$port" -d "$DURATION" -w "$WARMUP" "$@" |
        awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, f, "="); v[f[1]] = f[2] }; print v["ops"], v["p99_us"] }'
}
fmt() { printf '%s/s, p99 %s ms' "$(printf '%.0f' "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')" "$(awk -v us="$2" 'BEGIN { printf "%.2f", us / 1000 }')"; }
row() { printf '| %s | %s | %s |\n' "$1" "$2" "$3"; }

echo "| load (50 connections, ${DURATION} s each, one sitting) | CreditGate | Redis 7 |"
echo "|---|---|---|"
for depth in 1 16; do
    read -r cg_ops cg_p99 < <(run "$CG_PORT" -c 50 -P "$depth" -k 10000 -x "$AUTH" -t 'CHECK C{k} 100' -s ERR)
    read -r r_ops r_p99 < <(run "$REDIS_PORT" -c 50 -P "$depth" -k 10000 -t 'EXISTS key:{k}' -s -)
    row "CHECK C{k} of 10,000 (Redis: inline \`EXISTS key:{k}\`), pipeline $depth" "$(fmt "$cg_ops" "$cg_p99")" "$(fmt "$r_ops" "$r_p99")"
done
read -r ops p99 < <(run "$CG_PORT" -c 50 -x "$AUTH" -t 'CHECK C7 100' -s ERR)
row "CHECK C7 (unblocked), alone" "$(fmt "$ops" "$p99")" ""
read -r ops p99 < <(run "$CG_PORT" -c 50 -x "$AUTH" -t 'CHECK C1005 100' -s ERR)
row "CHECK C1005 (blocked: HOLD), alone" "$(fmt "$ops" "$p99")" ""
# The 2 run from a second lineload process, which takes its own share of the cores: the same
# split with the 2 asking about an unblocked customer is the baseline for the 48.
for other in C7 C1005; do
    run "$CG_PORT" -c 2 -x "$AUTH" -t "CHECK $other 100" -s ERR > "$WORK/hammer.out" &
    HAMMER=$!
    read -r ops p99 < <(run "$CG_PORT" -c 48 -x "$AUTH" -t 'CHECK C7 100' -s ERR)
    wait "$HAMMER"
    read -r h_ops h_p99 < "$WORK/hammer.out"
    row "48 connections CHECK C7 while 2 CHECK $other" "$(fmt "$ops" "$p99") (the 2: $(fmt "$h_ops" "$h_p99"))" ""
done
read -r cg_ops cg_p99 < <(run "$CG_PORT" -c 50 -k 1000000000000 -x "$AUTH" -t 'CUSTOMER W{k12} limit={a} note=bench' -s ERR)
read -r r_ops r_p99 < <(run "$REDIS_PORT" -c 50 -k 1000000000000 -t 'SET key:{k12} {a}' -s -)
row "durable write: \`CUSTOMER W{k12} limit={a} note=bench\`, --fsync batch (Redis: \`SET\`, appendfsync always)" "$(fmt "$cg_ops" "$cg_p99")" "$(fmt "$r_ops" "$r_p99")"
