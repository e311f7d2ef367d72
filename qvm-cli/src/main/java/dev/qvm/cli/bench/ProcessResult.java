package dev.qvm.cli.bench;

import java.util.OptionalLong;

/**
 * One finished (or killed) child process the runner started.
 *
 * @param exitCode its exit status (-1 if it was killed at the time limit)
 * @param stdout everything it wrote on standard output, carriage returns removed
 * @param stderr everything it wrote on standard error
 * @param wallNanos host time from start to exit
 * @param markerNanos host time from start to the first output line containing the marker, or -1
 * @param peakRssKib peak resident set of the process tree's largest member (getrusage through
 *     /usr/bin/time), if known
 * @param timedOut whether the runner killed it at its time limit
 */
public record ProcessResult(
    int exitCode,
    String stdout,
    String stderr,
    long wallNanos,
    long markerNanos,
    OptionalLong peakRssKib,
    boolean timedOut) {

  /** Wall time in seconds. */
  public double wallSeconds() {
    return wallNanos / 1e9;
  }

  /** A one-line reason for a failed run: the time limit, or the status and the last stderr line. */
  public String failureSummary() {
    if (timedOut) {
      return String.format("killed after %.0f s", wallSeconds());
    }
    String[] lines = stderr.strip().split("\n");
    String last = lines.length == 0 ? "" : lines[lines.length - 1].strip();
    return "exit " + exitCode + (last.isEmpty() ? "" : ": " + last);
  }
}
