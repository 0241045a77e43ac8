#!/usr/bin/env bash
# Ingest benchmark: gbscan listener vs DCMTK storescp, DCMTK storescu as sender (see IngestBench.java).
# Usage: bench/ingest.sh [images=200] [rounds=3]. Needs core and dicom-listener installed in ~/.m2
# (mvn -o -q -pl core,dicom-listener install -DskipTests) and DCMTK on the PATH.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/bench-ingest"
mkdir -p "$work/classes"
cp_file="$work/classpath.txt"
mvn -B -o -q -f "$root/dicom-listener/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >/dev/null
cp="$root/dicom-listener/target/classes:$(cat "$cp_file")"
javac -d "$work/classes" -cp "$cp" "$root"/bench/src/main/java/org/gbscan/bench/ingest/*.java
exec java -Xmx2g -cp "$work/classes:$cp" org.gbscan.bench.ingest.IngestBench "${1:-200}" "${2:-3}" "$work"
