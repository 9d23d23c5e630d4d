#!/usr/bin/env python3
"""creditgate-ha: the failover supervisor run beside each creditgated (Python standard library).

Every --loop-wait (TTL/4 by default) it asks its own server ROLE and, through etcd's v3 JSON gateway:

- as the leader: makes sure its server is a primary that takes changes (INFO has no `replication
  fenced=` line), PROMOTEing it whenever it is not (a replica, a primary started with
  --start-fenced or restarted, one FENCEd); publishes its address in /creditgate/<cluster>/primary
  (on the lease, so the key goes when the leader does). Its lease on /creditgate/<cluster>/leader is
  renewed on a thread of its own every TTL/4; when the last renewal is older than TTL/2, or the lease
  is lost, that thread FENCEs the server before the lease can expire (Patroni demotes the same way).
  A leader whose server stops answering, or cannot be made a primary, steps down: FENCE, then it
  revokes the lease, so another is elected without waiting for the TTL.
- otherwise: when a leader (one of --server/--peers) holds the key, makes its server FOLLOW it
  unless it already does; when no one does, campaigns (a transaction that creates the key only if
  it is absent, on a new lease), but only if no peer that answers is more advanced (epoch, then
  last record, then being a primary) and, with --sync-replicas > 0, every peer but the primary its
  server followed answered ROLE, refused the connection (its server is down) or does not know our
  user (a Stranger): a peer that does not answer may hold acknowledged writes.

The secret of --user (an admin on the servers) comes from --secret-file (mode 0600),
$CREDITGATE_HA_SECRET or the systemd credential ha-secret (LoadCredential=), never from the command
line. Logs go to stderr, one line each.
"""

import argparse
import base64
import json
import os
import signal
import socket
import stat
import sys
import threading
import time
import urllib.error
import urllib.request


def log(message):
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    print("%s creditgate-ha: %s" % (stamp, message), file=sys.stderr, flush=True)


def normalised(address):
    """host:port with the host in lower case, without IPv6 brackets, and the port as a number."""
    host, port = address.strip().rsplit(":", 1)
    return "%s:%d" % (host.strip("[]").lower(), int(port))


class EtcdError(Exception):
    pass


