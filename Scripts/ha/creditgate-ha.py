#!/usr/bin/env python3
"""creditgate-ha: the failover supervisor run beside each creditgated (Python standard library).

Every TTL/4 it asks its own server ROLE and, through etcd's v3 JSON gateway:

- as the leader: renews its lease on /creditgate/<cluster>/leader; PROMOTEs its server (a replica,
  or a primary started with --start-fenced, as every supervised server should be) and publishes
  its address in /creditgate/<cluster>/primary (on the same lease, so the key goes when the
  leader does). If its server stops answering it revokes the lease at once, so
  another is elected without waiting for the TTL; if the lease is lost it stops leading.
- otherwise: when a leader holds the key, makes its server FOLLOW the leader's address (once per
  change); when no one does, campaigns (a transaction that creates the key only if it is absent,
  on a new lease) — but only if no reachable peer is more advanced (epoch, then last record, then
  being a primary), so the replica holding every write acknowledged under --sync-replicas wins.

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
import time
import urllib.error
import urllib.request


def log(message):
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    print("%s creditgate-ha: %s" % (stamp, message), file=sys.stderr, flush=True)


class EtcdError(Exception):
    pass


class Etcd:
    """etcd's v3 API through its JSON gateway (POST /v3/...); keys and values in base64."""

    def __init__(self, endpoints, timeout):
        self.endpoints = endpoints
        self.timeout = timeout
        self.good = 0

    def call(self, path, body):
        last = None
        for offset in range(len(self.endpoints)):
            index = (self.good + offset) % len(self.endpoints)
            request = urllib.request.Request(self.endpoints[index] + path, data=json.dumps(body).encode(),
                                             headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    self.good = index
                    return json.loads(response.read().decode() or "{}")
            except (OSError, ValueError, urllib.error.URLError) as error:
                last = error
        raise EtcdError("no etcd endpoint answered %s: %s" % (path, last))

    @staticmethod
    def encode(text):
        return base64.b64encode(text.encode()).decode()

    def get(self, key):
        kvs = self.call("/v3/kv/range", {"key": self.encode(key)}).get("kvs") or []
        return base64.b64decode(kvs[0]["value"]).decode() if kvs and "value" in kvs[0] else None

    def grant(self, ttl):
        return self.call("/v3/lease/grant", {"TTL": ttl})["ID"]

    def keep_alive(self, lease):
        result = self.call("/v3/lease/keepalive", {"ID": lease}).get("result") or {}
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
        reply = self.reader.readline()
        if not reply:
            raise OSError("%s closed the connection" % self.address)
        return reply.decode().rstrip("\n")

    def request(self, line, timeout=None):
        try:
            if self.connection is None:
                host, port = self.address.rsplit(":", 1)
                self.connection = socket.create_connection((host, int(port)), timeout=self.timeout)
                self.reader = self.connection.makefile("rb")
                signed = self.exchange("AUTH %s %s" % (self.user, self.secret))
                if not signed.startswith("OK "):
                    raise OSError("AUTH at %s answered %s" % (self.address, signed))
            self.connection.settimeout(timeout or self.timeout)
            return self.exchange(line)
        except OSError:
            self.close()
            raise

    def role(self):
        """ROLE as a dict of its key=value words; None when the server does not answer."""
        try:
            reply = self.request("ROLE")
        except OSError:
            return None
        if not reply.startswith("OK "):
            return None
        return dict(word.split("=", 1) for word in reply.split()[1:] if "=" in word)


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
        self.etcd = Etcd(options.endpoints.split(","), timeout=max(0.2, options.ttl / 4))
        self.server = Server(options.server, options.user, secret, timeout=2)
        self.peers = [Server(peer, options.user, secret, timeout=0.5) for peer in options.peers.split(",") if peer]
        prefix = "/creditgate/%s/" % options.cluster
        self.leader_key = prefix + "leader"
        self.primary_key = prefix + "primary"
        self.lease = None
        self.published = False
        self.followed = None

    def note(self, reason):
        return 'note="%s (creditgate-ha on %s)"' % (reason, self.options.name)

    def most_advanced(self, mine):
        for peer in self.peers:
            theirs = peer.role()
            if theirs is not None and rank(theirs) > rank(mine):
                return False
        return True

    def step_down(self, why):
        log("stops leading: %s" % why)
        if self.lease is not None:
            try:
                self.etcd.revoke(self.lease)
            except EtcdError as error:
                log("cannot revoke lease %s: %s" % (self.lease, error))
        self.lease = None
        self.published = False

    def lead(self, role):
        if not self.etcd.keep_alive(self.lease):
            self.lease = None
            self.published = False
            log("lost the lease; no longer the leader")
            return
        if role is None:
            self.step_down("%s does not answer" % self.options.server)
            return
        if not self.published:
            # A replica, or a primary started with --start-fenced, becomes the primary of a new
            # epoch; a primary that takes changes already answers ERR NOT_REPLICA.
            reply = self.server.request("PROMOTE " + self.note("elected leader of %s" % self.options.cluster), timeout=10)
            log("PROMOTE %s: %s" % (self.options.server, reply))
            if not (reply.startswith("OK ") or reply.startswith("ERR NOT_REPLICA ")):
                self.step_down("PROMOTE failed")
                return
            self.etcd.put(self.primary_key, self.options.server, self.lease)
            self.published = True
            self.followed = None
            log("published %s = %s" % (self.primary_key, self.options.server))

    def follow_or_campaign(self, role):
        holder = self.etcd.get(self.leader_key)
        if holder is None:
            if role is None or not self.most_advanced(role):
                return
            lease = self.etcd.grant(self.options.ttl)
            if self.etcd.create(self.leader_key, self.options.server, lease):
                self.lease = lease
                log("elected leader of %s (epoch %s, record %s)" % (self.options.cluster, role.get("epoch"), role.get("sequence")))
                self.lead(role)
            else:
                self.etcd.revoke(lease)
            return
        if role is None or holder == self.options.server:
            return
        if role.get("role") == "replica" and role.get("primary") == holder:
            self.followed = holder
            return
        reply = self.server.request("FOLLOW %s %s" % (holder, self.note("%s leads %s" % (holder, self.options.cluster))),
                                    timeout=15)
        log("FOLLOW %s: %s" % (holder, reply))
        self.followed = holder if reply.startswith("OK ") else None

    def run(self):
        log("supervising %s in cluster %s (lease TTL %d s)" % (self.options.server, self.options.cluster, self.options.ttl))
        interval = self.options.ttl / 4
        while True:
            started = time.monotonic()
            role = self.server.role()
            try:
                if self.lease is not None:
                    self.lead(role)
                else:
                    self.follow_or_campaign(role)
            except (EtcdError, OSError, KeyError, ValueError) as error:
                log("this round failed: %s" % error)
            time.sleep(max(0.0, interval - (time.monotonic() - started)))


def main():
    parser = argparse.ArgumentParser(description="Failover supervisor for one creditgated, through etcd.")
    parser.add_argument("--name", required=True, help="this node's name, for the logs and notes")
    parser.add_argument("--server", required=True, help="this node's creditgated, host:port as the peers reach it")
    parser.add_argument("--peers", default="", help="the other creditgated servers, host:port,...")
    parser.add_argument("--endpoints", default="http://127.0.0.1:2379", help="etcd client URLs, comma-separated")
    parser.add_argument("--cluster", default="main", help="keys live under /creditgate/<cluster>/")
    parser.add_argument("--ttl", type=int, default=2, help="the leader's lease, seconds (default 2)")
    parser.add_argument("--user", default="admin", help="an admin user of the servers (default admin)")
    parser.add_argument("--secret-file", help="file (mode 0600) with that user's secret; else $CREDITGATE_HA_SECRET, "
                        "else $CREDENTIALS_DIRECTORY/ha-secret")
    options = parser.parse_args()
    supervisor = Supervisor(options, read_secret(options.secret_file))
    # systemd stops it with SIGTERM: give the lease back on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        supervisor.run()
    except KeyboardInterrupt:
        pass
    finally:
        if supervisor.lease is not None:
            supervisor.step_down("stopping")


if __name__ == "__main__":
    main()
