#!/usr/bin/env bash
# The one-command demo (README quickstart): a broker, the disk collector and the console collector,
# each on a temporary queue of its own, then the demo application for about 15 s. The console
# collector's coloured stream is shown live; at the end: events logged, lines in the log file, its
# path. Every process this script starts is stopped when it ends, also on Ctrl-C.
#
# Needs Java 17 and Maven. Optional environment:
#   LOGCAST_AMQP_URI        the broker; default: the RabbitMQ at localhost:5672 if it answers, else an
#                           embedded broker (Apache Qpid Broker-J) that this script starts and stops
#   LOGCAST_DEMO_BROKER     'embedded': use the embedded broker even when a RabbitMQ answers
#   LOGCAST_DEMO_DURATION   how long the demo application logs (default 15s)
#   LOGCAST_DEMO_RATE       events per second (default 40)
#   LOGCAST_DEMO_EXCHANGE   the exchange (default logs)
#   LOGCAST_DEMO_FILE       the disk collector's file, replaced at each run (default logs/demo.log)
set -uo pipefail
cd "$(dirname "$0")" || exit 1

DEMO_JAR=demo-app/target/logcast-demo-app.jar
COLLECTOR_JAR=collector/target/logcast-collector.jar
DURATION=${LOGCAST_DEMO_DURATION:-15s}
RATE=${LOGCAST_DEMO_RATE:-40}
EXCHANGE=${LOGCAST_DEMO_EXCHANGE:-logs}
LOG_FILE=${LOGCAST_DEMO_FILE:-logs/demo.log}
READY_TIMEOUT=60   # seconds for a JVM to start and bind its queue, on a busy 2-core machine
DRAIN_TIMEOUT=30   # seconds for the disk collector to write what the broker confirmed

say() { printf 'logcast demo: %s\n' "$*"; }
fail() { printf 'logcast demo: %s\n' "$*" >&2; exit 1; }
mask() { sed -E 's#(://[^:/@]*:)[^@/]*@#\1****@#' <<<"$1"; }

# ---- processes: every one this script starts, stopped in reverse order of start ----------------
PIDS=()
NAMES=()
WORK=$(mktemp -d "${TMPDIR:-/tmp}/logcast-demo.XXXXXX") || fail "cannot create a temporary directory"

# start NAME STDOUT_FILE|- STDERR_FILE|- COMMAND...   ('-': the terminal)
start() {
  local name=$1 out=$2 err=$3
  shift 3
  # Inherit rather than reopen /dev/stdout: reopening a file that stdout is redirected to truncates it.
  if [[ $out == - && $err == - ]]; then "$@" </dev/null &
  elif [[ $out == - ]]; then "$@" 2>"$err" </dev/null &
  elif [[ $err == - ]]; then "$@" >"$out" </dev/null &
  else "$@" >"$out" 2>"$err" </dev/null &
  fi
  PIDS+=("$!")
  NAMES+=("$name")
}

# Sends SIGTERM (each program then stops cleanly: drains, flushes, acks, closes), waits, and kills
# what is still running after 20 s.
stop_pids() {
  local pid deadline=$((SECONDS + 20))
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "$@"; do
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      say "process $pid did not stop within 20 s; killing it"
      kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
  done
}

pid_of() {
  local i
  for i in "${!NAMES[@]}"; do [[ ${NAMES[i]} == "$1" ]] && { echo "${PIDS[i]}"; return; }; done
}

