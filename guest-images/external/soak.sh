#!/usr/bin/env bash
# The soak profile (issue 10; not in default CI): runs the SMP Linux guest of
# qvmconf-examples/linux.qvmconf (2 vCPUs, busybox shell fed from a pipe) with two busy shell
# loops that print numbered lines, for 10 minutes by default, and checks that output keeps coming
# (no deadlock), that no console line is lost, that qvm's resident memory stays flat, and that
# SIGTERM stops it cleanly. See soak.py for the checks.
#
#   guest-images/external/soak.sh                 # 10 minutes
#   guest-images/external/soak.sh --minutes 2 --every 500 --log /tmp/soak.console
#
# Needs the fetched guest (fetch.sh) and a built qvm (mvn install or ./qvm once); without the
# guest it skips (exit 0) unless QVM_REQUIRE_EXTERNAL is 1 or true.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="$here/cache"

if [ ! -s "$cache/vmlinuz" ] || [ ! -s "$cache/initramfs.cpio.gz" ]; then
  case "${QVM_REQUIRE_EXTERNAL:-}" in
    1|true) echo "soak: the Linux guest is not fetched (fetch.sh) and QVM_REQUIRE_EXTERNAL is set" >&2; exit 1 ;;
    *) echo "soak: SKIPPED, the Linux guest is not fetched (run guest-images/external/fetch.sh)"; exit 0 ;;
  esac
fi
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
jar="$root/qvm-cli/target/qvm-cli.jar"
[ -f "$jar" ] && [ -d "$root/qvm-cli/target/lib" ] || { echo "soak: build qvm first (mvn install, or ./qvm --help)" >&2; exit 1; }

# The example board with absolute paths, so it runs from a temporary directory.
board="$(mktemp --suffix=.qvmconf)"
trap 'rm -f "$board"' EXIT
sed "s#\.\./guest-images#$root/guest-images#g" "$root/qvmconf-examples/linux.qvmconf" >"$board"

exec_rc=0
python3 "$here/soak.py" --java "$java" --classpath "$jar:$root/qvm-cli/target/lib/*" --board "$board" "$@" || exec_rc=$?
exit "$exec_rc"
