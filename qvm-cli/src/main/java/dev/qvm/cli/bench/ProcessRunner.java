package dev.qvm.cli.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts one child (qvm or QEMU) with no input, collects its output, watches for a marker line
 * and kills the child tree at a time limit. When /usr/bin/time exists the child runs under it, so
 * the kernel's own peak-RSS accounting (getrusage ru_maxrss) reports its memory; polling /proc
 * could miss the peak.
 */
public final class ProcessRunner {

  private static final Path TIME = Path.of("/usr/bin/time");

  private final Path directory;

  /** A runner whose children start in {@code directory} (the repository root). */
  public ProcessRunner(Path directory) {
    this.directory = directory;
  }

  /**
   * Runs {@code command} to completion or until {@code limit}, then kills it and its descendants.
   *
   * @param marker a string whose first appearance in a stdout line is timed, or null
   */
  public ProcessResult run(List<String> command, Duration limit, String marker)
      throws IOException, InterruptedException {
    Path timeFile = null;
    List<String> full = new ArrayList<>();
    if (Files.isExecutable(TIME)) {
      timeFile = Files.createTempFile("qvm-bench-time", ".txt");
      full.addAll(List.of(TIME.toString(), "-o", timeFile.toString(), "-f", ToolOutput.TIME_FORMAT));
    }
    full.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(full).directory(directory.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    long start = System.nanoTime();
    Process p = pb.start();
    AtomicLong markerAt = new AtomicLong(-1);
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    Thread outReader = Thread.ofPlatform().daemon().start(() -> pump(p.getInputStream(), out, marker, start, markerAt));
    Thread errReader = Thread.ofPlatform().daemon().start(() -> pump(p.getErrorStream(), err, null, start, markerAt));
    boolean finished = p.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS);
    if (!finished) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor();
    }
    long wall = System.nanoTime() - start;
    outReader.join(5_000);
    errReader.join(5_000);
    OptionalLong rss = OptionalLong.empty();
    if (timeFile != null) {
      rss = ToolOutput.peakRssKib(Files.readString(timeFile));
      Files.deleteIfExists(timeFile);
    }
    String stdout;
    synchronized (out) {
      stdout = out.toString().replace("\r", "");
    }
    String stderr;
    synchronized (err) {
      stderr = err.toString();
    }
    return new ProcessResult(finished ? p.exitValue() : -1, stdout, stderr, wall, markerAt.get(), rss, !finished);
  }

  private static void pump(InputStream in, StringBuilder sink, String marker, long start, AtomicLong markerAt) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (marker != null && markerAt.get() < 0 && line.contains(marker)) {
          markerAt.set(System.nanoTime() - start);
        }
        synchronized (sink) {
          sink.append(line).append('\n');
        }
      }
    } catch (IOException e) {
      // The child was killed mid-line; what was read so far is all there is.
    }
  }
}