class Etcd:
    """etcd's v3 API through its JSON gateway (POST /v3/...); keys and values in base64."""

    def __init__(self, endpoints, timeout):
        self.endpoints = endpoints
        self.timeout = timeout
        self.good = 0

    def call(self, path, body, deadline=None):
        """Tries each endpoint in turn, each for at most --timeout, none after `deadline` (monotonic)."""
        last = None
        for offset in range(len(self.endpoints)):
            timeout = self.timeout if deadline is None else min(self.timeout, deadline - time.monotonic())
            if timeout <= 0:
                break
            index = (self.good + offset) % len(self.endpoints)
            request = urllib.request.Request(self.endpoints[index] + path, data=json.dumps(body).encode(),
                                             headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    self.good = index
                    return json.loads(response.read().decode() or "{}")
            except (OSError, ValueError, urllib.error.URLError) as error:
                last = error
        raise EtcdError("no etcd endpoint answered %s in time: %s" % (path, last))

    @staticmethod
    def encode(text):
        return base64.b64encode(text.encode()).decode()

    def get(self, key):
        kvs = self.call("/v3/kv/range", {"key": self.encode(key)}).get("kvs") or []
        return base64.b64decode(kvs[0]["value"]).decode() if kvs and "value" in kvs[0] else None

    def grant(self, ttl):
        return self.call("/v3/lease/grant", {"TTL": ttl})["ID"]

    def keep_alive(self, lease, deadline):
        result = self.call("/v3/lease/keepalive", {"ID": lease}, deadline).get("result") or {}
        return int(result.get("TTL", 0)) > 0

    def revoke(self, lease):
        self.call("/v3/lease/revoke", {"ID": lease})

    def create(self, key, value, lease):
        """Puts key=value on `lease` only if the key does not exist; True when it did so."""
        body = {"compare": [{"target": "CREATE", "key": self.encode(key), "create_revision": "0"}],
                "success": [{"request_put": {"key": self.encode(key), "value": self.encode(value), "lease": lease}}]}
        return bool(self.call("/v3/kv/txn", body).get("succeeded"))

    def put(self, key, value, lease):
        self.call("/v3/kv/put", {"key": self.encode(key), "value": self.encode(value), "lease": lease})


class Stranger(OSError):
    """A server that does not know our user or its secret (`ERR AUTH_FAILED wrong user or secret`,
    not a throttled attempt): it never synced this cluster's users, or not since the secret was
    set, so it holds no change the servers that know it lack."""


class Server:
    """A creditgated, one request at a time, signed in as an admin; reconnects when needed."""

    def __init__(self, address, user, secret, timeout):
        self.address = address
        self.user = user
        self.secret = secret
        self.timeout = timeout
        self.connection = None
        self.reader = None

    def close(self):
        if self.connection:
            self.connection.close()
        self.connection = None

    def exchange(self, line):
        self.connection.sendall((line + "\n").encode())
        return self.line()

    def line(self):
        reply = self.reader.readline()
        if not reply:
            raise OSError("%s closed the connection" % self.address)
        return reply.decode().rstrip("\n")

    def request(self, line, timeout=None, again=False):
        """One reply line. With `again`, a connection kept from before that drops is replaced once,
        so that a refused connection (the server is down) is told from one that dropped; a server
        that does not answer in time is not asked twice."""
        for fresh in (self.connection is None or not again, True):
            try:
                if self.connection is None:
                    host, port = self.address.rsplit(":", 1)
                    self.connection = socket.create_connection((host.strip("[]"), int(port)), timeout=self.timeout)
                    self.reader = self.connection.makefile("rb")
                    signed = self.exchange("AUTH %s %s" % (self.user, self.secret))
                    if signed == "ERR AUTH_FAILED wrong user or secret":
                        raise Stranger("%s does not know user %s" % (self.address, self.user))
                    if not signed.startswith("OK "):
                        raise OSError("AUTH at %s answered %s" % (self.address, signed))
                self.connection.settimeout(timeout or self.timeout)
                return self.exchange(line)
            except OSError as error:
                self.close()
                if fresh or isinstance(error, (TimeoutError, Stranger)):
                    raise

    def role(self):
        """ROLE as a dict of its key=value words; None when the server does not answer."""
        try:
            return self.probe()
        except OSError:
            return None

    def probe(self):
        """ROLE as a dict; None when the server answers otherwise; raises OSError when it does not."""
        reply = self.request("ROLE", again=True)
        if not reply.startswith("OK "):
            return None
        return dict(word.split("=", 1) for word in reply.split()[1:] if "=" in word)

    def info(self):
        """INFO's lines (an admin sees the `replication` ones)."""
        header = self.request("INFO")
        if not header.startswith("OK *"):
            raise OSError("INFO at %s answered %s" % (self.address, header))
        try:
            return [self.line() for _ in range(int(header[4:].split()[0]))]
        except OSError:
            self.close()
            raise


def rank(role):
    return (int(role.get("epoch", 0)), int(role.get("sequence", 0)), role.get("role") == "primary")


def read_secret(path):
    if path is None and os.environ.get("CREDITGATE_HA_SECRET"):
        return os.environ["CREDITGATE_HA_SECRET"]
    if path is None and os.environ.get("CREDENTIALS_DIRECTORY"):
        path = os.path.join(os.environ["CREDENTIALS_DIRECTORY"], "ha-secret")
    if path is None:
        sys.exit("creditgate-ha: give --secret-file (mode 0600), CREDITGATE_HA_SECRET or the systemd credential ha-secret")
    mode = os.stat(path).st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        sys.exit("creditgate-ha: %s may be read by others (mode %o); run 'chmod 600 %s'" % (path, mode & 0o777, path))
    with open(path) as handle:
        return handle.read().strip()


class Supervisor:
    def __init__(self, options, secret):
        self.options = options
        self.etcd = Etcd(options.endpoints.split(","), timeout=options.timeout)
        self.server = Server(options.server, options.user, secret, timeout=options.timeout)
        # The renewal thread's own etcd client and admin session: it fences while PROMOTE waits.
        self.renewer = Etcd(options.endpoints.split(","), timeout=options.timeout)
        self.fencer = Server(options.server, options.user, secret, timeout=options.timeout)
        self.peers = [Server(peer, options.user, secret, timeout=options.timeout) for peer in options.peers.split(",") if peer]
        self.members = {normalised(options.server)} | {normalised(peer.address) for peer in self.peers}
        prefix = "/creditgate/%s/" % options.cluster
        self.leader_key = prefix + "leader"
        self.primary_key = prefix + "primary"
        self.lock = threading.Lock()
        self.fencing = threading.Lock()
        self.lease = None
        self.renewed = 0.0
        self.published = False
        # Peers that answered AUTH "wrong user or secret" since the leader key was last seen: later
        # attempts there are throttled by our own failures, and no primary has taken changes since.
        self.strangers = set()

    def note(self, reason):
        return 'note="%s (creditgate-ha on %s)"' % (reason, self.options.name)

    def fence(self, why):
        """FENCE our server: a primary stops taking changes until PROMOTE or FOLLOW."""
        with self.fencing:
            try:
                reply = self.fencer.request("FENCE " + self.note(why))
            except OSError as error:
                reply = "no answer (%s)" % error
        log("FENCE %s: %s" % (self.options.server, reply))

    def leading(self, lease):
        with self.lock:
            return self.lease == lease and lease is not None

    def give_up(self, lease, why):
        """Stops leading on `lease` (if still so); True when this call did."""
        with self.lock:
            if self.lease != lease or lease is None:
                return False
            self.lease = None
            self.published = False
        log("stops leading: %s" % why)
        return True

    def step_down(self, why, lease=None):
        """Stops leading on `lease` (the current one by default): fences our server, then gives the
        lease back (if etcd answers) so another node is elected at once."""
        if lease is None:
            with self.lock:
                lease = self.lease
        if not self.give_up(lease, why):
            return
        self.fence(why)
        try:
            self.etcd.revoke(lease)
        except EtcdError as error:
            log("cannot revoke lease %s: %s" % (lease, error))

    def renew(self):
        """The lease's own thread: renews it every TTL/4; fences at TTL/2 without a renewal."""
        interval, margin = self.options.ttl / 4, self.options.ttl / 2
        while True:
            with self.lock:
                lease, renewed = self.lease, self.renewed
            if lease is None:
                time.sleep(interval / 4)
                continue
            try:
                alive = self.renewer.keep_alive(lease, deadline=renewed + margin)
            except (EtcdError, KeyError, ValueError) as error:
                log("cannot renew lease %s: %s" % (lease, error))
                alive = None
            now = time.monotonic()
            if alive:
                with self.lock:
                    if self.lease == lease:
                        self.renewed = now
            elif alive is False or now >= renewed + margin:
                self.step_down("lost the lease" if alive is False else "no renewal for %.1f s" % (now - renewed), lease)
                continue
            time.sleep(max(0.0, min(interval, renewed + margin - now) if not alive else interval))

    def unfenced_primary(self):
        """True when our server is a primary that takes changes (INFO: no `replication fenced=`)."""
        lines = self.server.info()
        return any(line.startswith("replication role=primary ") for line in lines) and \
            not any(line.startswith("replication fenced=") for line in lines)

    def lead(self, role):
        with self.lock:
            lease, published = self.lease, self.published
        if role is None:
            self.step_down("%s does not answer" % self.options.server)
            return
        if not self.unfenced_primary():
            # A replica, a primary started with --start-fenced (or restarted so), or one FENCEd:
            # it becomes the primary of a new epoch.
            reply = self.server.request("PROMOTE " + self.note("elected leader of %s" % self.options.cluster), timeout=10)
            log("PROMOTE %s: %s" % (self.options.server, reply))
            if not reply.startswith("OK "):
                self.step_down("PROMOTE failed")
                return
            if not self.leading(lease):
                # The lease went while PROMOTE waited; the renewal thread fenced before it answered.
                self.fence("lost the lease while PROMOTE waited")
                return
        if not published:
            self.etcd.put(self.primary_key, self.options.server, lease)
            with self.lock:
                self.published = self.lease == lease
            log("published %s = %s" % (self.primary_key, self.options.server))

    def may_campaign(self, role):
        """No answering peer is more advanced; with --sync-replicas, every peer but the primary our
        server followed answered ROLE, refused the connection (its server is down) or is a Stranger."""
        followed = normalised(role["primary"]) if role.get("primary") else None
        silent = []
        for peer in self.peers:
            try:
                theirs = peer.probe()
            except ConnectionRefusedError:
                continue
            except Stranger:
                self.strangers.add(peer.address)
                continue
            except OSError:
                theirs = None
            if theirs is None:
                if peer.address not in self.strangers and normalised(peer.address) != followed:
                    silent.append(peer.address)
                continue
            self.strangers.discard(peer.address)
            if rank(theirs) > rank(role):
                return False
        if self.options.sync_replicas > 0 and silent:
            log("does not campaign: %s did not answer ROLE and may hold acknowledged changes" % ",".join(silent))
            return False
        return True

    def member(self, holder):
        """The leader key names one of --server and --peers (it is sent in FOLLOW on an admin session)."""
        try:
            return not any(character.isspace() for character in holder) and normalised(holder) in self.members
        except ValueError:
            return False

    def campaign(self, role):
        if role is None or not self.may_campaign(role):
            return
        lease = self.etcd.grant(self.options.ttl)
        granted = time.monotonic()
        if self.etcd.create(self.leader_key, self.options.server, lease):
            with self.lock:
                self.lease, self.renewed, self.published = lease, granted, False
            log("elected leader of %s (epoch %s, record %s)" % (self.options.cluster, role.get("epoch"), role.get("sequence")))
            self.lead(role)
        else:
            self.etcd.revoke(lease)

    def follow_or_campaign(self, role):
        holder = self.etcd.get(self.leader_key)
        if holder is None:
            self.campaign(role)
            return
        self.strangers.clear()
        if not self.member(holder):
            log("ignores leader %r: not one of --server and --peers" % holder)
            return
        if role is None or normalised(holder) == normalised(self.options.server):
            return
        if role.get("role") == "replica" and role.get("primary") and normalised(role["primary"]) == normalised(holder):
            return
        reply = self.server.request("FOLLOW %s %s" % (holder, self.note("%s leads %s" % (holder, self.options.cluster))),
                                    timeout=15)
        log("FOLLOW %s: %s" % (holder, reply))

    def run(self):
        log("supervising %s in cluster %s (lease TTL %d s, loop %.2f s, timeout %.2f s, sync replicas %d)" % (
            self.options.server, self.options.cluster, self.options.ttl, self.options.loop_wait, self.options.timeout,
            self.options.sync_replicas))
        threading.Thread(target=self.renew, name="lease", daemon=True).start()
        while True:
            started = time.monotonic()
            role = self.server.role()
            try:
                with self.lock:
                    lease = self.lease
                if lease is not None:
                    self.lead(role)
                else:
                    self.follow_or_campaign(role)
            except (EtcdError, OSError, KeyError, ValueError) as error:
                log("this round failed: %s" % error)
            time.sleep(max(0.0, self.options.loop_wait - (time.monotonic() - started)))


def options():
    parser = argparse.ArgumentParser(description="Failover supervisor for one creditgated, through etcd.")
    parser.add_argument("--name", required=True, help="this node's name, for the logs and notes")
    parser.add_argument("--server", required=True, help="this node's creditgated, host:port as the peers reach it")
    parser.add_argument("--peers", default="", help="the other creditgated servers, host:port,...")
    parser.add_argument("--endpoints", default="http://127.0.0.1:2379", help="etcd client URLs, comma-separated")
    parser.add_argument("--cluster", default="main", help="keys live under /creditgate/<cluster>/")
    parser.add_argument("--ttl", type=int, default=2, help="the leader's lease, seconds (default 2)")
    parser.add_argument("--loop-wait", type=float, help="seconds between rounds (default TTL/4)")
    parser.add_argument("--timeout", type=float, help="seconds for one request to etcd or a server (default TTL/4)")
    parser.add_argument("--sync-replicas", type=int, default=0,
                        help="the servers' --sync-replicas: when above 0, campaign only once every peer but the old "
                        "primary answered ROLE or is down (default 0)")
    parser.add_argument("--user", default="admin", help="an admin user of the servers (default admin)")
    parser.add_argument("--secret-file", help="file (mode 0600) with that user's secret; else $CREDITGATE_HA_SECRET, "
                        "else $CREDENTIALS_DIRECTORY/ha-secret")
    parsed = parser.parse_args()
    parsed.loop_wait = parsed.ttl / 4 if parsed.loop_wait is None else parsed.loop_wait
    parsed.timeout = parsed.ttl / 4 if parsed.timeout is None else parsed.timeout
    # As Patroni's ttl >= loop_wait + 2 * retry_timeout: a round (ROLE, INFO, etcd) ends well within
    # the lease, and a FENCE sent at TTL/2 answers before it expires.
    if parsed.ttl < 1 or parsed.loop_wait <= 0 or parsed.timeout <= 0 or parsed.sync_replicas < 0 \
            or parsed.ttl < parsed.loop_wait + 2 * parsed.timeout:
        parser.error("need --ttl >= 1, --loop-wait > 0, --timeout > 0, --sync-replicas >= 0 and "
                     "--ttl >= --loop-wait + 2 x --timeout (%d < %.2f + 2 x %.2f)" % (parsed.ttl, parsed.loop_wait, parsed.timeout))
    for address in [parsed.server] + [peer for peer in parsed.peers.split(",") if peer]:
        try:
            normalised(address)
        except ValueError:
            parser.error("%r is not host:port" % address)
    return parsed


def main():
    parsed = options()
    supervisor = Supervisor(parsed, read_secret(parsed.secret_file))
    # systemd stops it with SIGTERM: fence the server and give the lease back on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        supervisor.run()
    except KeyboardInterrupt:
        pass
    finally:
        supervisor.step_down("stopping")


if __name__ == "__main__":
    main()
