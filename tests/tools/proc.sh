# proc.sh: helpers shared by kafka.sh and registry.sh (sourced, not run). The sourcing script
# sets NAME (its name, for messages) and STOP_TIMEOUT_S before calling them.
# shellcheck shell=bash

msg() { printf '%s: %s\n' "$NAME" "$*" >&2; }
die() {
    msg "$*"
    exit 1
}

# take an exclusive lock on fd 9 (released when the script exits)
lock() {
    local file=$1 wait_s=$2
    mkdir -p "$(dirname "$file")"
    exec 9>"$file"
    flock -w "$wait_s" 9 || die "timed out after ${wait_s}s waiting for lock $file"
}

# whether a process is running (a zombie is not)
alive() { kill -0 "$1" 2>/dev/null && [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# stop_pid WHAT PID: TERM, wait up to STOP_TIMEOUT_S, then KILL; dies if it will not go
stop_pid() {
    local what=$1 pid=$2 i
    alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < STOP_TIMEOUT_S * 4; i++)); do
        alive "$pid" || return 0
        sleep 0.25
    done
    msg "$what pid $pid still alive after ${STOP_TIMEOUT_S}s, sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 40; i++)); do
        alive "$pid" || return 0
        sleep 0.25
    done
    die "could not kill $what pid $pid"
}

# show_log_tail FILE...: the last lines of each non-empty file, on stderr
show_log_tail() {
    local f
    for f in "$@"; do
        if [[ -s $f ]]; then
            msg "---- last lines of $f ----"
            tail -n 60 "$f" >&2 || true
        fi
    done
}
