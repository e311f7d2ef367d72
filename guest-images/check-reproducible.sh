#!/bin/sh
# Rebuilds every guest into a temporary directory and fails if any committed image
# (<guest>/<guest>.elf, <guest>/<guest>.bin) differs from the rebuild. The committed images are
# what qvm's tests boot, so this is what proves they come from the sources beside them.
set -eu
cd "$(dirname "$0")"

if ! command -v "${CROSS:-aarch64-linux-gnu-}gcc" >/dev/null 2>&1; then
  echo "check-reproducible: ${CROSS:-aarch64-linux-gnu-}gcc not found (apt-get install gcc-aarch64-linux-gnu)" >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

make -s O="$tmp" all
status=0
for guest in $(make -s --no-print-directory print-guests); do
  for ext in elf bin; do
    committed="$guest/$guest.$ext"
    rebuilt="$tmp/$guest/$guest.$ext"
    if [ ! -f "$committed" ]; then
      echo "check-reproducible: $committed is missing (run make and commit it)" >&2
      status=1
    elif ! cmp -s "$committed" "$rebuilt"; then
      echo "check-reproducible: $committed differs from a fresh build (run make and commit it)" >&2
      status=1
    fi
  done
done
[ "$status" -eq 0 ] && echo "check-reproducible: all committed images match their sources"
exit "$status"
