# Sourced by the project's scripts: finds a JDK >= 25 (the one JDK rule: the jars are class version 69), JAVA_HOME
# if it is one, else Temurin 25 at its Debian path, and exports JAVA_HOME and PATH for it, or stops saying what to install.
jk_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }
jk_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(jk_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      export JAVA_HOME="$candidate"; export PATH="$JAVA_HOME/bin:$PATH"; return 0
    fi
  done
  echo "jkernels: no JDK >= 25 found (JAVA_HOME='${JAVA_HOME:-}', /usr/lib/jvm/temurin-25-jdk-amd64 missing)." >&2
  echo "jkernels: install a JDK 25 (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}
jk_find_jdk || exit 1
JK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JK_ROOT
