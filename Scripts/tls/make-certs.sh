#!/bin/sh
# Makes a private CA and a server certificate for CreditGate behind stunnel.
#   Scripts/tls/make-certs.sh <dir> <server-name> [<ip>]
# Writes <dir>/ca.pem (give it to every client), <dir>/ca.key (keep it offline),
# <dir>/server.pem (certificate and key, for the server's stunnel; mode 0600).
set -eu
[ $# -ge 2 ] || { echo "usage: $0 <dir> <server-name> [<ip>]" >&2; exit 64; }
dir=$1
name=$2
san="DNS:$name"
[ $# -ge 3 ] && san="$san,IP:$3"
mkdir -p "$dir"
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
    -subj "/CN=CreditGate CA" -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj "/CN=$name" -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$san" > "$dir/server.ext"
openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 825 -extfile "$dir/server.ext" -out "$dir/server.crt" 2>/dev/null
cat "$dir/server.crt" "$dir/server.key" > "$dir/server.pem"
rm -f "$dir/server.csr" "$dir/server.ext" "$dir/server.key" "$dir/server.crt" "$dir/ca.srl"
chmod 0644 "$dir/ca.pem"
echo "$dir/ca.pem: the CA for clients; $dir/server.pem: the server's certificate and key"
