#!/bin/bash
# Boots every committed guest under QEMU's virt board and checks its UART output and its
# semihosting exit status against <guest>/expect.txt. This pins down what each image does on a
# reference machine, so a difference under qvm is qvm's bug.
#
# Without qemu-system-aarch64 it skips (exit 0) unless QVM_REQUIRE_EXTERNAL is 1 or true.
set -euo pipefail
cd "$(dirname "$0")"

QEMU=${QEMU:-qemu-system-aarch64}
if ! command -v "$QEMU" >/dev/null 2>&1; then
  case "${QVM_REQUIRE_EXTERNAL:-}" in
    1|true) echo "qemu-test: $QEMU not found and QVM_REQUIRE_EXTERNAL is set" >&2; exit 1 ;;
    *) echo "qemu-test: SKIPPED, $QEMU not found (apt-get install qemu-system-arm)"; exit 0 ;;
  esac
fi

passed=0
failed=0
raw=$(mktemp)
trap 'rm -f "$raw"' EXIT INT TERM

# Checks one guest's output (file $2, CRs removed) and status ($3) against $1/expect.txt.
# Patterns must match whole lines, in file order.
check_expectations() {
  local guest=$1 output=$2 status=$3 line=0 ok=1 pattern want_status=""
  mapfile -t lines <"$output"
  while IFS= read -r pattern; do
    case "$pattern" in
      ''|'#'*) continue ;;
      'status '*) want_status=${pattern#status }; continue ;;
    esac
    while [ "$line" -lt "${#lines[@]}" ] && ! [[ ${lines[$line]} =~ $pattern ]]; do
      line=$((line + 1))
    done
    if [ "$line" -ge "${#lines[@]}" ]; then
      echo "qemu-test: $guest: no output line (in order) matches: $pattern" >&2
      ok=0
      break
    fi
    line=$((line + 1))
  done <"$guest/expect.txt"
  if [ "$status" != "$want_status" ]; then
    echo "qemu-test: $guest: exit status $status, expected $want_status" >&2
    ok=0
  fi
  [ "$ok" -eq 1 ]
}

# QEMU runs its vCPUs round-robin on one thread (-accel tcg,thread=single), switching at WFE
# and YIELD. With a thread per vCPU (MTTCG) a guest's spin-wait hand-over costs a host scheduler
# time slice whenever vCPUs outnumber free host cores: on a busy 2-core CI host the 4-vCPU
# litmus guest then ran for minutes instead of a second. The console, the reference here, is the
# same either way; qvm's own SMP tests are what run vCPUs in parallel.
#
# <guest>/qemu-args, if present, lists one QEMU run per line: extra arguments after the defaults
# (QEMU takes the last -smp or -cpu), e.g. "-smp 4" for an SMP guest. Without it: one plain run.
runs_of() {
  if [ -f "$1/qemu-args" ]; then
    grep -v '^[[:space:]]*\(#\|$\)' "$1/qemu-args"
  else
    echo ""
  fi
}

for guest in $(make -s --no-print-directory print-guests); do
  while IFS= read -r extra; do
    status=0
    # shellcheck disable=SC2086 # $extra is a list of arguments
    timeout 60 "$QEMU" -M virt,gic-version=3 -accel tcg,thread=single -cpu cortex-a57 -m 128M -nographic -monitor none -serial stdio \
      -semihosting $extra -kernel "$guest/$guest.elf" </dev/null >"$raw" 2>&1 || status=$?
    tr -d '\r' <"$raw" >"$raw.txt"
    name="$guest${extra:+ ($extra)}"
    if check_expectations "$guest" "$raw.txt" "$status"; then
      echo "qemu-test: $name: ok (exit status $status)"
      passed=$((passed + 1))
    else
      echo "---- $name output ----" >&2
      cat "$raw.txt" >&2
      echo "----" >&2
      failed=$((failed + 1))
    fi
    rm -f "$raw.txt"
  done < <(runs_of "$guest")
done

echo "qemu-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
