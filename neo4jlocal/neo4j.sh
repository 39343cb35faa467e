#!/usr/bin/env bash
# Starts or stops the local Neo4j Community engine (see LocalNeo4j.java).
#
#   neo4jlocal/neo4j.sh start   # idempotent: reuses a running instance; returns once Bolt answers
#   neo4jlocal/neo4j.sh stop    # clean shutdown
#   neo4jlocal/neo4j.sh status
#
# NEO4J_LOCAL_PORT (default 7687) and NEO4J_LOCAL_DATA (default .data/neo4j) select the Bolt port
# and data folder, so several instances run side by side. NEO4J_LOCAL_HEAP sets the JVM heap
# (default 2g). NEO4J_LOCAL_EXTRA_CLASSPATH and NEO4J_LOCAL_PLUGINS add jars and a procedure
# folder (the peer benchmark's GDS). The log is $NEO4J_LOCAL_DATA/neo4j.log. Authentication is on: the first start
# generates a password for the user neo4j into $NEO4J_LOCAL_DATA/password (mode 0600), which
# `make run`, `make test` and the stakegraph commands read when NEO4J_PASSWORD is unset.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
port=${NEO4J_LOCAL_PORT:-7687}
data=${NEO4J_LOCAL_DATA:-$root/.data/neo4j}
heap=${NEO4J_LOCAL_HEAP:-2g}
mkdir -p "$data"
data=$(cd "$data" && pwd)
pidfile=$data/neo4j.pid
pwfile=$data/password
log=$data/neo4j.log

bolt_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid=$(cat "$pidfile")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

build() {
  local cp=$here/target/classpath.txt
  if [ ! -f "$cp" ] || [ "$here/pom.xml" -nt "$cp" ] || [ ! -f "$here/target/classes/stakegraph/neo4jlocal/LocalNeo4j.class" ] \
     || [ "$here/src/main/java/stakegraph/neo4jlocal/LocalNeo4j.java" -nt "$here/target/classes/stakegraph/neo4jlocal/LocalNeo4j.class" ]; then
    echo "neo4jlocal: resolving Neo4j from Maven Central (first run only)…"
    mvn -q -B -f "$here/pom.xml" compile dependency:build-classpath -Dmdep.outputFile="$cp"
  fi
}

start() {
  if pid=$(running_pid); then
    if bolt_answers; then
      echo "neo4jlocal: already running (pid $pid) on bolt://127.0.0.1:$port"
      return 0
    fi
  elif bolt_answers; then
    echo "neo4jlocal: port $port is taken by another process; set NEO4J_LOCAL_PORT" >&2
    return 1
  fi
  if [ -z "${pid:-}" ]; then
    build
    if [ ! -s "$pwfile" ]; then
      (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$pwfile")
    fi
    chmod 600 "$pwfile"
    echo "neo4jlocal: starting on bolt://127.0.0.1:$port, data in $data, log in $log"
    NEO4J_LOCAL_PASSWORD=$(cat "$pwfile") nohup java -Xms256m "-Xmx$heap" -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow \
      -cp "$here/target/classes:$(cat "$here/target/classpath.txt")${NEO4J_LOCAL_EXTRA_CLASSPATH:+:$NEO4J_LOCAL_EXTRA_CLASSPATH}" \
      stakegraph.neo4jlocal.LocalNeo4j "$data/db" "$port" >"$log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$pidfile"
  fi
  for _ in $(seq 1 240); do
    if bolt_answers && grep -q "neo4jlocal: accepting connections" "$log"; then
      echo "neo4jlocal: ready (pid $pid)"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "neo4jlocal: Neo4j exited during start-up; last log lines:" >&2
      tail -n 30 "$log" >&2
      rm -f "$pidfile"
      return 1
    fi
    sleep 0.5
  done
  echo "neo4jlocal: Bolt did not answer within 120 s; see $log" >&2
  return 1
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    echo "neo4jlocal: not running (port $port)"
    rm -f "$pidfile"
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "neo4jlocal: stopped"; return 0; }
    sleep 0.5
  done
  echo "neo4jlocal: still running after 60 s, killing" >&2
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if pid=$(running_pid) && bolt_answers; then echo "running (pid $pid) on port $port"; else echo "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
