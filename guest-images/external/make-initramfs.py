#!/usr/bin/env python3
"""Writes a gzip-compressed initramfs (cpio "newc" format, as the Linux kernel's
Documentation/driver-api/early-userspace/buffer-format.rst describes) holding busybox, /init and
the few directories and device nodes the kernel needs before devtmpfs: no root or mknod needed.

usage: make-initramfs.py BUSYBOX INIT OUTPUT.cpio.gz
       make-initramfs.py --extract-busybox INITRAMFS.cpio.gz BUSYBOX
(the second form recovers the busybox of an initramfs this script wrote, so that fetch.sh can
rebuild the initramfs after an /init change without the network)
"""
import gzip
import sys

def entry(ino, name, mode, data=b"", rdev=(0, 0), nlink=1):
    name_b = name.encode() + b"\0"
    header = "070701" + "".join("%08X" % v for v in (
        ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev[0], rdev[1], len(name_b), 0))
    out = header.encode() + name_b
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)
    return out

def main():
    busybox, init, output = sys.argv[1:4]
    files = []
    ino = 1
    def add(name, mode, data=b"", rdev=(0, 0), nlink=1):
        nonlocal ino
        files.append(entry(ino, name, mode, data, rdev, nlink))
        ino += 1
    for d in ("bin", "dev", "proc", "sys", "tmp", "sbin", "usr", "usr/bin", "usr/sbin"):
        add(d, 0o040755, nlink=2)
    add("dev/console", 0o020600, rdev=(5, 1))
    add("dev/null", 0o020666, rdev=(1, 3))
    add("bin/busybox", 0o100755, open(busybox, "rb").read())
    add("bin/sh", 0o120777, b"busybox")
    add("init", 0o100755, open(init, "rb").read())
    files.append(entry(0, "TRAILER!!!", 0))
    blob = b"".join(files)
    # mtime=0 keeps the archive byte-identical from run to run.
    with open(output, "wb") as f:
        f.write(gzip.compress(blob, mtime=0))

def extract_busybox(initramfs, output):
    blob = gzip.decompress(open(initramfs, "rb").read())
    pos = 0
    while pos < len(blob):
        fields = [int(blob[pos + 6 + 8 * i:pos + 14 + 8 * i], 16) for i in range(13)]
        size, namesize = fields[6], fields[11]
        name_end = pos + 110 + namesize
        name = blob[pos + 110:name_end - 1].decode()
        data = name_end + (-name_end % 4)
        if name == "bin/busybox":
            with open(output, "wb") as f:
                f.write(blob[data:data + size])
            return
        if name == "TRAILER!!!":
            break
        pos = data + size + (-(data + size) % 4)
    sys.exit("no bin/busybox in " + initramfs)

if __name__ == "__main__":
    if sys.argv[1] == "--extract-busybox":
        extract_busybox(sys.argv[2], sys.argv[3])
    else:
        main()
