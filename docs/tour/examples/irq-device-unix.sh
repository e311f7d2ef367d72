#!/bin/sh
# irq-device.sh over a Unix-domain socket: a pretend device for qvm's pass-through interrupts
# with "pass ... irq unix:SOCKET" instead of "irq fifo:FIFO" (docs/tour/5-storms.md).
#
#   irq-device-unix.sh SOCKET [COUNT] [DELAY] [BURST]
#
# Waits until qvm has bound SOCKET (it does when it assembles the VM), connects, waits DELAY
# seconds more (default 0.3: time for the guest to boot and enable its interrupt), then raises
# the host interrupt COUNT times (default 1000), BURST assertions at a time (default all at once)
# with 10 ms between bursts. As with the FIFO, each byte sent is one assertion of the host line.
# The shell cannot open a socket itself, so the connection is Perl's IO::Socket::UNIX (part of
# perl-base, present on every Debian/Ubuntu system). Prints nothing unless something fails.
set -eu
socket=${1:?usage: irq-device-unix.sh SOCKET [COUNT] [DELAY] [BURST]}
count=${2:-1000}
delay=${3:-0.3}
burst=${4:-$count}

# qvm binds the socket when it assembles the VM; give it 20 seconds.
tries=0
while [ ! -S "$socket" ]; do
    tries=$((tries + 1))
    if [ "$tries" -gt 400 ]; then
        echo "irq-device-unix: $socket did not appear (is qvm running the board?)" >&2
        exit 1
    fi
    sleep 0.05
done

exec perl -MIO::Socket::UNIX -MTime::HiRes=sleep -e '
    my ($path, $count, $delay, $burst) = @ARGV;
    # A socket left by an earlier run refuses connections until qvm has bound it anew.
    my $s;
    for (my $try = 0; !$s; $try++) {
        $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $path);
        die "irq-device-unix: cannot connect to $path: $!\n" if !$s && $try >= 400;
        sleep(0.05) if !$s;
    }
    # Connected: from here on qvm reads every byte; the guest may still be booting.
    sleep($delay) if $delay > 0;
    my $left = $count;
    while ($left > 0) {
        my $n = $burst < $left ? $burst : $left;
        print {$s} "x" x $n or die "irq-device-unix: write: $!\n";
        $s->flush;
        $left -= $n;
        sleep(0.01) if $left > 0;
    }
    close($s);
' "$socket" "$count" "$delay" "$burst"
