package dev.qvm.cpu.diff;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs an image under {@code qemu-system-aarch64} (TCG) on the {@code virt} board. The console
 * is the pl011 on stdio; QEMU's stderr is echoed to the test's stderr when the run fails.
 */
public final class QemuGuestRunner implements GuestRunner {

  /** The executable's name on PATH. */
  public static final String EXECUTABLE = "qemu-system-aarch64";

  private final Path executable;
  private final String cpu;

  /** A runner for the given QEMU binary and {@code -cpu} model. */
  public QemuGuestRunner(Path executable, String cpu) {
    this.executable = executable;
    this.cpu = cpu;
  }

  /** The QEMU found on PATH with {@code -cpu cortex-a57}, if any. */
  public static Optional<QemuGuestRunner> fromPath() {
    return findOnPath(EXECUTABLE)
        .map(p -> new QemuGuestRunner(p, System.getProperty("qvm.diff.qemu.cpu", "cortex-a57")));
  }

  /** Looks for an executable file named {@code name} in the directories of PATH. */
  public static Optional<Path> findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  @Override
  public String name() {
    return "qemu";
  }

  /** The command line used for {@code elf}. */
  public List<String> command(Path elf) {
    List<String> cmd = new ArrayList<>();
    cmd.add(executable.toString());
    cmd.addAll(List.of("-M", "virt,gic-version=3", "-cpu", cpu, "-m", "128M", "-nographic",
        "-monitor", "none", "-serial", "stdio", "-semihosting", "-kernel", elf.toString()));
    return cmd;
  }

  @Override
  public RunResult run(Path elf, Duration timeout) throws IOException, InterruptedException {
    Path stdout = Files.createTempFile("qvm-qemu-", ".out");
    Path stderr = Files.createTempFile("qvm-qemu-", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(command(elf))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile());
      Process process = pb.start();
      boolean finished;
      try {
        finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        if (process.isAlive()) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
      String console = Files.readString(stdout, StandardCharsets.ISO_8859_1).replace("\r", "");
      int exit = finished ? process.exitValue() : -1;
      if (exit != 0) {
        String err = Files.readString(stderr, StandardCharsets.ISO_8859_1);
        if (!err.isBlank()) {
          System.err.println("[qemu stderr for " + elf + "]\n" + err);
        }
      }
      return new RunResult(console, exit, !finished);
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }
}
