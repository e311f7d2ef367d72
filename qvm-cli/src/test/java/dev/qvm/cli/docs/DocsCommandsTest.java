package dev.qvm.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every command the docs show, so the docs cannot go stale (issue 9, item 5).
 *
 * <p>The convention, which docs/guide.md also states for writers: a fenced block with the info
 * string {@code console} is a shell session run from the repository root. {@code $ CMD} lines are
 * commands; the lines after one are its output (stdout and stderr as a terminal interleaves them),
 * compared after {@link OutputMatcher} normalisation, so a lone {@code ...} line skips lines and
 * {@code ...} inside a line skips text. {@code ./qvm ARGS} (or {@code qvm ARGS}) runs in-process
 * through {@link Main#run}; {@code ; echo $?} after it, or a following {@code $ echo $?}, prints its
 * exit code; {@code 2>/dev/null}, {@code >/dev/null} and {@code 2>&1} are understood. Any other
 * command runs under {@code bash -c}; one that ends in {@code &} runs in the background while the
 * rest of the block runs, its output discarded ({@code ./qvm ... &} too, in-process: a GDB session
 * in the next command talks to it, and it must have stopped by the end of the block). When a program a block needs is not installed the
 * block is skipped with a message on stderr, or fails when {@code QVM_REQUIRE_EXTERNAL=1}.
 */
class DocsCommandsTest {

  private static final long COMMAND_TIMEOUT_SECONDS = 120;

  static Path repo() {
    return Path.of(System.getProperty("qvm.repo.root", "..")).toAbsolutePath().normalize();
  }

  /**
   * docs/**.md, in a stable order; with {@code -Dqvm.docs.only=TEXT} only the pages whose path
   * contains TEXT (to check one page while writing it).
   */
  static List<Path> pages() throws IOException {
    String only = System.getProperty("qvm.docs.only", "");
    try (Stream<Path> s = Files.walk(repo().resolve("docs"))) {
      return s.filter(p -> p.toString().endsWith(".md") && p.toString().contains(only)).sorted().toList();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyConsoleBlockInTheDocsPrintsWhatThePageShows() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path page : pages()) {
      for (DocBlock block : DocBlock.parse(repo(), page)) {
        tests.add(DynamicTest.dynamicTest(block.file() + ":" + block.line(), () -> new Session(repo()).run(block)));
      }
    }
    assertThat(tests).as("the docs have tested console blocks").hasSizeGreaterThan(System.getProperty("qvm.docs.only", "").isEmpty() ? 10 : 0);
    return tests.stream();
  }

  @Test
  void theGuideAndEveryTourChapterHaveTestedCommands() throws IOException {
    List<Path> wanted = new ArrayList<>(List.of(repo().resolve("docs/guide.md"), repo().resolve("docs/inspect.md")));
    try (Stream<Path> s = Files.list(repo().resolve("docs/tour"))) {
      s.filter(p -> p.toString().endsWith(".md") && !p.getFileName().toString().equals("README.md")).forEach(wanted::add);
    }
    assertThat(wanted).hasSizeGreaterThanOrEqualTo(9);
    for (Path page : wanted) {
      assertThat(DocBlock.parse(repo(), page)).as("%s has at least one console block", page).isNotEmpty();
    }
  }

  /** One block's commands, in order, with the last exit code and the background jobs. */
  static final class Session {
    private final Path repo;
    private final List<Process> background = new ArrayList<>();
    private final List<Thread> backgroundQvm = new ArrayList<>();
    private boolean skipped;
    private int lastStatus;

    Session(Path repo) {
      this.repo = repo;
    }

    void run(DocBlock block) throws Exception {
      for (String required : block.requires()) {
        if (!Files.exists(repo.resolve(required))) {
          skip(block.file() + ":" + block.line() + ": " + required + " is absent (see the page for how to fetch it)");
          return;
        }
      }
      try {
        for (DocBlock.Command c : block.commands()) {
          List<String> actual = execute(block, c);
          if (actual == null) {
            skipped = true;
            return; // skipped: a program is missing
          }
          if (!OutputMatcher.matches(c.expected(), actual)) {
            throw new AssertionError(String.format("%s: `%s` printed:%n%s%nbut the page shows:%n%s", block.where(c), c.text(), String.join("\n", actual), String.join("\n", c.expected())));
          }
        }
      } finally {
        stopBackgroundQvm();
        for (Process p : background) {
          if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
          }
        }
      }
    }

    private List<String> execute(DocBlock block, DocBlock.Command c) throws Exception {
      String text = c.text();
      if (text.equals("echo $?")) {
        return List.of(String.valueOf(lastStatus));
      }
      boolean echoStatus = text.endsWith("; echo $?");
      if (echoStatus) {
        text = text.substring(0, text.length() - "; echo $?".length()).strip();
      }
      List<String> words = ShellWords.split(text);
      String missing = missingProgram(text);
      if (missing != null) {
        skip(block.where(c) + ": " + missing + " is not installed, skipping the rest of this block");
        return null;
      }
      List<String> out;
      if (!words.isEmpty() && (words.getFirst().equals("./qvm") || words.getFirst().equals("qvm"))) {
        if (text.endsWith("&")) {
          List<String> args = ShellWords.split(text.substring(0, text.length() - 1).strip());
          backgroundQvm.add(startQvmInBackground(args.subList(1, args.size())));
          return List.of();
        }
        List<String> stages = ShellWords.pipeline(text);
        if (stages.size() == 1) {
          out = qvmInProcess(words.subList(1, words.size()), null);
        } else {
          List<String> qvmWords = ShellWords.split(stages.getFirst());
          String rest = text.substring(text.indexOf(stages.get(1), stages.getFirst().length()));
          ByteArrayOutputStream stdout = new ByteArrayOutputStream();
          List<String> errLines = qvmInProcess(qvmWords.subList(1, qvmWords.size()), stdout);
          byte[] piped = stdout.toString(StandardCharsets.UTF_8).replace(repo + File.separator, "").getBytes(StandardCharsets.UTF_8);
          // qvm's stderr (statistics, errors) comes when the VM stops, after the console output.
          out = new ArrayList<>(external(block, c, rest, piped));
          out.addAll(errLines);
        }
      } else if (text.endsWith("&")) {
        background.add(new ProcessBuilder("bash", "-c", text.substring(0, text.length() - 1)).directory(repo.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        out = List.of();
      } else {
        out = external(block, c, text, null);
      }
      if (echoStatus) {
        out = new ArrayList<>(out);
        out.add(String.valueOf(lastStatus));
      }
      return out;
    }

    /**
     * {@code ./qvm ... &}: qvm in-process on its own thread, its output discarded (a debugger
     * session in the next commands talks to it). At the end of the block it must have stopped by
     * itself, unless the block was skipped: then it is interrupted (SIGINT's path in Vm.run).
     */
    private Thread startQvmInBackground(List<String> args) {
      List<String> effective = new ArrayList<>();
      for (String a : args) {
        if (!a.equals(">/dev/null") && !a.equals("2>/dev/null") && !a.equals("2>&1")) {
          effective.add(absolute(a));
        }
      }
      PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
      return Thread.ofPlatform().name("docs-qvm-background").start(() -> Main.run(effective.toArray(String[]::new), sink, sink));
    }

    private void stopBackgroundQvm() throws InterruptedException {
      for (Thread t : backgroundQvm) {
        t.join(skipped ? 1 : 60_000);
        if (t.isAlive()) {
          t.interrupt();
          t.join(10_000);
          if (!skipped) {
            throw new AssertionError("a background qvm of a console block was still running when the block ended");
          }
        }
      }
    }

    /**
     * Runs {@code qvm} in-process from the repository root, stdout and stderr merged in order, or
     * with stdout into {@code pipe} (the start of a pipeline) when that is not null.
     */
    private List<String> qvmInProcess(List<String> args, ByteArrayOutputStream pipe) throws Exception {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream merged = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
      // Redirections apply left to right, as in a shell: "2>&1 >/dev/null" keeps only stderr.
      PrintStream out = pipe != null ? new PrintStream(pipe, true, StandardCharsets.UTF_8) : merged;
      PrintStream err = merged;
      List<String> effective = new ArrayList<>();
      for (String a : args) {
        switch (a) {
          case ">/dev/null", "1>/dev/null" -> out = sink;
          case "2>/dev/null" -> err = sink;
          case "2>&1" -> err = out;
          default -> effective.add(absolute(a));
        }
      }
      PrintStream finalOut = out;
      PrintStream finalErr = err;
      PrintStream savedErr = System.err;
      // Logs (-v) go to System.err through logback, which looks the stream up on every write.
      System.setErr(finalErr);
      FutureTask<Integer> task = new FutureTask<>(() -> Main.run(effective.toArray(String[]::new), finalOut, finalErr));
      Thread t = Thread.ofPlatform().name("docs-qvm").start(task);
      try {
        lastStatus = task.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        t.interrupt();
        throw new AssertionError("qvm " + String.join(" ", args) + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s");
      } catch (ExecutionException e) {
        throw new AssertionError("qvm " + String.join(" ", args) + " threw", e.getCause());
      } finally {
        System.setErr(savedErr);
      }
      merged.flush();
      return lines(bytes.toString(StandardCharsets.UTF_8).replace(repo + File.separator, ""));
    }

    /** The lines of a program's output; the newline that ends the last one starts no new line. */
    private static List<String> lines(String text) {
      return text.isEmpty() ? List.of() : List.of(text.split("\\R"));
    }

    /** A relative path that names something in the repository, made absolute (we run elsewhere). */
    private String absolute(String arg) {
      int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
      if (eq >= 0) {
        return arg.substring(0, eq + 1) + absolute(arg.substring(eq + 1));
      }
      if (arg.startsWith("@") && arg.length() > 1) {
        return "@" + absolute(arg.substring(1));
      }
      if (arg.startsWith("-")) {
        return arg;
      }
      if (!arg.isEmpty() && !arg.startsWith("/") && Files.exists(repo.resolve(arg))) {
        return repo.resolve(arg).toString();
      }
      return arg;
    }

    /** Runs {@code text} under bash from the repository root, with {@code stdin} (or nothing) as input. */
    private List<String> external(DocBlock block, DocBlock.Command c, String text, byte[] stdin) throws Exception {
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", text).directory(repo.toFile()).redirectErrorStream(true);
      if (stdin == null) {
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      }
      Process p = pb.start();
      if (stdin != null) {
        Thread.ofPlatform().daemon().start(() -> {
          try (var in = p.getOutputStream()) {
            in.write(stdin);
          } catch (IOException e) {
            // The pipeline stopped reading early (as `head` does); what it printed still counts.
          }
        });
      }
      byte[] output = p.getInputStream().readAllBytes();
      if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(block.where(c) + ": `" + text + "` did not finish");
      }
      lastStatus = p.exitValue();
      return lines(new String(output, StandardCharsets.UTF_8));
    }

    /** The first program of a pipeline that is neither on PATH nor a file in the repository. */
    private String missingProgram(String text) {
      for (String segment : ShellWords.pipeline(text)) {
        // The program is the first word of each stage; quoted arguments never contain one.
        String[] w = segment.strip().replaceAll("&$", "").strip().split("\\s+");
        if (w[0].isEmpty()) {
          continue;
        }
        String program = w[0];
        if (program.equals("qvm") || program.equals("./qvm") || program.equals("echo") || program.equals("cd")) {
          continue;
        }
        if (program.contains("/")) {
          if (!Files.isExecutable(repo.resolve(program))) {
            return program;
          }
          continue;
        }
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
          found |= !dir.isEmpty() && Files.isExecutable(Path.of(dir, program));
        }
        if (!found) {
          return program;
        }
      }
      return null;
    }

    private static void skip(String why) {
      String required = System.getenv("QVM_REQUIRE_EXTERNAL");
      if ("1".equals(required) || "true".equals(required)) {
        throw new AssertionError("QVM_REQUIRE_EXTERNAL is set: " + why);
      }
      System.err.println("DocsCommandsTest: SKIPPED " + why);
    }
  }
}
