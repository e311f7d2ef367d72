#!/usr/bin/env bash
# Fetches the external guests qvm boots in its real-guest tests, from Debian 12's own packages,
# by exact name, and builds a busybox initramfs:
#   cache/vmlinuz        the Debian arm64 kernel (the linux-image-6.1.0-*-arm64 that the
#                        linux-image-arm64:arm64 metapackage depends on)
#   cache/initramfs.cpio.gz  busybox-static:arm64 + /init (mounts /proc, /sys, devtmpfs; prints the
#                        CPU count and a marker; powers off, or starts a shell with qvm.shell=1)
#   cache/u-boot.bin     Debian's u-boot-qemu build for qemu_arm64
#   cache/busybox        the busybox binary, so that the initramfs can be rebuilt offline
#   cache/initramfs.key  sha256 of init.sh and make-initramfs.py the initramfs was built from
# Idempotent: a second run with everything present does nothing; a changed init.sh or
# make-initramfs.py (by content, not mtime: a git checkout or a restored cache reorders mtimes)
# rebuilds only the initramfs. Otherwise needs root (apt-get) and the network to Debian's
# mirrors; fails with a clear message without them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$here/cache"
mkdir -p "$cache"

key="$(cat "$here/init.sh" "$here/make-initramfs.py" | sha256sum | cut -d' ' -f1)"
if [ -s "$cache/initramfs.cpio.gz" ] && [ ! -s "$cache/busybox" ]; then
  # A cache from before cache/busybox existed: recover it from the initramfs.
  python3 "$here/make-initramfs.py" --extract-busybox "$cache/initramfs.cpio.gz" "$cache/busybox"
fi
if [ -s "$cache/vmlinuz" ] && [ -s "$cache/u-boot.bin" ] && [ -s "$cache/busybox" ]; then
  if [ -s "$cache/initramfs.cpio.gz" ] && [ "$(cat "$cache/initramfs.key" 2>/dev/null)" = "$key" ]; then
    echo "fetch.sh: external guests already in $cache"
    exit 0
  fi
  python3 "$here/make-initramfs.py" "$cache/busybox" "$here/init.sh" "$cache/initramfs.cpio.gz"
  echo "$key" > "$cache/initramfs.key"
  echo "fetch.sh: rebuilt $cache/initramfs.cpio.gz for the current init.sh"
  exit 0
fi

die() { echo "fetch.sh: $*" >&2; exit 1; }
command -v apt-get >/dev/null || die "apt-get not found: the external guests come from Debian's packages"
command -v dpkg-deb >/dev/null || die "dpkg-deb not found"
command -v python3 >/dev/null || die "python3 not found (it writes the initramfs)"

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  [ "$(id -u)" = 0 ] || die "run as root once: dpkg --add-architecture arm64 && apt-get update"
  dpkg --add-architecture arm64
  apt-get update -q || die "apt-get update failed (no network to Debian's mirrors?)"
fi

kernel_pkg="$(apt-cache depends linux-image-arm64:arm64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9.]*-[0-9]*-arm64\)\(:arm64\)\?$/\1/p' | head -n1)"
if [ -z "$kernel_pkg" ]; then
  [ "$(id -u)" = 0 ] && apt-get update -q >/dev/null 2>&1 || true
  kernel_pkg="$(apt-cache depends linux-image-arm64:arm64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9.]*-[0-9]*-arm64\)\(:arm64\)\?$/\1/p' | head -n1)"
fi
[ -n "$kernel_pkg" ] || die "cannot find the kernel package that linux-image-arm64:arm64 depends on (apt-get update?)"
echo "fetch.sh: kernel package $kernel_pkg"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
(cd "$work" && apt-get download "$kernel_pkg:arm64" busybox-static:arm64 u-boot-qemu) \
  || die "apt-get download failed (no network to Debian's mirrors?)"
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$work/root"
done

cp "$work"/root/boot/vmlinuz-*-arm64 "$cache/vmlinuz"
cp "$work/root/usr/lib/u-boot/qemu_arm64/u-boot.bin" "$cache/u-boot.bin"
cp "$work/root/bin/busybox" "$cache/busybox"
python3 "$here/make-initramfs.py" "$cache/busybox" "$here/init.sh" "$cache/initramfs.cpio.gz"
echo "$key" > "$cache/initramfs.key"
echo "$kernel_pkg" > "$cache/kernel-package.txt"
echo "fetch.sh: done: $(ls "$cache" | tr '\n' ' ')"
