#!/usr/bin/env bash
# deps.sh: make sure the Debian packages claimwatch's tests need are installed.
#
# usage: bash tests/tools/deps.sh
#
# Checks each package with dpkg first; when everything is present it does
# nothing (well under a second). When something is missing and we are root it
# runs `apt-get update` once and installs only the missing packages (without
# recommends, without starting any service). When not root it names what is
# missing and exits 1.
#
#   prometheus     for promtool (rule/metrics lint in tests)
#   kcat           kafka command line client for debugging/tests
#   libssl-dev libsasl2-dev zlib1g-dev cmake pkg-config
#                  to build librdkafka (rdkafka-sys) from the Rust crates
#   curl
#   python3-venv   only when `python3 -m venv` cannot work without it
set -euo pipefail

readonly NAME=deps.sh
msg() { printf '%s: %s\n' "$NAME" "$*" >&2; }
die() { msg "$*"; exit 1; }

packages=(prometheus kcat libssl-dev libsasl2-dev zlib1g-dev cmake pkg-config curl)

# python3-venv is only needed when the interpreter we will use has no working
# venv+ensurepip (Debian's /usr/bin/python3 without python3-venv).
py=${CLAIMWATCH_PYTHON:-python3}
if ! command -v "$py" >/dev/null 2>&1 || ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    packages+=(python3-venv)
fi

installed() {
    local status
    status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
    [[ $status == "install ok installed" ]]
}

command -v dpkg-query >/dev/null 2>&1 || die "dpkg-query not found: this script supports Debian/Ubuntu only"

missing=()
for p in "${packages[@]}"; do
    installed "$p" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
    msg "all present: ${packages[*]}"
    exit 0
fi

if [[ $(id -u) != 0 ]]; then
    msg "missing packages: ${missing[*]}"
    die "not root: run 'sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}' (or rerun this script as root)"
fi

msg "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive

# never let a package's postinst start a daemon (prometheus would otherwise
# start serving on :9090): use a temporary policy-rc.d unless one exists
policy=/usr/sbin/policy-rc.d
own_policy=0
cleanup() {
    if ((own_policy)); then rm -f "$policy"; fi
}
trap cleanup EXIT
if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\n# temporary, from claimwatch tests/tools/deps.sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    own_policy=1
fi

apt_opts=(-y -q -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=300)
apt-get -q -o DPkg::Lock::Timeout=300 update >/dev/null || die "apt-get update failed"
if ! apt-get install "${apt_opts[@]}" --no-install-recommends "${missing[@]}" >/tmp/claimwatch-deps-apt.log 2>&1; then
    tail -n 30 /tmp/claimwatch-deps-apt.log >&2 || true
    die "apt-get install failed for: ${missing[*]} (log: /tmp/claimwatch-deps-apt.log)"
fi

still=()
for p in "${missing[@]}"; do
    installed "$p" || still+=("$p")
done
((${#still[@]} == 0)) || die "still missing after install: ${still[*]}"
for c in promtool kcat cmake pkg-config curl; do
    command -v "$c" >/dev/null 2>&1 || die "command '$c' not found after install"
done
msg "installed: ${missing[*]}"
