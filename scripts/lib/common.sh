# Shared by the scripts in scripts/: locate the project, build the jar on first use, run Java with
# the flags Spark needs on Java 17. Source it; do not run it.

JM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JM_JAR="$JM_ROOT/jobs/target/journey-miner.jar"

# Spark's extraJavaTestArgs from the spark-parent_2.13 4.1.0 POM (the same list as spark.java.opens in
# the root pom.xml; TestLauncherFlags keeps the two equal).
JM_SPARK_JAVA_OPTS=(
  -XX:+IgnoreUnrecognizedVMOptions
  --add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true
  -Dio.netty.allocator.type=pooled
  -Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE
  --enable-native-access=ALL-UNNAMED
)

jm_die() {
  echo "journey-miner: $*" >&2
  exit 1
}

jm_require_tools() {
  command -v java >/dev/null 2>&1 || jm_die "java is not installed: install a JDK 17 (apt-get install openjdk-17-jdk-headless)"
  command -v mvn >/dev/null 2>&1 || jm_die "mvn is not installed: apt-get install maven"
}

# Builds target/journey-miner.jar (and target/lib) when it is missing or older than any source.
jm_build_if_needed() {
  local stale=""
  if [[ ! -f "$JM_JAR" || ! -d "$JM_ROOT/jobs/target/lib" ]]; then
    stale="missing"
  elif [[ -n "$(find "$JM_ROOT/pom.xml" "$JM_ROOT/jobs/pom.xml" "$JM_ROOT/jobs/src/main" -newer "$JM_JAR" -print -quit)" ]]; then
    stale="out of date"
  fi
  if [[ -n "$stale" ]]; then
    jm_require_tools
    echo "journey-miner: building the jar ($stale), once; later runs reuse it ..." >&2
    (cd "$JM_ROOT" && mvn -B -q -Dmaven.test.skip=true package -pl jobs -am) >&2 \
      || jm_die "the build failed; run 'mvn -B package -pl jobs -am' in $JM_ROOT to see why"
  fi
}

# jm_java_run MAIN_CLASS ARGS...: runs a class of the jobs jar with Spark's Java flags.
jm_java_run() {
  local main_class="$1"
  shift
  jm_build_if_needed
  local memory="${JOURNEY_MINER_DRIVER_MEMORY:-6g}"
  # JOURNEY_MINER_JAVA_OPTS adds JVM flags, e.g. -Dspark.eventLog.enabled=true (split on spaces).
  local -a extra=()
  read -r -a extra <<<"${JOURNEY_MINER_JAVA_OPTS:-}"
  # The spark.executor.* settings matter only with --master URL (a cluster): executors there are
  # JVMs of their own, which need Spark's flags too and a heap that fits two of them on the machine.
  exec java "-Xmx$memory" "${JM_SPARK_JAVA_OPTS[@]}" \
    "-Dspark.executor.extraJavaOptions=${JM_SPARK_JAVA_OPTS[*]}" \
    "-Dspark.executor.memory=${JOURNEY_MINER_EXECUTOR_MEMORY:-5g}" "${extra[@]}" \
    -Dlog4j2.configurationFile=journey-miner-log4j2.properties \
    -cp "$JM_JAR:$JM_ROOT/jobs/target/lib/*" "$main_class" "$@"
}
