package dev.qvm.vdev.wdt;

import dev.qvm.core.config.Location;
import dev.qvm.core.config.SubOption;
import dev.qvm.core.irq.InterruptLine;
import dev.qvm.core.vdev.VdevContext;
import dev.qvm.core.vm.VmControl;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A watchdog on a fake clock, with a recorded interrupt line and a recorded VM stop. */
final class WdtFixture {
  static final Path CONFIG = Path.of("wdt.qvmconf");

  /** An interrupt line that remembers its level and counts rising edges. */
  static final class Line implements InterruptLine {
    volatile boolean high;
    final AtomicInteger rises = new AtomicInteger();

    @Override
    public synchronized void raise() {
      if (!high) {
        rises.incrementAndGet();
      }
      high = true;
    }

    @Override
    public synchronized void lower() {
      high = false;
    }
  }

  /** The VM's stop, as the assembler hands it over. */
  static final class Control implements VmControl {
    final List<String> stops = new ArrayList<>();
    int exitCode = -1;

    @Override
    public synchronized void requestStop(int exitCode, String reason) {
      if (this.exitCode < 0) {
        this.exitCode = exitCode;
      }
      stops.add(reason);
    }

    @Override
    public synchronized boolean stopping() {
      return exitCode >= 0;
    }
  }

  final FakeWatchdogClock clock = new FakeWatchdogClock();
  final Line line = new Line();
  final Control control = new Control();
  final AtomicInteger dumps = new AtomicInteger();
  final List<SubOption> options = new ArrayList<>();
  private int nextLine = 2;

  WdtFixture option(String name, String... args) {
    options.add(new SubOption(name, Arrays.asList(args), new Location(CONFIG, nextLine++, 5)));
    return this;
  }

  Sp805 create() throws Exception {
    Sp805 wdt = new Sp805Provider().create(context(), clock);
    wdt.attachVm(
        control,
        () -> {
          dumps.incrementAndGet();
          return List.of("PC=0x40080000 EL1", "PC=0x40080010 EL1");
        });
    return wdt;
  }

  VdevContext context() {
    return new VdevContext() {
      @Override
      public String name() {
        return "wdt0";
      }

      @Override
      public long loc() {
        return 0x0901_0000L;
      }

      @Override
      public int intid() {
        return 40;
      }

      @Override
      public InterruptLine interrupt() {
        return line;
      }

      @Override
      public Location location() {
        return new Location(CONFIG, 1, 1);
      }

      @Override
      public List<SubOption> options() {
        return options;
      }

      @Override
      public Path resolvePath(String text, Location where) {
        return Path.of(text);
      }

      @Override
      public OutputStream hostStdout() {
        return OutputStream.nullOutputStream();
      }

      @Override
      public InputStream hostStdin() {
        return InputStream.nullInputStream();
      }
    };
  }
}
