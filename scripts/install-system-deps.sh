#!/usr/bin/env bash
# Installs the Debian packages the tests drive for real (ip netns, nc, iptables, nftables,
# conntrack, the STUN/TURN peers). Idempotent: only missing packages are installed. Needs root.
#
# Installing coturn must not leave a turnserver daemon running (the tests start their own, inside
# a namespace) and must not fail in a container without systemd: while apt-get runs, a
# policy-rc.d that answers 101 ("action forbidden") stops invoke-rc.d and deb-systemd-invoke from
# starting any service. An existing policy-rc.d is left untouched; one we create is removed after.
set -euo pipefail
PKGS=(
  iproute2       # ip netns, ip link/addr/route, ss
  netcat-openbsd # nc -u, -l, -k, -p
  iptables       # MASQUERADE, --random-fully, INPUT conntrack rules (iptables-nft on Debian 12)
  nftables       # nft: full-cone and restricted-cone recipes
  conntrack      # conntrack -L / -F
  stun-client    # stun (RFC 3489 client)
  stun-server    # stund (RFC 3489 server, two addresses)
  coturn         # turnserver, turnutils_stunclient, turnutils_natdiscovery (RFC 5780)
  procps         # sysctl (ip_forward and IPv6 off per namespace)
  chromium       # headless browser for the simulator's e2e tests and bench (playwright-core)
  tshark         # reads the exported pcapng files (test/lab/pcapng); dumpcap, mergecap, text2pcap
  tcpdump        # agujero netns capture: one tcpdump per segment in the namespaces (test/capture)
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "[agujero] missing Debian packages: ${missing[*]} (run as root, or install them)" >&2
  exit 1
fi

policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# Temporary, from agujero install-system-deps.sh: start no services.\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  made_policy=1
fi
cleanup() {
  if [ "$made_policy" = 1 ]; then rm -f "$policy"; fi
}
trap cleanup EXIT

echo "[agujero] installing Debian packages: ${missing[*]}"
# tshark pulls in wireshark-common, which asks whether non-root users may capture: answer no.
if command -v debconf-set-selections >/dev/null; then
  echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

# A coturn we just installed stays off on machines that boot with systemd, too.
for p in "${missing[@]}"; do
  if [ "$p" = coturn ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
    systemctl disable --now coturn.service >/dev/null 2>&1 || true
  fi
done
