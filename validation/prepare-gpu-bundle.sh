#!/usr/bin/env bash
# Prepares what validation/gpu-check.sh needs on a GPU machine that has no network and maybe no JDK or Maven:
# .device/gpu-bundle/ (git-ignored) with a jlink'ed JDK 25 runtime, the project's jars (the kernels jar carries the
# nvcc fatbin), JCuda, the JUnit console launcher, the validation test classes and the commit. Run it here, then
# carry .device/gpu-bundle to the GPU machine (with the repository) and run: bash validation/gpu-check.sh
# Needs ~60 MiB at most (checked below).
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$JK_ROOT"
B=.device/gpu-bundle
M2=${MAVEN_REPO:-$HOME/.m2/repository}
JUNIT_CONSOLE=org/junit/platform/junit-platform-console-standalone/1.14.1/junit-platform-console-standalone-1.14.1.jar

./mvnw -B -q -ntp -pl validation -am -DskipTests package
[ -f kernels/target/classes/native/jkernels.fatbin ] \
  || echo "prepare-gpu-bundle: WARNING: no fatbin (nvcc missing?): $(cat kernels/target/classes/native/jkernels.fatbin.missing 2>/dev/null)" >&2
if [ ! -f "$M2/$JUNIT_CONSOLE" ]; then
  ./mvnw -B -q -ntp dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.1 -Dtransitive=false
fi

rm -rf "$B"
mkdir -p "$B/lib"
cp kernels/target/jkernels-kernels-*.jar java-api/target/jkernels-api-*.jar validation/target/jkernels-validation-*.jar "$B/lib/"
cp -r validation/target/test-classes "$B/test-classes"
for jar in org/jcuda/jcuda/12.6.0/jcuda-12.6.0.jar org/jcuda/jcublas/12.6.0/jcublas-12.6.0.jar \
           org/jcuda/jcublas-natives/12.6.0/jcublas-natives-12.6.0-linux-x86_64.jar; do
  cp "$M2/$jar" "$B/lib/"
done
# Of JCuda's natives only the driver API library is used (the PTX compiler alone is 24 MB): a slim jar of it.
mkdir -p "$B/natives"
(cd "$B/natives" && unzip -q "$M2/org/jcuda/jcuda-natives/12.6.0/jcuda-natives-12.6.0-linux-x86_64.jar" 'lib/libJCudaDriver-*' \
  && "$JAVA_HOME/bin/jar" cf ../lib/jcuda-driver-natives-12.6.0-linux-x86_64.jar lib)
rm -rf "$B/natives"
cp "$M2/$JUNIT_CONSOLE" "$B/junit-console.jar"

# A JDK runtime with what the library, JCuda and the JUnit launcher use (java.xml: JUnit's XML reports).
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.management,jdk.unsupported,jdk.incubator.vector,java.xml,java.naming,java.scripting,jdk.jfr \
  --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output "$B/jdk"
# Native debug symbols are most of libjvm.so's size; the check does not need them.
if command -v strip >/dev/null 2>&1; then
  find "$B/jdk" -name '*.so' -exec chmod u+w {} + -exec strip --strip-unneeded {} +
fi

{ git rev-parse HEAD; git diff --quiet HEAD -- . ':!.device' || echo "(with uncommitted changes)"; } | paste -sd' ' > "$B/COMMIT"
size_kib=$(du -sk "$B" | cut -f1)
echo "prepare-gpu-bundle: $B is $((size_kib / 1024)) MiB (limit 64), commit $(cat "$B/COMMIT")"
[ "$size_kib" -lt $((62 * 1024)) ] || { echo "prepare-gpu-bundle: bundle too large to carry" >&2; exit 1; }
