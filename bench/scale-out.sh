#!/usr/bin/env bash
# Throughput of 1 and 2 scoring workers (separate JVMs, one inference thread each) through an Artemis broker,
# in one run; goal: 2 workers >= 1.7 x 1 worker. Needs a quiet machine with at least 2 free cores.
# Usage: bench/scale-out.sh [studies per run=200]
exec "$(dirname "$0")/run.sh" org.gbscan.bench.scale.WorkerScaling "${1:-200}"
