#!/usr/bin/env bash
# Every measurement of docs/BENCHMARKS.md, in one run; outputs in benchmarks/target/results/ (not in git).
# Needs the local RabbitMQ (127.0.0.1:5672, guest/guest) and, for the end-to-end part, the collector jar.
# Usage: benchmarks/run.sh [EndToEnd options, e.g. --events 100000 --rounds 5]
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -pl benchmarks,collector -am -DskipTests package
jar=benchmarks/target/logcast-benchmarks.jar
out=benchmarks/target/results
mkdir -p "$out"

{
  echo "date: $(date -u +%FT%TZ)"
  echo "uptime: $(uptime)"
  echo "nproc: $(nproc)"
  lscpu | grep -E 'Model name|MHz' || true
  java -version 2>&1
  echo "rabbitmq: $(rabbitmqctl version 2>/dev/null || echo unknown)"
  echo "appender: $(git log -1 --format='%h %s' -- appender)"
} | tee "$out/machine.txt"

# 1. The log call: every target on 1 and 2 threads, allocation per call.
java -jar "$jar" LogCallBenchmark -prof gc -rf csv -rff "$out/logcall.csv" | tee "$out/logcall.txt"
java -cp "$jar" io.logcast.bench.JmhRatios "$out/logcall.csv" | tee "$out/ratios.txt"
# Where the time goes (thread-state and hottest frames of every thread, publisher included).
java -jar "$jar" LogCallBenchmark.oneThread -p target=B1,B1p,L,L_down -prof "stack:lines=4;top=8" | tee "$out/stack.txt"

# 2. R's settings: the raw client's best on this machine (RawCeiling.BEST is R's setting in EndToEnd).
java -cp "$jar" io.logcast.bench.RawCeiling --events 100000 --rounds 3 250/125/1000 1000/500/1000 250/125/10000 \
  1000/500/10000 2000/1000/10000 | tee "$out/raw-settings.txt"
# End to end, R and E (and E-batch when the appender batches) alternated, with the collectors' RSS (3).
java -cp "$jar" io.logcast.bench.EndToEnd "$@" | tee "$out/e2e.txt"
# Where each JVM spends its time per event: JFR recordings of one round's phases, then the hottest methods.
java -cp "$jar" io.logcast.bench.EndToEnd --events 100000 --rounds 1 --profile "$out/profile" | tee "$out/e2e-profile.txt"
for recording in "$out"/profile/*.jfr; do
  java -cp "$jar" io.logcast.bench.JfrProfile "$recording" | tee "${recording%.jfr}.txt"
done

# 6. Replaying a stream: the console against a raw reader, then where one console run spends its time.
java -cp "$jar" io.logcast.bench.StreamReplay --events 1000000 --rounds 5 --prefetches 250,1000,2000,5000 \
  --console-options "--prefetch 1000" --jfr "$out/replay-console.jfr" | tee "$out/replay.txt"
java -cp "$jar" io.logcast.bench.JfrProfile "$out/replay-console.jfr" | tee "$out/replay-console.txt"

# 3. Heap per buffered event.
java -XX:+UseSerialGC -cp "$jar" io.logcast.bench.BufferMemory 8192 | tee "$out/memory.txt"
echo "uptime at the end: $(uptime)" | tee -a "$out/machine.txt"
