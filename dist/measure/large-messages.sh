#!/usr/bin/env bash
# Large messages through a disk collector started by the distribution's launcher: its exit code, the
# events written, its peak resident size (VmHWM) and its resident size 3 s after the last event (the
# daemon runs a full collection once idle after a message of 16 MiB or more).
#
#   mvn -B -q -pl dist -am -DskipTests package
#   dist/measure/large-messages.sh one latin1|other|json MIB [JAVA_OPTIONS]
#                       one message of MIB MiB, then an event (see dist/measure/LargeMessages.java)
#   dist/measure/large-messages.sh burst COUNT [JAVA_OPTIONS]
#                       COUNT messages of 1 MiB published while the daemon is stopped (SIGSTOP);
#                       when it goes on, the broker sends it a whole prefetch (250) at once
#
# JAVA_OPTIONS go to LOGCAST_JAVA_OPTS, e.g. -Xmx128m (the launcher's heap limit before). The broker:
# LOGCAST_AMQP_URI, else amqp://guest:guest@localhost:5672/%2F; the exchange is this run's own.
set -euo pipefail
cd "$(dirname "$0")/../.."
uri=${LOGCAST_AMQP_URI:-amqp://guest:guest@localhost:5672/%2F}
mode=$1
if [ "$mode" = one ]; then publish=(one "$2" "$3"); expected=2; shift 3; else publish=(burst "$2"); expected=$2; shift 2; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$(ls dist/target/logcast-*.tar.gz)" -C "$work"
exchange=logcast-large-$RANDOM
LOGCAST_JAVA_OPTS="${1:-}" "$work"/logcast-*/bin/logcast-collector disk --uri "$uri" --exchange "$exchange" \
    --file "$work/large.log" --max-file-size 10GB --pattern '%msg%n' 2>"$work/stderr" &
pid=$!
until grep -q 'consuming from exchange' "$work/stderr"; do
    kill -0 $pid 2>/dev/null || { cat "$work/stderr"; exit 1; }
    sleep 0.2
done
[ "$mode" = burst ] && kill -STOP $pid
java -cp collector/target/logcast-collector.jar dist/measure/LargeMessages.java "$uri" "$exchange" "${publish[@]}"
[ "$mode" = burst ] && kill -CONT $pid
lines=0
while kill -0 $pid 2>/dev/null; do
    lines=$(wc -l < "$work/large.log" 2>/dev/null || echo 0)
    [ "$lines" -ge "$expected" ] && break
    sleep 0.2
done
peak=$(awk '/VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null || echo -)
sleep 3
after=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || echo -)
kill -TERM $pid 2>/dev/null || true
status=0
wait $pid || status=$?
options=${1:-"(the launcher's options)"}
echo "${publish[*]} $options: exit $status, $lines of $expected events written, peak RSS $peak kB, RSS 3 s after $after kB"
grep -v 'consuming from exchange\|delivery summary' "$work/stderr" | cut -c1-200 || true
java -cp collector/target/logcast-collector.jar dist/measure/LargeMessages.java "$uri" "$exchange" delete 2>/dev/null || true
