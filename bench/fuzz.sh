#!/usr/bin/env bash
# Long fuzz campaign against the running DICOM listener (see ListenerFuzzTest): seeded mutations of
# phantom instances and association PDUs, valid instances between them, C-ECHO checks.
# Usage: bench/fuzz.sh [cases=20000] [seed=epoch seconds]. The summary line (cases, outcomes by DICOM
# status, crashes) is printed at the end; rerun with the printed seed to reproduce a failure.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
gbscan_setup
cases="${1:-20000}"
seed="${2:-$(date +%s)}"
log "fuzz campaign: $cases cases, seed $seed"
mkdir -p "$ROOT/dicom-listener/target"
status=0
mvn -B -o -q -f "$ROOT/pom.xml" -pl dicom-listener -am test -Dtest=ListenerFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfuzz.cases="$cases" -Dfuzz.seed="$seed" > "$ROOT/dicom-listener/target/fuzz-$seed.log" 2>&1 || status=$?
grep -h "^fuzz:" "$ROOT/dicom-listener/target/fuzz-$seed.log" || log "no summary: see dicom-listener/target/fuzz-$seed.log"
[ "$status" -eq 0 ] || log "campaign FAILED (seed $seed): see dicom-listener/target/fuzz-$seed.log and surefire-reports"
exit "$status"
