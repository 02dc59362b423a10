# Sourced by the scripts: the build-if-stale helper and the JVM flags Spark 4 needs on Java 17 (the module opens Spark's own launcher adds,
# less --add-modules=jdk.incubator.vector: only MLlib's optional vectorised BLAS uses that module, and the JVM warns of it on every start),
# kept identical to <spark.jvm.opens> in pom.xml (checked by JvmOptionsTest).
NPC_JVM_OPENS="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
# Local runs bind Spark to loopback only.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

# Builds the jars when they are missing or older than any source or pom (run from the repository root);
# NPC_SKIP_BUILD=1 skips the check (the tests set it: they run inside a Maven build).
npc_build_if_stale() {
  local jar=jobs/target/npc-outcomes-jobs.jar
  [ "${NPC_SKIP_BUILD:-}" != 1 ] || return 0
  if [ ! -f "$jar" ] || [ ! -f jobs/target/local-classpath.txt ] \
     || [ -n "$(find pom.xml pipeline/pom.xml jobs/pom.xml pipeline/src/main jobs/src/main -newer "$jar" -print -quit)" ]; then
    echo "building (mvn -q -DskipTests package) ..." >&2
    mvn -q -B -DskipTests package >&2
  fi
}
