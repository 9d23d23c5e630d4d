#!/usr/bin/env python3
"""CreditGate point-of-sale client: Python 3 standard library only.

One `CreditGate` keeps one connection open across many checks. When the
server goes away (a restart), the next request reconnects with a bounded
backoff, signs in again and is sent again: CHECK is safe to repeat (a
repeated order never uses an override twice).

    python3 pos_client.py C1001 250.00 [ORDER]
    python3 pos_client.py --release ORDER           # frees the credit the order reserved
    python3 pos_client.py --stdin < checks.txt     # "CUSTOMER AMOUNT [ORDER]" per line
    python3 pos_client.py --servers a:7070,b:7070 C1001 250.00   # any of these first

Configuration by environment: CREDITGATE_HOST (127.0.0.1), CREDITGATE_PORT
(7070), CREDITGATE_TIMEOUT (seconds, 3: the whole of one request, reconnects
included, never longer), and optionally CREDITGATE_USER with CREDITGATE_SECRET
to sign in (AUTH) on every connection. CREDITGATE_SERVERS (or --servers, which
wins) lists a primary and its replicas, host:port,host:port,... instead of HOST
and PORT: they are tried in order, a server down or answering a CHECK with
ERR STALE is passed over, and a change a replica refuses with
ERR REPLICA <primary-host:port> is sent once to that primary, which then keeps
the connection (a PAY with the same ref is applied once).

Exit status: 0 proceed (every check OK, or released), 1 stop (a HOLD or ERR),
2 the server could not be reached in time (or every server is stale), 3 the
server refused the sign-in, 64 bad arguments.
"""

import os
import re
import select
import socket
import sys
import time

__all__ = ["CreditGate", "CheckResult", "Unreachable", "SignInRefused", "ProtocolViolation", "parse_servers"]

_ID = re.compile(r"[A-Za-z0-9._/:-]{1,64}\Z")
_AMOUNT = re.compile(r"[0-9]{1,12}(\.[0-9]{1,2})?\Z")
_MAX_LINE = 65536


class Unreachable(Exception):
    """The server could not be reached within the reconnect budget."""


class SignInRefused(Exception):
    """The server refused AUTH: a wrong user or secret, or too many failed attempts."""


class ProtocolViolation(Exception):
    """The server's bytes do not follow the protocol (a bug on one side)."""


class CheckResult:
    """A parsed reply: `status` is OK, HOLD, PONG or ERR.

    For OK/HOLD: `subject` is the first word after the status (the customer
    of a CHECK), `reasons` the HOLD codes, `fields` every key=value word.
    For ERR: `code` and `message`. `lines` holds the whole reply, including
    the n lines of an `OK *<n>` reply.
    """

    def __init__(self, lines):
        self.lines = list(lines)
        first = self.lines[0]
        self.line = first
        words = first.split(" ")
        self.status = words[0]
        self.subject = None
        self.code = None
        self.message = None
        self.fields = {}
        self.reasons = []
        self.count = None
        if self.status == "ERR":
            self.code = words[1] if len(words) > 1 else ""
            self.message = " ".join(words[2:])
            return
        rest = words[1:]
        if rest and rest[0].startswith("*") and rest[0][1:].isdigit():
            self.count = int(rest[0][1:])
            rest = rest[1:]
        if rest and "=" not in rest[0]:
            self.subject = rest[0]
            rest = rest[1:]
        for word in rest:
            key, sep, value = word.partition("=")
            if sep:
                self.fields[key] = value
        if self.fields.get("reasons"):
            self.reasons = self.fields["reasons"].split(",")

    @property
    def proceed(self):
        return self.status == "OK"

    @property
    def body(self):
        """The n lines after an `OK *<n>` first line."""
        return self.lines[1:]

    def explain(self):
        """One line in plain words for the cashier."""
        f = self.fields
        if self.status == "ERR":
            return "STOP: the credit check failed: %s %s" % (self.code, self.message)
        if self.status == "HOLD":
            return "STOP: customer %s is held: %s" % (self.subject, _explain(self.reasons, f))
        text = "PROCEED: customer %s (available %s)" % (self.subject, f.get("available", "?"))
        if "override" in f:
            text += " under override %s of %s" % (f["override"], _explain(f.get("held", "").split(","), f))
        if "warn" in f:
            text += "; warning, strategic customer: %s" % _explain(f["warn"].split(","), f)
        return text

    def __repr__(self):
        return "CheckResult(%r)" % (self.lines if len(self.lines) > 1 else self.line)


