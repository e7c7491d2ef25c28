#!/usr/bin/env bash
# Start-up of the collectors as the distribution runs them: milliseconds from the launcher's start
# to the daemon's "consuming from exchange" line on stderr, and the CPU its JVM had used by then
# (all threads, and the main thread alone, which is the start-up's critical path). Alternates, N
# times each: disk and console, without and with the class data archive of bin/logcast-cds.
#
#   mvn -B -q -pl dist -am -DskipTests package
#   dist/measure/startup.sh [N]         (N = 5)
#
# The broker: LOGCAST_AMQP_URI, else amqp://guest:guest@localhost:5672/%2F. Each daemon consumes an
# exchange of this run (logcast-startup-RANDOM), deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
uri=${LOGCAST_AMQP_URI:-amqp://guest:guest@localhost:5672/%2F}
archive_tgz=$(ls dist/target/logcast-*.tar.gz)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$archive_tgz" -C "$work"
home=$(echo "$work"/logcast-*)
exchange=logcast-startup-$RANDOM$RANDOM

# ms_from_start_to_consuming/cpu_ms/main_thread_cpu_ms of one start
start_once() {
    local daemon=$1 dir
    dir=$(mktemp -d -p "$work")
    local started
    started=$(date +%s%N)
    local options=(--color never)
    [ "$daemon" = disk ] && options=(--file "$dir/app.log")
    "$home/bin/logcast-collector" "$daemon" --uri "$uri" --exchange "$exchange" "${options[@]}" \
        >/dev/null 2>"$dir/stderr" &
    local pid=$!
    until grep -q 'consuming from exchange' "$dir/stderr" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || { echo "the $daemon daemon exited: $(cat "$dir/stderr")" >&2; exit 1; }
        sleep 0.002
    done
    local consuming
    consuming=$(date +%s%N)
    local ticks main=0 task
    ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    for task in /proc/"$pid"/task/*; do   # the JVM's main thread is the busiest thread named "java"
        if [ "$(cat "$task/comm")" = java ]; then
            main=$(awk -v m="$main" '{t = $14 + $15; print (t > m ? t : m)}' "$task/stat")
        fi
    done
    kill -TERM "$pid"
    wait "$pid" || true
    local hz
    hz=$(getconf CLK_TCK)
    echo "$(( (consuming - started) / 1000000 ))/$(( ticks * 1000 / hz ))/$(( main * 1000 / hz ))"
}

echo "java: $("$home/bin/logcast-collector" --version) on $(java -version 2>&1 | head -n 1)"
echo "$(date -u '+%Y-%m-%d %H:%M') UTC, load average at start: $(cut -d ' ' -f 1-3 /proc/loadavg)"
"$home/bin/logcast-cds" >/dev/null
mv "$home/lib/logcast-collector.jsa" "$work/archive.jsa"
declare -A results
for ((i = 1; i <= runs; i++)); do
    for daemon in disk console; do
        for cds in without with; do
            if [ "$cds" = with ]; then cp "$work/archive.jsa" "$home/lib/logcast-collector.jsa"; fi
            results[$daemon-$cds]+="$(start_once "$daemon") "
            rm -f "$home/lib/logcast-collector.jsa"
        done
    done
done
echo "load average at end: $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo "wall ms / CPU ms (all threads) / main thread CPU ms, from the launcher's start to 'consuming from exchange':"
for key in disk-without disk-with console-without console-with; do
    printf '%-16s %s\n' "$key" "${results[$key]}"
done

# delete the exchange the daemons declared, with the installation's own client
cat > "$work/DeleteExchange.java" <<'JAVA'
public class DeleteExchange {
    public static void main(String[] args) throws Exception {
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setUri(args[0]);
        try (com.rabbitmq.client.Connection connection = factory.newConnection()) {
            connection.createChannel().exchangeDelete(args[1]);
        }
    }
}
JAVA
java -cp "$(echo "$home"/lib/amqp-client-*.jar):$(echo "$home"/lib/slf4j-api-*.jar)" "$work/DeleteExchange.java" "$uri" "$exchange" 2>/dev/null
