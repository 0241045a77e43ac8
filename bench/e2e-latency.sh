#!/usr/bin/env bash
# End-to-end latency and throughput of single-frame studies (last instance ACK at gbscan -> SR stored in the
# PACS), with DCMTK storescp and with Orthanc as the PACS, and the bare model on the same frames; prints
# p50/p90/p99 at the steady rate, where that time went, burst studies/s, bare forward img/s and their ratio.
# Usage: bench/e2e-latency.sh [studies=120] [steady rate/s=2] [pacs=storescp,orthanc]
# Service settings for a run: GBSCAN_JAVA_OPTS="-Dgbscan.bench.set.route.studies.uri=seda:studies?concurrentConsumers=8"
exec "$(dirname "$0")/run.sh" org.gbscan.bench.e2e.PipelineLatency "${1:-120}" "${2:-2}" "${3:-storescp,orthanc}"
