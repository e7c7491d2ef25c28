#!/usr/bin/env bash
# The collectors' footprint under the end-to-end load of the benchmarks (io.logcast.bench.EndToEnd:
# R, E and E-batch rounds, both collectors as processes), with the JVM options bin/logcast-collector
# applies: conf/jvm.options of the built archive, plus the native-heap trim it adds on a Java that
# knows it (the launcher itself is asked, with -XX:+PrintCommandLineFlags).
#
#   mvn -B -q -pl benchmarks,dist -am -DskipTests package
#   dist/measure/footprint.sh compare [PAIRS]   EndToEnd with the JVM's default options, then with the
#                                               launcher's, PAIRS times (3): throughput and RSS side by side
#   dist/measure/footprint.sh nmt               one EndToEnd with the launcher's options and Native Memory
#                                               Tracking: where each collector's memory is at its largest RSS
#   dist/measure/footprint.sh variants "OPTIONS"...
#                                               EndToEnd with the launcher's options, and beside its two
#                                               collectors a disk and a console collector per OPTIONS on the
#                                               same exchange (same events, same time): their peak and final
#                                               RSS and CPU. "" is the JVM's defaults; an OPTIONS starting
#                                               with NAME=VALUE sets that environment variable.
#
# EndToEnd's own options go after "--" (default: --events 100000 --rounds 2). Outputs are kept in
# benchmarks/target/footprint/.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-compare}
shift || true
e2e_options=(--events 100000 --rounds 2)
args=()
while [ $# -gt 0 ]; do
    if [ "$1" = -- ]; then shift; e2e_options=("$@"); break; fi
    args+=("$1"); shift
done

out=benchmarks/target/footprint
mkdir -p "$out"
work=$(mktemp -d)
tar -xzf "$(ls dist/target/logcast-*.tar.gz)" -C "$work"
home=$(echo "$work"/logcast-*)
flags=$(LOGCAST_JAVA_OPTS=-XX:+PrintCommandLineFlags "$home/bin/logcast-collector" --version | head -n 1)
launcher_options="@$home/conf/jvm.options"
if trim=$(grep -o -- '-XX:TrimNativeHeapInterval=[0-9]*' <<<"$flags"); then
    launcher_options+=" -XX:+UnlockExperimentalVMOptions $trim"
fi
jar=collector/target/logcast-collector.jar
echo "launcher's options: $launcher_options"
sed -n 's/^\(-[^#]*\)/  \1/p' "$home/conf/jvm.options"

# Starts one EndToEnd run in the background (at most 20 minutes: its R round waits without a limit
# when the broker restarts) and, once it says so, sets e2e, disk, console and exchange.
start_end_to_end() { # LOG JAVA_OPTIONS
    timeout 1200 java -cp benchmarks/target/logcast-benchmarks.jar io.logcast.bench.EndToEnd "${e2e_options[@]}" \
        --collector-java-options "$2" > "$1" 2>&1 &
    e2e=$!
    until grep -q '^collectors: disk pid' "$1"; do
        kill -0 "$e2e" 2>/dev/null || { cat "$1" >&2; exit 1; }
        sleep 0.2
    done
    read -r disk console exchange < <(sed -n 's/^collectors: disk pid \([0-9]*\), console pid \([0-9]*\), exchange \(.*\)$/\1 \2 \3/p' "$1")
    collectors+=("$disk" "$console")
}

# Waits for the run, then stops whatever it left (a run ended by the time limit leaves its collectors).
finish_end_to_end() { # LOG
    wait "$e2e" || echo "EndToEnd did not finish (exit $?): see $1"
    stop_collectors
    grep -E "^collectors' JVM options|^load average|^round|CPU in cores during E:|^median|^collector (disk|console)" "$1" \
        | grep -v 'round 0' || true
}

collectors=()
stop_collectors() {
    local pid
    for pid in "${collectors[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    collectors=()
}
trap 'stop_collectors; rm -rf "$work"' EXIT

status() { # PID: "VmHWM kB, VmRSS kB, threads, CPU s"
    awk '/^VmHWM/{h=$2} /^VmRSS/{r=$2} /^Threads/{t=$2} END{printf "VmHWM %d kB, VmRSS %d kB, %d threads", h, r, t}' "/proc/$1/status"
    awk -v hz="$(getconf CLK_TCK)" '{printf ", CPU %.1f s\n", ($14 + $15) / hz}' "/proc/$1/stat"
}

case $mode in
compare)
    pairs=${args[0]:-3}
    for ((pair = 1; pair <= pairs; pair++)); do
        for config in defaults launcher; do
            log=$out/compare-$pair-$config.txt
            options=""
            [ "$config" = launcher ] && options=$launcher_options
            echo "== pair $pair, $config ($(date -u +%H:%M:%S) UTC)"
            start_end_to_end "$log" "$options"
            finish_end_to_end "$log"
        done
    done
    ;;
