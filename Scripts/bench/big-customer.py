#!/usr/bin/env python3
"""The cost of a write on one large customer (issue 15, item 3), against a real creditgated.

    swift build -c release
    python3 Scripts/bench/big-customer.py .build/release/creditgated [pay|replay|guarantee|reserve|book|all|instructions|depths|million]

pay        20,000 open invoices on BIG, then 2,000 pipelined `PAY BIG 0.01`: time and RSS
replay     40,000 invoices of one customer, SIGKILL, restart: start-up time; then the same
           40,000 spread over 400 customers
guarantee  20,000 pipelined GUARANTEEs on one customer: time, RSS, how many were refused
reserve    5,000 pipelined CHECKs with new order= on one customer: time, RSS, how many were refused
book       100,000 customers x 5 invoices: RSS loaded and after a restart (the cost for small customers)
instructions  callgrind's instructions per CHECK (the server run under valgrind, 20,000 pipelined
           CHECKs over 1,000 customers less a run without them; not in `all`)
depths     callgrind's instructions per CHECK at pipeline depth 1 and 16 (lineload, 50 connections,
           `CHECK C{k} 100` over 10,000 customers for --seconds S, default 4, the loop and its
           syscalls included; less a run without them; the count of CHECKs from INFO; not in `all`)
million    1,000,000 customers x 5 invoices (--customers N for another count; not in `all`): RSS
           loaded, SNAPSHOT's time and size (from the server's log), then SIGKILL and three restarts
           from that snapshot: the recovery line it logs, the time until it listens, RSS after it;
           --folder DIR keeps the book in DIR (loaded only when DIR does not exist) to compare builds

Each scenario starts its own server on a free port in a temp folder (removed afterwards), and
kills it if its resident memory passes --rss-cap-mb (default 8000), so a bad build cannot take
the machine down. Figures are wall-clock seconds and kB from /proc/<pid>/status.
"""
import datetime
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SECRET = "bench-secret-0123456789abcdef"
RSS_CAP_MB = 8000


class Server:
    capped_any = False

    def __init__(self, binary, folder, wrapper=()):
        self.binary, self.folder, self.wrapper = binary, folder, list(wrapper)
        self.log_path = folder + ".log"
        self.process = None
        self.port = None
        self.capped = False

    def start(self):
        began = time.monotonic()
        log = open(self.log_path, "w")
        environment = dict(os.environ, CREDITGATE_ADMIN_SECRET=SECRET)
        self.process = subprocess.Popen(self.wrapper + [self.binary, "--listen", "127.0.0.1:0", "--data", self.folder],
                                        stdout=log, stderr=subprocess.STDOUT, env=environment)
        deadline = began + 600
        while time.monotonic() < deadline:
            with open(self.log_path) as text:
                match = re.search(r"listening on 127\.0\.0\.1:(\d+)", text.read())
            if match:
                self.port = int(match.group(1))
                threading.Thread(target=self.watch, daemon=True).start()
                return time.monotonic() - began
            if self.process.poll() is not None:
                raise SystemExit("creditgated exited: " + open(self.log_path).read()[-2000:])
            time.sleep(0.01)
        raise SystemExit("creditgated did not listen within 600 s")

    def watch(self):
        process = self.process
        while process.poll() is None:
            if self.memory()[0] > RSS_CAP_MB * 1024:
                self.capped = Server.capped_any = True
                process.kill()
                return
            time.sleep(0.05)

    def memory(self):
        """(VmRSS, VmHWM) in kB."""
        try:
            with open("/proc/%d/status" % self.process.pid) as status:
                fields = dict(line.split(":", 1) for line in status)
            return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])
        except (FileNotFoundError, ProcessLookupError, KeyError):
            return 0, 0

    def cpu_seconds(self):
        """User + system CPU time the server has used: on a shared machine steadier than the clock."""
        with open("/proc/%d/stat" % self.process.pid) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


