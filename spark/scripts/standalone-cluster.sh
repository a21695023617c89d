#!/usr/bin/env bash
# A Spark standalone cluster on this machine (one master, two one-core workers, all on 127.0.0.1), a small
# Spatial LibriSpeech-style job on it, the same job in local[2], and a byte comparison of the two data sets.
# Needs only this repository's Maven build (no Spark distribution: a SPARK_HOME of links to the job's jars is made
# for the workers' executors), plus espeak-ng and sox for the test speech. Stops everything it started on exit.
#
#   spark/scripts/standalone-cluster.sh [work-dir]      (default: a fresh temporary folder)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
work="${1:-$(mktemp -d -t jk-spark-XXXX)}"
mkdir -p "$work"
echo "cluster: work folder $work"

nice ./mvnw -B -q -o -pl spark -am package -DskipTests -Djkernels.native.skip=true
jar=$(ls spark/target/jkernels-spark-*.jar | head -1)
cp="$PWD/$jar:$(cat spark/target/classpath.txt)"
opens=$(sed -n 's:.*<spark.jvmArgs>\(.*\)</spark.jvmArgs>.*:\1:p' spark/pom.xml)
jvm="--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED $opens"

# The executors the workers launch take their class path from $SPARK_HOME/jars.
home="$work/spark-home"
mkdir -p "$home/jars" "$home/conf"
IFS=: read -r -a entries <<< "$cp"
for e in "${entries[@]}"; do ln -sf "$(readlink -f "$e")" "$home/jars/$(basename "$e")"; done
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

java $jvm -cp "$cp" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7077 --webui-port 18080 \
  > "$work/master.log" 2>&1 &
pids+=($!)
for i in 1 2; do
  sleep 2
  java $jvm -cp "$cp" org.apache.spark.deploy.worker.Worker spark://127.0.0.1:7077 --host 127.0.0.1 \
    --cores 1 --memory 1g --webui-port $((18080 + i)) --work-dir "$work/worker$i" > "$work/worker$i.log" 2>&1 &
  pids+=($!)
done
alive() { curl -s http://127.0.0.1:18080/json/ | tr -d ' \n' | sed -n 's/.*"aliveworkers":\([0-9]*\).*/\1/p'; }
for _ in $(seq 90); do
  [ "$(alive)" = 2 ] && break
  sleep 1
done
[ "$(alive)" = 2 ] || { echo "cluster: workers did not register"; tail -n 20 "$work"/*.log; exit 1; }
echo "cluster: master and 2 workers up"

# Test speech: four short utterances by espeak-ng at 16 kHz.
mkdir -p "$work/speech"
n=0
for text in "the quick brown fox" "jumps over the lazy dog" "spatial audio on a cluster" "four samples per job"; do
  espeak-ng -w "$work/raw.wav" "$text"
  sox "$work/raw.wav" -r 16000 -b 16 "$work/speech/19-198-000$n.wav"
  n=$((n + 1))
done

run() { # master out
  java $jvm -Dspark.executor.extraJavaOptions="$jvm" -Dspark.driver.host=127.0.0.1 -Dspark.ui.enabled=false \
    -cp "$cp" io.jkernels.spark.SparkSls --master "$1" --speech "$work/speech" --noise "$work/speech" \
    --out "$2" --count 8 --seed 3 --partitions 4 --renderer "${RENDERER:-image-source}" 2> "$2.log"
}
mkdir -p "$work/cluster" "$work/local"
echo "cluster: job on spark://127.0.0.1:7077"
run spark://127.0.0.1:7077 "$work/cluster"
echo "cluster: the same job in local[2]"
run "local[2]" "$work/local"
if diff -r -x '*.log' "$work/cluster/train" "$work/local/train" > /dev/null; then
  echo "cluster: identical data sets (every file byte for byte)"
else
  echo "cluster: the data sets DIFFER"; diff -r -q "$work/cluster/train" "$work/local/train" | head; exit 1
fi