nmt)
    log=$out/nmt.txt
    start_end_to_end "$log" "$launcher_options -XX:NativeMemoryTracking=summary"
    declare -A peak=([disk]=0 [console]=0)
    declare -A collector_pid=([disk]=$disk [console]=$console)
    while kill -0 "$disk" 2>/dev/null; do
        for name in disk console; do
            pid=${collector_pid[$name]}
            rss=$(awk '/^VmRSS/{print $2}' "/proc/$pid/status" 2>/dev/null) || continue
            if [ -n "$rss" ] && [ "$rss" -gt "${peak[$name]}" ]; then
                if { grep -E '^(VmHWM|VmRSS|RssAnon|RssFile|Threads)' "/proc/$pid/status"; jcmd "$pid" VM.native_memory summary; } \
                        > "$out/nmt-$name.tmp" 2>&1 && grep -q 'Native Memory Tracking' "$out/nmt-$name.tmp"; then
                    peak[$name]=$rss
                    mv "$out/nmt-$name.tmp" "$out/nmt-$name.txt"
                fi
            fi
        done
        sleep 2
    done
    finish_end_to_end "$log"
    for name in disk console; do
        echo "== $name at its largest RSS sampled"
        grep -E '^(VmHWM|VmRSS|RssAnon|RssFile|Threads)|^Total|^ +malloc|^ +mmap|^-' "$out/nmt-$name.txt"
    done
    ;;
variants)
    log=$out/variants.txt
    start_end_to_end "$log" "$launcher_options"
    labels=("launcher's options (EndToEnd's collectors)" "launcher's options (EndToEnd's collectors)")
    pids=("$disk" "$console")
    names=(disk console)
    n=0
    for variant in "${args[@]}"; do
        n=$((n + 1))
        environment=()
        options=$variant
        if [[ $options =~ ^([A-Z_]+=[^ ]*)\ *(.*)$ ]]; then environment=("${BASH_REMATCH[1]}"); options=${BASH_REMATCH[2]}; fi
        # shellcheck disable=SC2086
        env "${environment[@]}" java $options -jar "$jar" disk --exchange "$exchange" --file "$work/disk-$n.log" \
            --max-file-size 100GB >/dev/null 2>"$out/variant-$n-disk.err" &
        pids+=($!); collectors+=($!); names+=(disk); labels+=("${variant:-JVM defaults}")
        # shellcheck disable=SC2086
        env "${environment[@]}" java $options -jar "$jar" console --exchange "$exchange" --color never \
            >/dev/null 2>"$out/variant-$n-console.err" &
        pids+=($!); collectors+=($!); names+=(console); labels+=("${variant:-JVM defaults}")
    done
    declare -A last
    while kill -0 "$disk" 2>/dev/null; do
        for i in "${!pids[@]}"; do
            last[$i]=$(status "${pids[$i]}" 2>/dev/null || echo "${last[$i]:-gone}")
        done
        sleep 1
    done
    finish_end_to_end "$log"
    echo "== every collector at the end of the run (same exchange, same events):"
    for i in "${!pids[@]}"; do
        printf '%-8s %-50s %s\n' "${names[$i]}" "${labels[$i]}" "${last[$i]}"
    done
    ;;
*)
    echo "usage: $0 compare [PAIRS] | nmt | variants \"OPTIONS\"... [-- ENDTOEND OPTIONS]" >&2
    exit 2
    ;;
esac