class Client:
    def __init__(self, port):
        self.socket = socket.create_connection(("127.0.0.1", port))
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.pending = b""

    def pipeline(self, lines):
        """Sends every line at once (from a thread) and returns the replies."""
        payload = "".join(line + "\n" for line in lines).encode()
        sender = threading.Thread(target=self.socket.sendall, args=(payload,))
        sender.start()
        replies = self.receive(len(lines))
        sender.join()
        return replies

    def lines(self, request):
        """A multi-line reply (`OK *<n> …` and n lines), the header included."""
        self.socket.sendall((request + "\n").encode())
        replies = self.receive(1)
        return replies + self.receive(int(replies[0].split()[1][1:]) + 1 - len(replies))

    def receive(self, count):
        replies = []
        while len(replies) < count:
            try:
                chunk = self.socket.recv(1 << 20)
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                raise SystemExit("connection closed after %d replies (server killed at the RSS cap: %s)"
                                 % (len(replies), "yes" if Server.capped_any else "no"))
            self.pending += chunk
            *complete, self.pending = self.pending.split(b"\n")
            replies.extend(line.decode() for line in complete)
        return replies


def invoices(customer, count, start=0):
    base = datetime.date(2026, 1, 1)
    for n in range(start, start + count):
        due = base + datetime.timedelta(days=30 + (n * 7919) % 300)
        yield "INVOICE %s I%d 10.00 date=2026-01-01 due=%s" % (customer, n, due.isoformat())


def signed_in(server):
    client = Client(server.port)
    assert client.pipeline(["AUTH admin " + SECRET])[0].startswith("OK"), "AUTH failed"
    return client


def errors(replies):
    return sum(1 for reply in replies if reply.startswith("ERR"))


