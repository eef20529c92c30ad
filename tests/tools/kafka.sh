#!/usr/bin/env bash
# kafka.sh: fetch and run a real single-node Apache Kafka broker (KRaft,
# combined broker+controller) for claimwatch integration tests.
#
# usage: bash tests/tools/kafka.sh fetch|start|stop|restart|bounce|status|logs
#
#   fetch    copy the broker jars from Maven Central (via tests/tools/kafka-pom.xml)
#            into .cache/kafka/libs, unless already there for this pom
#   start    fetch, then (unless our broker is already running and healthy on
#            the port) wipe .cache/kafka/run-<port>/data, format it with a fresh
#            cluster id and start the broker in the background; waits (at most
#            120 s) until the port is open, the log says "Kafka Server started",
#            an ApiVersions request succeeds and the group and transaction
#            coordinators answer (tests/tools/kafka_probe.py; these two probes
#            are skipped without python3), then prints the bootstrap address
#            on stdout
#   stop     stop our broker on that port (TERM, up to 20 s, then KILL); idempotent
#   restart  stop, then start (always a fresh, empty broker)
#   bounce   stop, then start again on the same data (a broker restart, as in production)
#   status   exit 0 and print "running ..." when our broker is up and healthy,
#            otherwise print "not running" and exit 1
#   logs     print the tail of the broker log
#
# environment:
#   CLAIMWATCH_TEST_KAFKA_PORT        PLAINTEXT port on 127.0.0.1 (default 19092);
#                                     the KRaft controller listens on port + 1
#   CLAIMWATCH_TEST_KAFKA_LOG_LEVEL   root log level of the broker (default WARN)
#   CLAIMWATCH_TEST_KAFKA_JAVA_OPTS   extra JVM options appended to the defaults
#   CLAIMWATCH_TEST_KAFKA_EXTRA_PROPS extra server.properties lines (key=value,
#                                     newline separated), appended last so they win
#
# Everything lives under <repo>/.cache/kafka (git-ignored).
set -euo pipefail

readonly NAME=kafka.sh
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
readonly SCRIPT_DIR REPO_ROOT
readonly POM=$SCRIPT_DIR/kafka-pom.xml
readonly CACHE=$REPO_ROOT/.cache/kafka
readonly LIBS=$CACHE/libs

readonly START_TIMEOUT_S=120
readonly STOP_TIMEOUT_S=20

PORT=${CLAIMWATCH_TEST_KAFKA_PORT:-19092}

# shellcheck source=tests/tools/proc.sh
source "$(dirname "${BASH_SOURCE[0]}")/proc.sh"

if ! [[ $PORT =~ ^[0-9]+$ ]] || ((PORT < 1024 || PORT > 65534)); then
    die "CLAIMWATCH_TEST_KAFKA_PORT must be a number in 1024..65534, got '$PORT'"
fi
readonly PORT
readonly CONTROLLER_PORT=$((PORT + 1))
readonly RUN=$CACHE/run-$PORT
readonly DATA=$RUN/data
readonly PIDFILE=$RUN/kafka.pid
readonly PROPS=$RUN/server.properties
readonly LOG4J=$RUN/log4j2.xml
readonly LOG=$RUN/server.log
readonly OUT=$RUN/kafka.out
# unique marker on the broker's command line: lets us recognise our own JVM
readonly MARKER="-Dclaimwatch.kafka.run=$RUN"

# ---------------------------------------------------------------- helpers