def _explain(codes, f):
    parts = []
    for code in codes:
        if code == "MANUAL":
            parts.append("MANUAL (blocked by hand: %s)" % f.get("block", "no reason given"))
        elif code == "OVER_LIMIT":
            parts.append("OVER_LIMIT (exposure %s, limit %s, only %s available)"
                         % (f.get("exposure"), f.get("limit"), f.get("available")))
        elif code == "OVERDUE":
            parts.append("OVERDUE (%s days, invoice %s)" % (f.get("overdue_days"), f.get("oldest")))
        elif code:
            parts.append(code)
    return "; ".join(parts)


def parse_servers(text):
    """`a:7070,[::1]:7070` as [(host, port), ...], in order; ValueError when malformed."""
    servers = []
    for entry in text.split(","):
        host, sep, port = entry.rpartition(":")
        if host.startswith("[") and host.endswith("]"):
            host = host[1:-1]
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("server %r is not host:port" % entry)
        servers.append((host, int(port)))
    return servers


def _is(result, code):
    return result.status == "ERR" and result.code == code


def valid_id(text):
    return bool(_ID.match(text))


def valid_amount(text):
    return bool(_AMOUNT.match(text))


class CreditGate:
    """One connection to CreditGate, reopened as needed.

    `servers` (a list of (host, port), or the text of CREDITGATE_SERVERS) are
    tried in order instead of `host` and `port`; see `request` for how a
    replica's ERR STALE and ERR REPLICA are followed. `timeout` bounds the whole of one request: connecting, signing in, the
    reply, and any reconnects. Within it, at most `attempts` connection
    attempts, waiting `backoff` seconds after the first failure, doubling up
    to `max_backoff`.
    """

    def __init__(self, host=None, port=None, timeout=None, user=None, secret=None,
                 attempts=8, backoff=0.05, max_backoff=1.0, servers=None):
        env = os.environ
        if servers is None and host is None and port is None:
            servers = env.get("CREDITGATE_SERVERS") or None
        if isinstance(servers, str):
            servers = parse_servers(servers)
        if not servers:
            servers = [(host or env.get("CREDITGATE_HOST", "127.0.0.1"), int(port or env.get("CREDITGATE_PORT", "7070")))]
        self.servers = list(servers)
        self.host, self.port = self.servers[0]
        self.address = None
        self.timeout = float(timeout or env.get("CREDITGATE_TIMEOUT", "3"))
        self.user = user if user is not None else env.get("CREDITGATE_USER") or None
        self.secret = secret if secret is not None else env.get("CREDITGATE_SECRET") or None
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.connects = 0
        self._sock = None
        self._buffer = b""

    # -- connection ---------------------------------------------------------

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self._sock is not None:
            try:
                self._sock.close()
            finally:
                self._sock = None
                self._buffer = b""

    def _stale(self):
        """True when the open socket is already closed by the peer (it was
        restarted while we were idle): detected before sending anything."""
        if self._sock is None:
            return True
        try:
            readable, _, _ = select.select([self._sock], [], [], 0)
        except (OSError, ValueError):
            return True
        if not readable:
            return False
        try:
            return self._sock.recv(1, socket.MSG_PEEK) == b""
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            return True

    @staticmethod
    def _left(deadline):
        """Seconds left before `deadline`; a timeout once it has passed."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise socket.timeout("timed out")
        return left

    def _connect(self, deadline, candidates=None, attempts=None):
        """Connects to the first of `candidates` (default: every server) that
        answers, round after round with a backoff between rounds."""
        candidates = candidates or self.servers
        delay = self.backoff
        last = None
        for attempt in range(attempts or self.attempts):
            if attempt:
                left = deadline - time.monotonic()
                if left <= delay:
                    break
                time.sleep(delay)
                delay = min(delay * 2, self.max_backoff)
            for address in candidates:
                try:
                    sock = socket.create_connection(address, timeout=self._left(deadline))
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                except OSError as error:
                    last = error
                    continue
                self._sock = sock
                self._buffer = b""
                self.address = address
                self.connects += 1
                try:
                    if self.user and self.secret:
                        reply = self._exchange("AUTH %s %s" % (self.user, self.secret), deadline)
                        if reply.status != "OK":
                            self.close()
                            raise SignInRefused("sign-in as %s refused: %s" % (self.user, reply.line))
                    return
                except (OSError, EOFError) as error:
                    self.close()
                    last = error
        names = ",".join("%s:%d" % address for address in candidates)
        raise Unreachable("server %s unreachable: %s" % (names, last))

    # -- lines --------------------------------------------------------------

    def _read_line(self, deadline):
        while True:
            newline = self._buffer.find(b"\n")
            if newline >= 0:
                line = self._buffer[:newline]
                self._buffer = self._buffer[newline + 1:]
                if line.endswith(b"\r"):
                    line = line[:-1]
                return line.decode("utf-8", "replace")
            if len(self._buffer) > _MAX_LINE:
                raise ProtocolViolation("a reply line longer than %d bytes" % _MAX_LINE)
            self._sock.settimeout(self._left(deadline))
            chunk = self._sock.recv(65536)
            if not chunk:
                raise EOFError("the server closed the connection")
            self._buffer += chunk

    def _exchange(self, line, deadline):
        self._sock.settimeout(self._left(deadline))
        self._sock.sendall(line.encode("utf-8") + b"\n")
        first = self._read_line(deadline)
        lines = [first]
        words = first.split(" ", 2)
        if len(words) >= 2 and words[0] == "OK" and words[1].startswith("*") and words[1][1:].isdigit():
            for _ in range(int(words[1][1:])):
                lines.append(self._read_line(deadline))
        return CheckResult(lines)

    def request(self, line, retry=True):
        """Sends one request line and returns its whole reply as a CheckResult.

        On a dropped connection it reconnects and, when `retry` (the request
        is safe to repeat), sends it again: all within `timeout` seconds.
        A reply ERR STALE (a replica cut off from its primary) sends the line
        to the next servers of the list until one answers otherwise; a reply
        ERR REPLICA <primary-host:port> sends it once to that primary.
        """
        if "\n" in line or "\r" in line:
            raise ValueError("a request is one line")
        deadline = time.monotonic() + self.timeout
        last = None
        for _ in range(self.attempts):
            if self._stale():
                self.close()
                self._connect(deadline)
            try:
                return self._follow(line, self._exchange(line, deadline), deadline)
            except (OSError, EOFError) as error:
                self.close()
                last = error
                if not retry:
                    raise Unreachable("connection lost during %s: %s" % (line.split(" ", 1)[0], error))
        raise Unreachable("server %s:%d unreachable: %s" % (self.host, self.port, last))

    def _follow(self, line, result, deadline):
        if _is(result, "REPLICA"):
            primary = parse_servers(result.message.split(" ", 1)[0])[0]
            self.close()
            self._connect(deadline, [primary], attempts=1)
            return self._exchange(line, deadline)
        if not _is(result, "STALE") or self.address not in self.servers:
            return result
        for address in self.servers[self.servers.index(self.address) + 1:]:
            self.close()
            try:
                self._connect(deadline, [address], attempts=1)
                answer = self._exchange(line, deadline)
            except (Unreachable, OSError, EOFError):
                continue
            if not _is(answer, "STALE"):
                return answer
        self.close()
        return result

    # -- verbs --------------------------------------------------------------

    def check(self, customer, amount, order=None):
        """CHECK: OK to proceed, HOLD with the reasons, or ERR."""
        if not valid_id(customer):
            raise ValueError("customer id %r is not valid (1-64 characters from A-Z a-z 0-9 . _ - / :)" % customer)
        amount = str(amount)
        if not valid_amount(amount):
            raise ValueError("amount %r is not valid (like 250 or 250.00)" % amount)
        line = "CHECK %s %s" % (customer, amount)
        if order:
            if not valid_id(order):
                raise ValueError("order %r is not valid" % order)
            line += " order=%s" % order
        return self.request(line)

    def release_order(self, order):
        """RELEASE ORDER: frees the credit a CHECK with `order` reserved (a terminal user)."""
        if not valid_id(order):
            raise ValueError("order %r is not valid" % order)
        return self.request("RELEASE ORDER %s" % order)

    def ping(self):
        return self.request("PING")


# -- command line ----------------------------------------------------------

USAGE = ("USAGE: pos_client.py [--servers <host:port>,...] "
         "<customer> <amount> [<order>] | --release <order> | --stdin")


def _main(argv):
    if argv[:1] in (["-h"], ["--help"]):
        print(USAGE)
        print(__doc__.split("\n\n", 1)[1].rstrip())
        return 0
    servers = None
    if argv[:1] == ["--servers"]:
        try:
            servers = parse_servers(argv[1] if len(argv) > 1 else "")
        except ValueError as error:
            sys.stderr.write("Error: --servers: %s\n%s\n" % (error, USAGE))
            return 64
        argv = argv[2:]
    if argv[:1] == ["--release"]:
        return _release(argv[1:], servers)
    stdin = argv == ["--stdin"]
    if not stdin and not 2 <= len(argv) <= 3:
        sys.stderr.write("Error: give a customer and an amount, or --stdin\n%s\n" % USAGE)
        return 64
    # Lines are checked as they arrive, each answer flushed, so a till can
    # keep one process (and one connection) open and feed it sale by sale.
    jobs = (line.split() for line in iter(sys.stdin.readline, "")
            if line.strip() and not line.startswith("#")) if stdin else [argv]
    status = 0
    try:
        with CreditGate(servers=servers) as gate:
            for words in jobs:
                try:
                    if not 2 <= len(words) <= 3:
                        raise ValueError("expected CUSTOMER AMOUNT [ORDER], got %r" % " ".join(words))
                    result = gate.check(*words)
                except Unreachable as error:
                    if not stdin:
                        raise
                    # One failed check stops that sale; the next line tries again.
                    print("STOP: %s" % error, flush=True)
                    status = 2
                    continue
                except ValueError as error:
                    if not stdin:
                        sys.stderr.write("Error: %s\n%s\n" % (error, USAGE))
                        return 64
                    print("STOP: %s" % error, flush=True)
                    status = status or 1
                    continue
                print(result.explain(), flush=True)
                if _is(result, "STALE"):
                    status = 2
                elif not result.proceed and status == 0:
                    status = 1
    except Unreachable as error:
        print("STOP: %s" % error)
        return 2
    except SignInRefused as error:
        print("STOP: %s" % error)
        return 3
    return status


def _release(argv, servers):
    if len(argv) != 1 or not valid_id(argv[0]):
        sys.stderr.write("Error: give one order to release\n%s\n" % USAGE)
        return 64
    try:
        with CreditGate(servers=servers) as gate:
            result = gate.release_order(argv[0])
    except Unreachable as error:
        print("STOP: %s; order %s not released" % (error, argv[0]))
        return 2
    except SignInRefused as error:
        print("STOP: %s" % error)
        return 3
    if result.status == "OK":
        print("RELEASED: order %s" % argv[0])
        return 0
    print("STOP: order %s not released: %s %s" % (argv[0], result.code, result.message))
    return 1


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
