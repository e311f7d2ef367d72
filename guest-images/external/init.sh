#!/bin/sh
# /init of qvm's test initramfs (busybox). Debian's kernel does not mount devtmpfs by itself,
# so /dev/console comes from the initramfs and the rest from devtmpfs mounted here.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "qvm-guest: CPUs online: $(grep -c ^processor /proc/cpuinfo)"
echo "qvm-guest: $(uname -sr)"
if grep -q 'qvm.shell=1' /proc/cmdline; then
  echo "qvm-guest: starting a shell (poweroff -f to stop the VM)"
  setsid cttyhack sh
  poweroff -f
fi
# Applets whose output is known exactly (LinuxBootTest asserts these lines): busybox-static
# links glibc, whose string functions use AdvSIMD, and awk and printf compute and format
# doubles, so a wrong FP/SIMD instruction shows up as a wrong line here.
echo "qvm-guest: sort: $(printf 'pear\napple\nfig\nbanana\n' | sort | tr '\n' ',')"
echo "qvm-guest: sed: $(echo 'hello world, hello qvm' | sed -e 's/o/0/g' -e 's/^h/H/')"
echo "qvm-guest: awk: $(awk 'BEGIN { s = 0; for (i = 1; i <= 100; i++) s += 1 / i; printf "%.3f %.6f %d", 2 / 3, s, 7 / 2 * 4 }')"
echo "qvm-guest: md5sum: $(printf 'abc' | md5sum)"
echo "qvm-guest: sha256sum: $(printf 'abc' | sha256sum)"
echo "qvm-guest: printf: $(printf '%05.1f|%x|%-4s|%e' 3.14159 255 ab 1234.5)"
echo "qvm-guest: cut: $(echo 'root:x:0:0:root:/root:/bin/sh' | cut -d: -f1,6 | tr 'a-z' 'A-Z')"
echo "QVM-LINUX-BOOT-OK"
poweroff -f