need_java() {
    command -v java >/dev/null 2>&1 || die "java not found on PATH (need a JDK/JRE 17 or newer: apt-get install -y openjdk-17-jre-headless)"
    local v major
    v=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
    major=${v#1.}
    major=${major%%.*}
    if ! [[ $major =~ ^[0-9]+$ ]] || ((major < 17)); then
        die "java ${v:-?} found, kafka 4 needs java 17 or newer"
    fi
}

need_mvn() {
    command -v mvn >/dev/null 2>&1 || die "mvn not found on PATH (needed once to fetch the kafka jars: apt-get install -y maven)"
}

pom_hash() { sha256sum "$POM" | cut -d' ' -f1; }

libs_complete() {
    [[ -f $LIBS/.stamp && -f $LIBS/.manifest ]] || return 1
    [[ $(cat "$LIBS/.stamp") == "$(pom_hash)" ]] || return 1
    local jar n=0
    while IFS= read -r jar; do
        [[ -s $LIBS/$jar ]] || return 1
        n=$((n + 1))
    done <"$LIBS/.manifest"
    ((n > 0)) || return 1
    compgen -G "$LIBS/kafka_2.13-*.jar" >/dev/null || return 1
    compgen -G "$LIBS/log4j-core-*.jar" >/dev/null || return 1
}

# pid from our pid file if that process is alive and is our broker, else by
# scanning for the exact marker (pid file lost); prints nothing if none
broker_pid() {
    local pid
    if [[ -f $PIDFILE ]]; then
        pid=$(cat "$PIDFILE" 2>/dev/null || true)
        if [[ $pid =~ ^[0-9]+$ ]] && is_our_broker "$pid"; then
            echo "$pid"
            return 0
        fi
    fi
    local d
    for d in /proc/[0-9]*; do
        pid=${d#/proc/}
        if is_our_broker "$pid"; then
            echo "$pid"
            return 0
        fi
    done
    return 0
}

is_our_broker() {
    local pid=$1
    [[ -r /proc/$pid/cmdline ]] || return 1
    # cmdline is NUL separated: -z makes each argument a "line", -x an exact match
    grep -qazxF -- "$MARKER" "/proc/$pid/cmdline" 2>/dev/null
}



# a real Kafka request: ApiVersions v0 over the PLAINTEXT listener must answer
# with error_code 0. Skipped (treated as ok) when python3 is not available.
have_python() { command -v python3 >/dev/null 2>&1; }
api_probe() {
    have_python || return 0
    python3 "$SCRIPT_DIR/kafka_probe.py" "$PORT" api 9>&-
}

# FindCoordinator for a group and a transactional id: makes the broker create
# __consumer_offsets and __transaction_state now instead of in the first test
warm_up() {
    have_python || return 0
    python3 "$SCRIPT_DIR/kafka_probe.py" "$PORT" warmup 9>&-
}

started_in_log() { [[ -f $LOG ]] && grep -q 'Kafka Server started' "$LOG"; }

healthy() {
    local pid=$1
    alive "$pid" && port_open "$PORT" && started_in_log && api_probe
}


# ---------------------------------------------------------------- fetch

cmd_fetch() {
    need_java
    if libs_complete; then
        return 0
    fi
    need_mvn
    lock "$CACHE/fetch.lock" 900
    if libs_complete; then # someone else fetched while we waited
        return 0
    fi
    msg "fetching kafka jars with maven into ${LIBS#"$REPO_ROOT"/} (one-time)"
    local tmp=$CACHE/libs.tmp.$$ mvnlog=$CACHE/mvn-fetch.log
    rm -rf "$tmp"
    if ! mvn -q -B -Dstyle.color=never -f "$POM" \
        dependency:copy-dependencies -DoutputDirectory="$tmp" >"$mvnlog" 2>&1; then
        tail -n 40 "$mvnlog" >&2 || true
        rm -rf "$tmp"
        die "maven failed to fetch the kafka jars (full log: $mvnlog)"
    fi
    (cd "$tmp" && ls -1 -- *.jar) >"$tmp/.manifest"
    [[ -s $tmp/.manifest ]] || die "maven copied no jars into $tmp"
    pom_hash >"$tmp/.stamp"
    rm -rf "$LIBS"
    mv "$tmp" "$LIBS"
    libs_complete || die "jar cache at $LIBS is incomplete after fetching"
    msg "fetched $(wc -l <"$LIBS/.manifest") jars"
}

# ---------------------------------------------------------------- start

write_config() {
    mkdir -p "$RUN"
    cat >"$PROPS" <<EOF
# generated by tests/tools/kafka.sh; rewritten on every start
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
log.dirs=$DATA
metadata.log.dir=$DATA

# single node: every internal topic with replication 1 and min.isr 1
default.replication.factor=1
min.insync.replicas=1
# internal topics with 1 partition: quick to create/load, warmed up by start
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=1

# fast tests
num.partitions=3
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
transaction.abort.timed.out.transaction.cleanup.interval.ms=1000
# the largest record, as claimwatch's default CLAIMWATCH_MAX_MESSAGE_BYTES (8 MiB): the
# default max.message.bytes of every topic
message.max.bytes=8388608
log.initial.task.delay.ms=1000
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
EOF
    if [[ -n ${CLAIMWATCH_TEST_KAFKA_EXTRA_PROPS:-} ]]; then
        printf '\n# from CLAIMWATCH_TEST_KAFKA_EXTRA_PROPS\n%s\n' "$CLAIMWATCH_TEST_KAFKA_EXTRA_PROPS" >>"$PROPS"
    fi

    local level=${CLAIMWATCH_TEST_KAFKA_LOG_LEVEL:-WARN}
    cat >"$LOG4J" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by tests/tools/kafka.sh; rewritten on every start -->
<Configuration status="WARN" shutdownHook="disable">
  <Appenders>
    <File name="file" fileName="$LOG" append="true">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </File>
  </Appenders>
  <Loggers>
    <Root level="$level">
      <AppenderRef ref="file"/>
    </Root>
    <!-- lifecycle lines (incl. "Kafka Server started", used as readiness signal) -->
    <Logger name="kafka.server.KafkaRaftServer" level="INFO"/>
    <Logger name="kafka.Kafka" level="INFO"/>
    <!-- chatty even at WARN on a single node -->
    <Logger name="state.change.logger" level="ERROR"/>
    <Logger name="org.apache.kafka.clients.NetworkClient" level="ERROR"/>
  </Loggers>
</Configuration>
EOF
}

# a Kafka Uuid: 16 random bytes, url-safe base64 without padding, not starting with '-'
new_cluster_id() {
    local id
    while :; do
        id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22)
        [[ ${#id} == 22 && $id != -* && $id != AAAAAAAAAAAAAAAAAAAAAA && $id != AAAAAAAAAAAAAAAAAAAAAQ ]] && break
    done
    echo "$id"
}

java_base_opts() {
    printf '%s\n' \
        -Xms256m -Xmx768m \
        -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
        -Djava.awt.headless=true \
        -Dlog4j2.configurationFile="$LOG4J" \
        -Dkafka.logs.dir="$RUN"
}

cmd_start() {
    cmd_fetch
    lock "$RUN.lock" 180

    local pid
    pid=$(broker_pid)
    if [[ -n $pid ]]; then
        if healthy "$pid"; then
            msg "broker already running (pid $pid) on 127.0.0.1:$PORT"
            echo "127.0.0.1:$PORT"
            return 0
        fi
        msg "broker pid $pid is not healthy; restarting it"
        stop_pid broker "$pid"
    fi
    rm -f "$PIDFILE"

    if port_open "$PORT"; then
        die "port 127.0.0.1:$PORT is already in use by another process (set CLAIMWATCH_TEST_KAFKA_PORT to another port)"
    fi
    if port_open "$CONTROLLER_PORT"; then
        die "controller port 127.0.0.1:$CONTROLLER_PORT is already in use by another process (set CLAIMWATCH_TEST_KAFKA_PORT to another port)"
    fi

    local cid=kept
    local -a jopts
    mapfile -t jopts < <(java_base_opts)
    if [[ ${KEEP_DATA:-0} == 1 && -f $DATA/meta.properties ]]; then
        msg "keeping the broker's data (bounce)"
    else
        rm -rf "$DATA"
        mkdir -p "$DATA"
        : >"$LOG"
        : >"$OUT"
        write_config
        cid=$(new_cluster_id)
        # short-lived tool: C1-only JIT starts faster
        if ! java "${jopts[@]}" -Xmx256m -XX:TieredStopAtLevel=1 -cp "$LIBS/*" kafka.tools.StorageTool \
            format --standalone -t "$cid" -c "$PROPS" >"$RUN/format.log" 2>&1; then
            cat "$RUN/format.log" >&2 || true
            die "formatting the kraft storage failed (see $RUN/format.log)"
        fi
    fi

    local -a extra=()
    if [[ -n ${CLAIMWATCH_TEST_KAFKA_JAVA_OPTS:-} ]]; then
        read -r -a extra <<<"$CLAIMWATCH_TEST_KAFKA_JAVA_OPTS"
    fi

    # own session: a ctrl-c in the caller's terminal must not hit the broker
    # directly (with-kafka.sh stops it cleanly); fd 9 (our lock) is not inherited
    setsid java "${jopts[@]}" "${extra[@]}" "$MARKER" -cp "$LIBS/*" kafka.Kafka "$PROPS" \
        </dev/null >>"$OUT" 2>&1 9>&- &
    pid=$!
    echo "$pid" >"$PIDFILE"

    # if we are interrupted while waiting, do not leave a half-started broker
    trap 'stop_pid broker "$pid"; rm -f "$PIDFILE"; exit 130' INT TERM HUP

    local started=$SECONDS deadline=$((SECONDS + START_TIMEOUT_S)) ready=0
    while :; do
        if ! alive "$pid"; then
            show_log_tail "$OUT" "$LOG"
            rm -f "$PIDFILE"
            die "broker exited during startup"
        fi
        if [[ $ready == 0 ]] && healthy "$pid"; then
            ready=1
        fi
        if [[ $ready == 1 ]] && warm_up; then
            break
        fi
        if ((SECONDS >= deadline)); then
            show_log_tail "$OUT" "$LOG"
            stop_pid broker "$pid"
            rm -f "$PIDFILE"
            if [[ $ready == 1 ]]; then
                die "broker up but group/transaction coordinators not available after ${START_TIMEOUT_S}s"
            fi
            die "broker not ready after ${START_TIMEOUT_S}s"
        fi
        sleep 0.5
    done
    trap - INT TERM HUP
    msg "broker ready on 127.0.0.1:$PORT (pid $pid, cluster $cid, $((SECONDS - started))s)"
    echo "127.0.0.1:$PORT"
}

# ---------------------------------------------------------------- stop


cmd_stop() {
    lock "$RUN.lock" 180
    local pid
    pid=$(broker_pid)
    if [[ -z $pid ]]; then
        rm -f "$PIDFILE"
        msg "no broker running on port $PORT"
        return 0
    fi
    stop_pid broker "$pid"
    rm -f "$PIDFILE"
    msg "broker stopped (pid $pid)"
}

# ---------------------------------------------------------------- status/logs

cmd_status() {
    local pid
    pid=$(broker_pid)
    if [[ -z $pid ]]; then
        echo "not running (port $PORT)"
        return 1
    fi
    if healthy "$pid"; then
        echo "running pid=$pid bootstrap=127.0.0.1:$PORT controller=127.0.0.1:$CONTROLLER_PORT dir=$RUN"
        return 0
    fi
    echo "unhealthy pid=$pid port=$PORT (see $LOG)"
    return 1
}

cmd_logs() {
    [[ -d $RUN ]] || die "no run directory $RUN"
    show_log_tail "$OUT" "$LOG"
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
    bounce)
        (cmd_stop)
        KEEP_DATA=1 cmd_start
        ;;
    status) cmd_status ;;
    logs) cmd_logs ;;
    -h | --help | help) usage ;;
    *)
        msg "unknown or missing subcommand '${1:-}'"
        usage
        ;;
esac
