#!/usr/bin/env bash
# engine.sh: make a Docker engine and Docker Compose usable for the compose test.
#
# usage: source deploy/ci/engine.sh; engine_ensure || exit   (then engine_stop at the end)
#
# As root on a Debian machine it installs what is missing (Debian's docker.io and debootstrap,
# maven for the jars), builds Docker Compose from its Go module once (kept as the docker CLI
# plugin, rebuilt only for another version; likewise buildx, when no docker CLI with BuildKit
# built in is there) and starts dockerd when none answers: no bridge,
# no iptables rules, since every container of the test uses the host's network. Not root and no
# usable engine: engine_ensure returns 3 after naming what is missing (the caller skips).
# A dockerd started here is stopped by engine_stop.

# Docker CLI plugins built from their Go modules: Compose, and buildx where needed (below).
COMPOSE_VERSION=v5.6.0
COMPOSE_MODULE=github.com/docker/compose/v5
BUILDX_VERSION=v0.38.2
BUILDX_MODULE=github.com/docker/buildx
ENGINE_STARTED_PID=

engine_msg() { printf 'engine.sh: %s\n' "$*" >&2; }

plugin_dir() {
    if [[ $(id -u) == 0 ]]; then echo /usr/local/lib/docker/cli-plugins; else echo "${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"; fi
}

# plugin_bin NAME VERSION: the path of docker-NAME at that version, if installed
plugin_bin() {
    local d v
    for d in "${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins" /usr/local/lib/docker/cli-plugins \
        /usr/libexec/docker/cli-plugins /usr/lib/docker/cli-plugins; do
        [[ -x $d/docker-$1 ]] || continue
        v=$("$d/docker-$1" version 2>/dev/null | head -n1)
        if [[ " $v " == *" $2 "* || " $v " == *" ${2#v} "* || " $v " == *" $2, "* ]]; then
            echo "$d/docker-$1"
            return 0
        fi
    done
    return 1
}

find_go() {
    local g
    for g in "$(command -v go 2>/dev/null)" /usr/local/go/bin/go; do
        [[ -n $g && -x $g ]] || continue
        # compose v5.6 and buildx v0.38 need go 1.26 or newer
        "$g" version 2>/dev/null | grep -Eq 'go1\.(2[6-9]|[3-9][0-9])' && { echo "$g"; return 0; }
    done
    return 1
}

# build_plugin NAME MODULE VERSION PACKAGE LDFLAGS: build docker-NAME from a Go module, once
build_plugin() {
    local name=$1 module=$2 version=$3 pkg=$4 ldflags=$5 go src dir log work
    go=$(find_go) || { engine_msg "no Go 1.26+ (needed once to build docker-$name $version from $module)"; return 1; }
    dir=$(plugin_dir)
    log=$(mktemp "${TMPDIR:-/tmp}/claimwatch-$name-build.XXXXXX")
    engine_msg "building docker-$name $version with $("$go" version | cut -d' ' -f3) (once; log $log)"
    # Their go.mod files have replace/exclude directives, so `go install mod@version` refuses
    # them: build the module's own source as the main module.
    src=$("$go" mod download -json "$module@$version" 2>>"$log" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
    [[ -n $src && -d $src ]] || { tail -n 20 "$log" >&2; engine_msg "go mod download $module@$version failed"; return 1; }
    work=$(mktemp -d "${TMPDIR:-/tmp}/claimwatch-$name-src.XXXXXX")
    cp -r "$src/." "$work/" && chmod -R u+w "$work"
    mkdir -p "$dir"
    if ! (cd "$work" && nice -n 10 "$go" build -trimpath -ldflags "-s -w $ldflags" \
        -o "$dir/docker-$name.tmp" "$pkg") >>"$log" 2>&1; then
        rm -rf "$work"
        tail -n 20 "$log" >&2
        engine_msg "building docker-$name failed (log $log)"
        return 1
    fi
    rm -rf "$work"
    mv "$dir/docker-$name.tmp" "$dir/docker-$name"
    engine_msg "docker-$name $version at $dir/docker-$name"
}

compose_bin() { plugin_bin compose "$COMPOSE_VERSION"; }

# BuildKit builds (deploy/Dockerfile's cache mounts need BuildKit), in DOCKER_BUILD: Debian's
# docker.io CLI (20.10) has BuildKit built in; a newer docker CLI needs the buildx plugin, which
# is built here only when neither is there.
builtin_buildkit_cli() {
    [[ -x /usr/bin/docker ]] && /usr/bin/docker version -f '{{.Client.Version}}' 2>/dev/null | grep -q '^20\.'
}
engine_build_cmd() {
    if builtin_buildkit_cli; then
        DOCKER_BUILD=(env DOCKER_BUILDKIT=1 /usr/bin/docker build)
    elif docker buildx version >/dev/null 2>&1; then
        DOCKER_BUILD=(docker buildx build --allow network.host)
    else
        return 1
    fi
}

ensure_plugins() {
    if ! builtin_buildkit_cli && ! docker buildx version >/dev/null 2>&1; then
        plugin_bin buildx "$BUILDX_VERSION" >/dev/null ||
            build_plugin buildx "$BUILDX_MODULE" "$BUILDX_VERSION" ./cmd/buildx \
                "-X $BUILDX_MODULE/version.Version=$BUILDX_VERSION" || return 1
    fi
    compose_bin >/dev/null ||
        build_plugin compose "$COMPOSE_MODULE" "$COMPOSE_VERSION" ./cmd \
            "-X $COMPOSE_MODULE/internal.Version=$COMPOSE_VERSION" || return 1
}

deb_installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]; }

