#!/bin/sh
# The benchmarks' part of `make check`: rebuilds every benchmark (make print-benches) into a
# temporary directory and fails if a committed bench/<b>/<b>.elf or .bin differs, as
# ../check-reproducible.sh does for the test guests.
set -eu
cd "$(dirname "$0")/.."

if ! command -v "${CROSS:-aarch64-linux-gnu-}gcc" >/dev/null 2>&1; then
  echo "bench/check-images: ${CROSS:-aarch64-linux-gnu-}gcc not found (apt-get install gcc-aarch64-linux-gnu)" >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

make -s O="$tmp" all
status=0
for b in $(make -s --no-print-directory print-benches); do
  for ext in elf bin; do
    committed="bench/$b/$b.$ext"
    if [ ! -f "$committed" ]; then
      echo "bench/check-images: $committed is missing (run make and commit it)" >&2
      status=1
    elif ! cmp -s "$committed" "$tmp/bench/$b/$b.$ext"; then
      echo "bench/check-images: $committed differs from a fresh build (run make and commit it)" >&2
      status=1
    fi
  done
done
[ "$status" -eq 0 ] && echo "bench/check-images: all committed benchmark images match their sources"
exit "$status"
