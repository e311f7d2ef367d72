package dev.qvm.cli.robust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code qvm} as a separate process (this JVM's class path, the launcher's JVM options), so that
 * tests can send it real signals and read its real exit code.
 */
final class QvmProcess implements AutoCloseable {

  private static final Boolean ENV_RESETS_SIGNALS = envResetsSignals();

  final Process process;
  final Path stdout;
  final Path stderr;

  private QvmProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts {@code qvm ARGS} with {@code jvmOptions}. A shell that starts a job in the background
   * ignores SIGINT and SIGQUIT, and a process inherits that, so the command is run through
   * {@code env --default-signal} when coreutils has it: the test must see what a terminal user sees.
   */
  static QvmProcess start(Path dir, List<String> jvmOptions, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (ENV_RESETS_SIGNALS) {
      cmd.addAll(List.of("env", "--default-signal=INT,QUIT,TERM,USR1"));
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-XX:+UseSerialGC", "-Xss16m"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.qvm.cli.Main"));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    return new QvmProcess(p, out, err);
  }

  /**
   * Waits until {@code qvm run} has its signal handlers: {@code Signals} creates the SIGQUIT
   * trigger file right after installing them, so its appearance is the moment to signal.
   */
  void awaitSignalHandlers(Duration limit) throws InterruptedException, IOException {
    Path trigger = Path.of("/tmp/.attach_pid" + process.pid());
    long end = System.nanoTime() + limit.toNanos();
    while (!Files.exists(trigger)) {
      if (!process.isAlive() || System.nanoTime() > end) {
        throw new AssertionError("qvm never got ready; stderr: " + stderr());
      }
      Thread.sleep(20);
    }
  }

  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -" + name + " failed");
    }
  }

  int waitFor(Duration limit) throws InterruptedException, IOException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("qvm did not exit within " + limit + "; stderr: " + stderr());
    }
    return process.exitValue();
  }

  String stdout() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    Files.deleteIfExists(Path.of("/tmp/.attach_pid" + process.pid()));
  }

  private static Boolean envResetsSignals() {
    try {
      Process p = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