install_packages() {
    local missing=() p
    command -v dpkg-query >/dev/null 2>&1 || return 0
    for p in docker.io debootstrap maven; do deb_installed "$p" || missing+=("$p"); done
    ((${#missing[@]})) || return 0
    engine_msg "installing ${missing[*]}"
    local own_policy=0 policy=/usr/sbin/policy-rc.d
    if [[ ! -e $policy ]]; then
        # no daemon started by a postinst: dockerd is started below with our options
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && own_policy=1
    fi
    local rc=0
    DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 update >/dev/null &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 \
            --no-install-recommends "${missing[@]}" >/tmp/claimwatch-engine-apt.log 2>&1 || rc=$?
    ((own_policy)) && rm -f "$policy"
    if ((rc)); then
        tail -n 20 /tmp/claimwatch-engine-apt.log >&2
        engine_msg "apt-get install ${missing[*]} failed"
        return 1
    fi
}

start_dockerd() {
    local log=${TMPDIR:-/tmp}/claimwatch-dockerd.log i
    command -v dockerd >/dev/null 2>&1 || { engine_msg "dockerd not found"; return 1; }
    engine_msg "starting dockerd (no bridge, no iptables; log $log)"
    setsid dockerd --bridge=none --iptables=false --ip6tables=false >"$log" 2>&1 </dev/null &
    ENGINE_STARTED_PID=$!
    for ((i = 0; i < 60; i++)); do
        docker info >/dev/null 2>&1 && return 0
        kill -0 "$ENGINE_STARTED_PID" 2>/dev/null || break
        sleep 1
    done
    tail -n 20 "$log" >&2
    engine_msg "dockerd did not answer within 60 s"
    return 1
}

# 0: docker and compose ready (COMPOSE set); 3: cannot run here (not root, something missing);
# 1: a failure as root
engine_ensure() {
    if [[ $(id -u) != 0 ]]; then
        local missing=()
        command -v docker >/dev/null 2>&1 || missing+=("the docker CLI")
        docker info >/dev/null 2>&1 || missing+=("a running Docker engine this user may use")
        compose_bin >/dev/null || missing+=("Docker Compose $COMPOSE_VERSION (docker CLI plugin)")
        engine_build_cmd || missing+=("a BuildKit builder (Debian's docker.io CLI, or the docker buildx plugin)")
        command -v debootstrap >/dev/null 2>&1 || missing+=("debootstrap")
        if ((${#missing[@]})); then
            engine_msg "missing: $(IFS=,; echo "${missing[*]}" | sed 's/,/, /g'); run as root to install and start them"
            return 3
        fi
    else
        install_packages || return 1
        command -v docker >/dev/null 2>&1 || { engine_msg "no docker CLI after installing docker.io"; return 1; }
        ensure_plugins || return 1
        docker info >/dev/null 2>&1 || start_dockerd || return 1
    fi
    COMPOSE=$(compose_bin) || return 1
    export COMPOSE
    engine_build_cmd || { engine_msg "no BuildKit builder"; return 1; }
}

engine_stop() {
    [[ -n $ENGINE_STARTED_PID ]] || return 0
    engine_msg "stopping the dockerd started here (pid $ENGINE_STARTED_PID)"
    kill -TERM "$ENGINE_STARTED_PID" 2>/dev/null || return 0
    local i
    for ((i = 0; i < 30; i++)); do
        kill -0 "$ENGINE_STARTED_PID" 2>/dev/null || return 0
        sleep 1
    done
    kill -KILL "$ENGINE_STARTED_PID" 2>/dev/null || true
}
