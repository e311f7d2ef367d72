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
echo "QVM-LINUX-BOOT-OK"
poweroff -f
