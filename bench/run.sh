#!/usr/bin/env bash
# Runs one benchmark main class of the bench module on the current build:
#   bench/run.sh org.gbscan.bench.e2e.PipelineLatency 120 2
#   bench/run.sh org.openjdk.jmh.Main InferenceBench -f 1 -wi 2 -i 3      (JMH)
# Set-up and a build of what is stale happen first, as with ./gbscan.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
gbscan_setup
main="$1"; shift
stamp="$ROOT/bench/target/.bench-built"
if [ ! -f "$stamp" ] || [ -n "$(find "$ROOT" -path "$ROOT/*/target" -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -newer "$stamp" -print -quit)" ]; then
  log "building the bench module and what it needs (no tests)"
  # package, not install: the classpath points at this checkout's module jars, ~/.m2 stays as it is
  mvn -B -q -f "$ROOT/pom.xml" package -DskipTests -pl bench -am
  touch "$stamp"
fi
cd "$ROOT"
export GBSCAN_HEAP="${GBSCAN_HEAP:-6g}"
exec java $(gbscan_jvm_options) -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" "$main" "$@"
