#!/usr/bin/env bash
# with-registry.sh: run a command against a fresh (empty) test schema registry.
#
# usage: bash tests/tools/with-registry.sh CMD [ARGS...]
#
# Starts Apicurio Registry with tests/tools/registry.sh (any registry of ours
# already on that port is stopped first), exports
# CLAIMWATCH_TEST_SCHEMA_REGISTRY_URL=http://127.0.0.1:<port>/apis/ccompat/v7,
# runs CMD, and always stops the registry afterwards (normal exit, failure,
# ctrl-c, TERM). Exits with CMD's exit status (130/143 when interrupted).
#
# If CLAIMWATCH_TEST_SCHEMA_REGISTRY_URL is already set, CMD is simply run
# against it and no registry is started or stopped.
#
# environment: CLAIMWATCH_TEST_REGISTRY_PORT (default 18081), see registry.sh.
# shellcheck disable=SC2317  # functions below run from traps
set -euo pipefail

readonly NAME=with-registry.sh
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SCRIPT_DIR
readonly REGISTRY=$SCRIPT_DIR/registry.sh

msg() { printf '%s: %s\n' "$NAME" "$*" >&2; }

if (($# == 0)); then
    msg "usage: with-registry.sh CMD [ARGS...]"
    exit 2
fi

if [[ -n ${CLAIMWATCH_TEST_SCHEMA_REGISTRY_URL:-} ]]; then
    msg "CLAIMWATCH_TEST_SCHEMA_REGISTRY_URL=$CLAIMWATCH_TEST_SCHEMA_REGISTRY_URL already set: using it, starting no registry"
    exec "$@"
fi

stopped=0
stop_registry() {
    ((stopped)) && return 0
    stopped=1
    bash "$REGISTRY" stop || msg "warning: stopping the registry failed"
}
on_exit() {
    local rc=$?
    trap - EXIT INT TERM HUP
    stop_registry
    exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

url=$(bash "$REGISTRY" restart | tail -n1)
export CLAIMWATCH_TEST_SCHEMA_REGISTRY_URL=$url
msg "running '$*' with CLAIMWATCH_TEST_SCHEMA_REGISTRY_URL=$url"
rc=0
"$@" || rc=$?
if ((rc != 0)); then
    msg "command exited with status $rc"
fi
exit "$rc"
