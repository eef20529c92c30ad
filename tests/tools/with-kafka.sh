#!/usr/bin/env bash
# with-kafka.sh: run a command against a fresh single-node test Kafka broker.
#
# usage: bash tests/tools/with-kafka.sh CMD [ARGS...]
#
# Starts a fresh (empty) broker with tests/tools/kafka.sh (any broker of ours
# already on that port is stopped first), exports
# CLAIMWATCH_TEST_BOOTSTRAP=127.0.0.1:<port>, runs CMD, and always stops the
# broker afterwards (normal exit, failure, ctrl-c, TERM). Exits with CMD's exit
# status (130/143 when interrupted).
#
# If CLAIMWATCH_TEST_BOOTSTRAP is already set, CMD is simply run against it and
# no broker is started or stopped.
#
# environment: CLAIMWATCH_TEST_KAFKA_PORT (default 19092), and the other
# CLAIMWATCH_TEST_KAFKA_* variables documented in kafka.sh.
# shellcheck disable=SC2317  # functions below run from traps
set -euo pipefail

readonly NAME=with-kafka.sh
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SCRIPT_DIR
readonly KAFKA=$SCRIPT_DIR/kafka.sh

msg() { printf '%s: %s\n' "$NAME" "$*" >&2; }

if (($# == 0)); then
    msg "usage: with-kafka.sh CMD [ARGS...]"
    exit 2
fi

if [[ -n ${CLAIMWATCH_TEST_BOOTSTRAP:-} ]]; then
    msg "CLAIMWATCH_TEST_BOOTSTRAP=$CLAIMWATCH_TEST_BOOTSTRAP already set: using it, starting no broker"
    exec "$@"
fi

port=${CLAIMWATCH_TEST_KAFKA_PORT:-19092}

stopped=0
stop_broker() {
    ((stopped)) && return 0
    stopped=1
    bash "$KAFKA" stop || msg "warning: stopping the broker failed"
}
on_exit() {
    local rc=$?
    trap - EXIT INT TERM HUP
    stop_broker
    exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

bash "$KAFKA" restart >/dev/null

export CLAIMWATCH_TEST_BOOTSTRAP=127.0.0.1:$port
msg "running '$*' with CLAIMWATCH_TEST_BOOTSTRAP=$CLAIMWATCH_TEST_BOOTSTRAP"
rc=0
"$@" || rc=$?
if ((rc != 0)); then
    msg "command exited with status $rc"
fi
exit "$rc"
