#!/usr/bin/env bash
# End-to-end latency and throughput of single-frame studies (Orthanc push -> SR in Orthanc), and the
# bare model on the same frames. Usage: bench/e2e-latency.sh [studies=120] [steady rate/s=2]
exec "$(dirname "$0")/run.sh" org.gbscan.bench.e2e.PipelineLatency "${1:-120}" "${2:-2}"
