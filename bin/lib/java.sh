# Sourced by bin/tierpack and bin/mvn: selects a JDK >= 25 and exports JAVA_HOME.
# Order: $JAVA_HOME if it is >= 25, then JDKs under /usr/lib/jvm (newest first), then `java` on PATH.
tierpack_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}
tierpack_select_jdk() {
  local c major
  for c in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV) "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    c=${c%/}
    [ -n "$c" ] && [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(tierpack_java_major "$c")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      export JAVA_HOME="$c"
      return 0
    fi
  done
  echo "tierpack: no JDK >= 25 found (looked at \$JAVA_HOME, /usr/lib/jvm/*, java on PATH)." >&2
  echo "tierpack: install one (e.g. Temurin 25) and/or set JAVA_HOME to it." >&2
  return 1
}