def scenario_pay(binary, root):
    server = Server(binary, os.path.join(root, "pay"))
    server.start()
    client = signed_in(server)
    client.pipeline(["CUSTOMER BIG limit=999999999"])
    began = time.monotonic()
    replies = client.pipeline(list(invoices("BIG", 20_000)))
    print("pay: 20,000 INVOICE on BIG: %.2f s, %d errors" % (time.monotonic() - began, errors(replies)))
    rss_before = server.memory()[0]
    began = time.monotonic()
    replies = client.pipeline(["PAY BIG 0.01 ref=P%d" % n for n in range(2_000)])
    seconds = time.monotonic() - began
    rss, peak = server.memory()
    print("pay: 2,000 pipelined PAY BIG 0.01: %.2f s, %d errors; RSS %d MB before, %d MB after, peak %d MB"
          % (seconds, errors(replies), rss_before // 1024, rss // 1024, peak // 1024))
    print("pay: last reply: " + replies[-1])
    server.kill()


def load_and_restart(binary, folder, customers, per_customer):
    server = Server(binary, folder)
    server.start()
    client = signed_in(server)
    client.pipeline(["CUSTOMER R%d limit=999999999" % c for c in range(customers)])
    lines = []
    for c in range(customers):
        lines.extend(invoices("R%d" % c, per_customer, start=c * per_customer))
    began = time.monotonic()
    replies = client.pipeline(lines)
    load = time.monotonic() - began
    server.kill()
    restarted = Server(binary, folder)
    start = restarted.start()
    rss = restarted.memory()[0]
    restarted.kill()
    print("replay: %d customers x %d invoices: load %.2f s (%d errors), restart (journal replay) %.2f s, RSS %d MB"
          % (customers, per_customer, load, errors(replies), start, rss // 1024))
    return start


def scenario_replay(binary, root):
    one = load_and_restart(binary, os.path.join(root, "one"), 1, 40_000)
    spread = load_and_restart(binary, os.path.join(root, "spread"), 400, 100)
    print("replay: one customer / spread = %.1fx" % (one / spread if spread > 0 else float("inf")))


def scenario_guarantee(binary, root):
    server = Server(binary, os.path.join(root, "guarantee"))
    server.start()
    client = signed_in(server)
    client.pipeline(["CUSTOMER BIG"])
    began = time.monotonic()
    replies = client.pipeline(["GUARANTEE BIG G%d 1.00" % n for n in range(20_000)])
    seconds = time.monotonic() - began
    rss, peak = server.memory()
    refused = [reply for reply in replies if reply.startswith("ERR")]
    print("guarantee: 20,000 pipelined GUARANTEE: %.2f s, %d refused%s; RSS %d MB, peak %d MB"
          % (seconds, len(refused), (" (first: %s)" % refused[0]) if refused else "", rss // 1024, peak // 1024))
    server.kill()


def scenario_reserve(binary, root):
    server = Server(binary, os.path.join(root, "reserve"))
    server.start()
    client = signed_in(server)
    client.pipeline(["CUSTOMER BIG limit=999999999"])
    began = time.monotonic()
    replies = client.pipeline(["CHECK BIG 1 order=O%d" % n for n in range(5_000)])
    seconds = time.monotonic() - began
    rss, peak = server.memory()
    refused = [reply for reply in replies if reply.startswith("ERR")]
    print("reserve: 5,000 pipelined CHECK order=: %.2f s, %d refused%s; RSS %d MB, peak %d MB"
          % (seconds, len(refused), (" (first: %s)" % refused[0]) if refused else "", rss // 1024, peak // 1024))
    server.kill()


def scenario_book(binary, root):
    """What the per-customer structures cost a book of many small customers."""
    folder = os.path.join(root, "book")
    server = Server(binary, folder)
    server.start()
    client = signed_in(server)
    customers = 100_000
    for first in range(0, customers, 10_000):
        batch = ["CUSTOMER B%d limit=5000" % c for c in range(first, first + 10_000)]
        for c in range(first, first + 10_000):
            batch.extend("INVOICE B%d I%d 10.00" % (c, n) for n in range(5))
        client.pipeline(batch)
    loaded = server.memory()[0]
    server.kill()
    restarted = Server(binary, folder)
    start = restarted.start()
    print("book: 100,000 customers x 5 invoices: RSS %d MB loaded, %d MB after restart (%.2f s)"
          % (loaded // 1024, restarted.memory()[0] // 1024, start))
    restarted.kill()


def wait_for_log(server, pattern, after, seconds=600):
    """The first match of `pattern` in the server's log past offset `after`, polled until a deadline."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with open(server.log_path) as text:
            match = re.search(pattern, text.read()[after:])
        if match:
            return match
        time.sleep(0.05)
    raise SystemExit("no %r in the log within %d s" % (pattern, seconds))


def scenario_million(binary, root, customers=1_000_000, folder=None, restarts=3):
    """A big book of small customers: memory, snapshot and restart (issue 13, item 3).
    With --folder DIR the book is kept there and loaded only if DIR holds none yet, so
    builds that read the same snapshot layout can be compared on the same book."""
    folder = folder or os.path.join(root, "million")
    fresh = not os.path.isdir(folder)
    server = Server(binary, folder)
    server.start()
    client = signed_in(server)
    if fresh:
        began = time.monotonic()
        refused = 0
        for first in range(0, customers, 10_000):
            batch = []
            for c in range(first, min(customers, first + 10_000)):
                batch.append("CUSTOMER M%d limit=5000" % c)
                batch.extend("INVOICE M%d I%d 10.00" % (c, n) for n in range(5))
            refused += errors(client.pipeline(batch))
        loaded, peak = server.memory()
        print("million: %d customers x 5 invoices loaded in %.1f s (%d errors): RSS %d MB, peak %d MB"
              % (customers, time.monotonic() - began, refused, loaded // 1024, peak // 1024))
    # One change, so that SNAPSHOT writes a new one even right after a restart.
    client.pipeline(["CUSTOMER SNAPSHOT-PROBE note=probe-%d" % time.time_ns()])
    while True:
        logged, cpu = os.path.getsize(server.log_path), server.cpu_seconds()
        reply = client.pipeline(["SNAPSHOT"])[0]
        if not reply.startswith("OK snapshot"):
            raise SystemExit("SNAPSHOT: " + reply)
        sequence = re.search(r"sequence=(\d+)", reply).group(1)
        written = wait_for_log(server, r"snapshot %s: (\d+) bytes in ([0-9.]+) s" % sequence, logged)
        if reply.startswith("OK snapshot started"):
            break
        # One taken by --snapshot-records was running: ask again for one of everything.
    print("million: snapshot %d MB in %s s (%.2f s of CPU); load average %s"
          % (int(written.group(1)) // 1_000_000, written.group(2), server.cpu_seconds() - cpu,
             open("/proc/loadavg").read().split()[0]))
    server.kill()
    for _ in range(restarts):
        restarted = Server(binary, folder)
        start = restarted.start()
        recovered = wait_for_log(restarted, r"recovered .* s", 0).group(0)
        rss, cpu = restarted.memory()[0], restarted.cpu_seconds()
        print("million: restart %.2f s until listening, %.2f s of CPU (%s), RSS %d MB after it; load average %s"
              % (start, cpu, recovered, rss // 1024, open("/proc/loadavg").read().split()[0]))
        restarted.kill()


def under_callgrind(binary, folder, work):
    """Starts the server under callgrind, runs `work(server, client)` with an admin's client, stops
    it; returns the instructions it ran in all and what `work` returned."""
    counts = folder + ".callgrind"
    server = Server(binary, folder, wrapper=["valgrind", "--tool=callgrind", "--callgrind-out-file=" + counts])
    server.start()
    result = work(server, signed_in(server))
    server.process.send_signal(signal.SIGTERM)
    server.process.wait()
    with open(counts) as text:
        return int(re.search(r"^summary: (\d+)", text.read(), re.M).group(1)), result


def scenario_check_instructions(binary, root):
    """Instructions per CHECK, which the shared machine does not move: callgrind's total for a
    server answering 20,000 pipelined `CHECK C<k> 100` over 1,000 customers, less one without."""
    totals = []
    for checks in (0, 20_000):
        def work(server, client):
            client.pipeline(["CUSTOMER C%d limit=5000" % k for k in range(1_000)])
            if checks:
                replies = client.pipeline(["CHECK C%d 100" % (n % 1_000) for n in range(checks)])
                assert replies[0] == "OK C0 available=5000.00 exposure=0.00", replies[0]
        totals.append(under_callgrind(binary, os.path.join(root, "instructions-%d" % checks), work)[0])
    print("instructions: %d per CHECK (%d without the CHECKs, %d with 20,000)"
          % ((totals[1] - totals[0]) // 20_000, totals[0], totals[1]))


def scenario_check_depths(binary, root, seconds=4):
    """Instructions per CHECK as 50 terminals ask them, at pipeline depth 1 and 16: callgrind's
    total for a server answering lineload for `seconds`, less one that answered none, over the
    CHECKs INFO counted. Under valgrind the server is slower than its clients, so more requests
    wait per loop turn than at full speed: a loop turn's cost is shared by more CHECKs."""
    load = os.path.join(root, "lineload")
    subprocess.run(["cc", "-O2", "-o", load, os.path.join(os.path.dirname(__file__), "lineload.c"), "-lpthread"],
                   check=True)
    auth = os.path.join(root, "auth")
    with open(os.open(auth, os.O_WRONLY | os.O_CREAT, 0o600), "w") as text:
        text.write("AUTH admin %s\n" % SECRET)
    totals = {}
    for depth in (0, 1, 16):
        def work(server, client):
            client.pipeline(["CUSTOMER C%d limit=100000 note=bench" % k for k in range(10_000)])
            if depth:
                subprocess.run([load, "-p", str(server.port), "-c", "50", "-P", str(depth), "-k", "10000",
                                "-d", str(seconds), "-w", "0", "-x", "@" + auth, "-t", "CHECK C{k} 100", "-s", "ERR"],
                               check=True, stdout=subprocess.DEVNULL)
            info = "\n".join(client.lines("INFO"))
            return sum(int(n) for n in re.search(r"checks passed=(\d+) held=(\d+)", info).groups())
        totals[depth] = under_callgrind(binary, os.path.join(root, "depth-%d" % depth), work)
    for depth in (1, 16):
        (total, checks), (idle, _) = totals[depth], totals[0]
        print("depth %2d: %d instructions per CHECK (%d CHECKs, %d instructions, %d without them)"
              % (depth, (total - idle) // checks, checks, total, idle))


def main():
    global RSS_CAP_MB
    arguments = sys.argv[1:]
    if "--rss-cap-mb" in arguments:
        at = arguments.index("--rss-cap-mb")
        RSS_CAP_MB = int(arguments[at + 1])
        del arguments[at:at + 2]
    million = {}
    seconds = 4
    if "--seconds" in arguments:
        at = arguments.index("--seconds")
        seconds = int(arguments[at + 1])
        del arguments[at:at + 2]
    for option, key, kind in (("--customers", "customers", int), ("--folder", "folder", os.path.abspath)):
        if option in arguments:
            at = arguments.index(option)
            million[key] = kind(arguments[at + 1])
            del arguments[at:at + 2]
    if not arguments:
        raise SystemExit(__doc__)
    binary = os.path.abspath(arguments[0])
    which = arguments[1] if len(arguments) > 1 else "all"
    root = tempfile.mkdtemp(prefix="creditgate-bench-")
    try:
        for name, run in (("pay", scenario_pay), ("replay", scenario_replay), ("guarantee", scenario_guarantee),
                          ("reserve", scenario_reserve), ("book", scenario_book)):
            if which in (name, "all"):
                run(binary, root)
        if which == "instructions":
            scenario_check_instructions(binary, root)
        if which == "depths":
            scenario_check_depths(binary, root, seconds)
        if which == "million":
            scenario_million(binary, root, **million)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
