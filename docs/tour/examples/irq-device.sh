#!/bin/sh
# A pretend device for qvm's pass-through interrupts (docs/tour/5-storms.md).
#
#   irq-device.sh FIFO [COUNT] [DELAY] [BURST]
#
# Waits until qvm has created FIFO (the board's "pass ... irq fifo:FIFO") and opened it, waits
# DELAY seconds more (default 0.3: time for the guest to boot and enable its interrupt), then
# raises the host interrupt COUNT times (default 1000), BURST assertions at a time (default all
# at once) with 10 ms between bursts. Each byte written to the FIFO is one assertion of the host
# line; what the guest sees is up to qvm's host gate. Prints nothing unless something fails.
set -eu
fifo=${1:?usage: irq-device.sh FIFO [COUNT] [DELAY] [BURST]}
count=${2:-1000}
delay=${3:-0.3}
burst=${4:-$count}

# qvm creates the FIFO when it assembles the VM; give it 20 seconds.
tries=0
while [ ! -p "$fifo" ]; do
    tries=$((tries + 1))
    if [ "$tries" -gt 400 ]; then
        echo "irq-device: $fifo did not appear (is qvm running the board?)" >&2
        exit 1
    fi
    sleep 0.05
done

# One burst of bytes, made before qvm listens: once it does, the writes below are shell
# builtins, so with DELAY 0 the assertions arrive at once, not after a process start (a guest
# that runs for 50 ms could otherwise finish before the first one).
chunk=$(head -c "$burst" /dev/zero | tr '\0' x)

# Opening a FIFO for writing blocks until qvm opens it for reading: from here on qvm listens.
exec 3>"$fifo"
if [ "$delay" != 0 ]; then
    sleep "$delay"
fi
left=$count
while [ "$left" -gt 0 ]; do
    if [ "$burst" -le "$left" ]; then
        n=$burst
        printf %s "$chunk" >&3
    else
        n=$left
        printf %s "$chunk" | head -c "$n" >&3
    fi
    left=$((left - n))
    if [ "$left" -gt 0 ]; then
        sleep 0.01
    fi
done
exec 3>&-
