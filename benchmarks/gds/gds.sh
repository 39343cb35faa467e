#!/usr/bin/env bash
# Starts or stops a Neo4j with Graph Data Science for `make bench-peers`: the project's local
# Neo4j (neo4jlocal/neo4j.sh) with OpenGDS from Maven Central on its classpath and its
# procedure jars in a plugin folder. Bolt on 127.0.0.1:${GDS_PORT:-7690}, data in .data/gds.
#
#   benchmarks/gds/gds.sh start|stop|status
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export NEO4J_LOCAL_PORT=${GDS_PORT:-7690}
export NEO4J_LOCAL_DATA=${GDS_DATA:-$root/.data/gds}
export NEO4J_LOCAL_HEAP=${GDS_HEAP:-4g}
cp=$here/target/classpath.txt
plugins=$NEO4J_LOCAL_DATA/plugins
if [ "${1:-}" = start ]; then
  if [ ! -f "$cp" ] || [ "$here/pom.xml" -nt "$cp" ] || [ ! -d "$plugins" ]; then
    echo "gds: resolving OpenGDS from Maven Central (first run only)…"
    mkdir -p "$here/target" "$plugins"
    mvn -q -B -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp"
    mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DincludeGroupIds=org.neo4j.gds -DoutputDirectory="$plugins"
  fi
  export NEO4J_LOCAL_EXTRA_CLASSPATH=$(cat "$cp")
  export NEO4J_LOCAL_PLUGINS=$plugins
fi
exec "$root/neo4jlocal/neo4j.sh" "$@"