# The demo application first (its appender drains), then the collectors, the broker last.
stop_all() {
  local started=("${PIDS[@]}") group name pids
  (( ${#started[@]} )) || return 0
  for group in demo-app "disk console" broker; do
    pids=()
    for name in $group; do
      [[ -n $(pid_of "$name") ]] && pids+=("$(pid_of "$name")")
    done
    (( ${#pids[@]} )) && stop_pids "${pids[@]}"
  done
  PIDS=()
  NAMES=()
  local left
  left=$(ps -o pid=,args= -p "$(IFS=,; echo "${started[*]}")" 2>/dev/null)
  if [[ -n $left ]]; then
    printf 'logcast demo: still running after stop:\n%s\n' "$left" >&2
    return 1
  fi
}

INTERRUPTED=
on_exit() {
  local status=$?
  stop_all || status=1
  # Stopped early, the demo application still prints what it logged and delivered.
  [[ -n $INTERRUPTED && -s $WORK/demo.out ]] && cat "$WORK/demo.out"
  rm -rf "$WORK"
  exit "$status"
}
on_signal() { # on_signal EXIT_CODE
  trap - INT TERM
  INTERRUPTED=yes
  echo
  say "interrupted: stopping everything it started"
  exit "$1"
}
trap on_exit EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

# Waits until FILE has a line matching REGEX; fails when process NAME exits first or after the timeout.
await_line() {
  local name=$1 file=$2 regex=$3 pid deadline=$((SECONDS + READY_TIMEOUT))
  pid=$(pid_of "$name")
  until grep -Eq "$regex" "$file" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null
      printf 'logcast demo: the %s process stopped (exit code %s) before it was ready:\n' "$name" "$?" >&2
      sed 's/^/  /' "$file" >&2
      exit 1
    fi
    if (( SECONDS >= deadline )); then
      printf 'logcast demo: the %s process was not ready within %s s; its output:\n' "$name" "$READY_TIMEOUT" >&2
      sed 's/^/  /' "$file" >&2
      exit 1
    fi
    sleep 0.1
  done
}

# ---- 1. build what is missing -------------------------------------------------------------------
command -v java >/dev/null || fail "needs Java 17 or later on the PATH"
stale() { # stale JAR MODULE...: the jar is missing or older than a pom or a main source of its modules
  local jar=$1 module
  shift
  [[ -f $jar ]] || return 0
  [[ -n $(find pom.xml -newer "$jar" 2>/dev/null) ]] && return 0
  for module in "$@"; do
    [[ -n $(find "$module/pom.xml" "$module/src/main" -newer "$jar" -type f -print -quit 2>/dev/null) ]] && return 0
  done
  return 1
}
if stale "$DEMO_JAR" appender embedded-broker demo-app || stale "$COLLECTOR_JAR" appender collector; then
  command -v mvn >/dev/null || fail "needs Maven on the PATH to build the jars"
  say "building the jars: mvn -B -q -DskipTests package (a minute or more on a first run)"
  mvn -B -q -Dstyle.color=never -DskipTests package || fail "the build failed (see above)"
fi
[[ -f $DEMO_JAR && -f $COLLECTOR_JAR ]] || fail "the build made no $DEMO_JAR or $COLLECTOR_JAR"

# ---- 2. a broker ---------------------------------------------------------------------------------
answers() { timeout 3 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }
EMBEDDED=${LOGCAST_DEMO_BROKER:-}
[[ -z $EMBEDDED || $EMBEDDED == embedded ]] || fail "LOGCAST_DEMO_BROKER must be 'embedded' or unset, not '$EMBEDDED'"
if [[ -n ${LOGCAST_AMQP_URI:-} && -z $EMBEDDED ]]; then
  URI=$LOGCAST_AMQP_URI
  say "broker: $(mask "$URI") (LOGCAST_AMQP_URI)"
elif [[ -z $EMBEDDED ]] && answers localhost 5672; then
  URI="amqp://guest:guest@localhost:5672/%2F"
  say "broker: the RabbitMQ answering at localhost:5672"
else
  start broker "$WORK/broker.out" "$WORK/broker.err" java -jar "$DEMO_JAR" broker --port 0
  await_line broker "$WORK/broker.out" 'listening at amqp://'
  URI=$(sed -n 's/.*listening at \(amqp:[^ ]*\).*/\1/p' "$WORK/broker.out" | head -n 1)
  URI=${URI/:\*\*\*\*@/:guest@} # the embedded broker prints its URI masked; its login is guest/guest
  if [[ -n $EMBEDDED ]]; then
    say "broker: started the embedded broker (Apache Qpid Broker-J) at $(mask "$URI"), as LOGCAST_DEMO_BROKER=embedded asks"
  else
    say "broker: no RabbitMQ answers at localhost:5672, so this demo started the embedded broker (Apache Qpid Broker-J) at $(mask "$URI")"
  fi
fi
# The children read the broker from the environment: no password on any command line.
export LOGCAST_AMQP_URI=$URI

# ---- 3. the collectors, each on its own temporary queue -----------------------------------------
mkdir -p "$(dirname "$LOG_FILE")" || fail "cannot create the directory of $LOG_FILE"
rm -f "$LOG_FILE" "$LOG_FILE.journal" "$LOG_FILE.journal.1" # a fresh demo: no memory of an earlier run
start disk "$WORK/disk.out" "$WORK/disk.err" \
  java -jar "$COLLECTOR_JAR" disk --exchange "$EXCHANGE" --file "$LOG_FILE" --format json
start console - "$WORK/console.err" \
  java -jar "$COLLECTOR_JAR" console --exchange "$EXCHANGE" --color always
# Publishing before a queue is bound loses those events for that collector: wait for both.
READY='consuming from exchange'
await_line disk "$WORK/disk.err" "$READY"
await_line console "$WORK/console.err" "$READY"
say "disk collector:    $(grep -Em1 "$READY" "$WORK/disk.err" | sed 's/^logcast-collector: //')"
say "console collector: $(grep -Em1 "$READY" "$WORK/console.err" | sed 's/^logcast-collector: //')"

# ---- 4. the demo application -----------------------------------------------------------------------
start demo-app "$WORK/demo.out" - java -jar "$DEMO_JAR" --duration "$DURATION" --rate "$RATE" --exchange "$EXCHANGE"
wait "$(pid_of demo-app)"
demo_status=$?
(( demo_status == 0 )) || { cat "$WORK/demo.out"; fail "the demo application failed (exit code $demo_status)"; }
LOGGED=$(sed -n 's/^logcast demo: \([0-9][0-9]*\) events logged.*/\1/p' "$WORK/demo.out")
COUNTERS=$(sed -n 's/^logcast demo: appender [A-Za-z0-9_]*: \([0-9]*\) published, \([0-9]*\) confirmed, \([0-9]*\) dropped.*/\1 \2 \3/p' "$WORK/demo.out")
if [[ -z $LOGGED || -z $COUNTERS ]]; then
  cat "$WORK/demo.out"
  fail "the demo application printed no summary"
fi
read -r PUBLISHED CONFIRMED DROPPED <<<"$COUNTERS"

# ---- 5. let the disk collector write what the broker confirmed, then stop everything -------------
lines() { if [[ -f $LOG_FILE ]]; then wc -l <"$LOG_FILE" | tr -d ' '; else echo 0; fi; }
deadline=$((SECONDS + DRAIN_TIMEOUT))
while (( $(lines) < CONFIRMED && SECONDS < deadline )); do sleep 0.2; done
STARTED=${#PIDS[@]}
stop_all || exit 1
LINES=$(lines)

echo
say "summary"
printf '  %-22s %s\n' \
  "events logged" "$LOGGED" \
  "confirmed by broker" "$CONFIRMED (published $PUBLISHED, dropped $DROPPED)" \
  "lines in log file" "$LINES" \
  "log file" "$(cd "$(dirname "$LOG_FILE")" && pwd)/$(basename "$LOG_FILE")" \
  "processes" "$STARTED started, all stopped"
if (( LINES < CONFIRMED )); then
  printf 'logcast demo: the disk collector said:\n' >&2
  sed 's/^/  /' "$WORK/disk.err" >&2
  fail "the log file has $LINES lines but the broker confirmed $CONFIRMED events"
fi
if (( LINES > CONFIRMED )); then
  say "the log file has $((LINES - CONFIRMED)) lines more than this demo published: another program publishes to exchange '$EXCHANGE' too"
fi
exit 0
