#!/usr/bin/env bash
# Installs the Debian packages the tests drive for real (nc, iptables, nftables, conntrack,
# STUN peers, chromium). Idempotent: only missing packages are installed. Needs root.
set -euo pipefail
PKGS=(iproute2 netcat-openbsd iptables nftables conntrack)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "[agujero] missing Debian packages: ${missing[*]} (run as root, or install them)" >&2
    exit 1
  fi
  echo "[agujero] installing Debian packages: ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
