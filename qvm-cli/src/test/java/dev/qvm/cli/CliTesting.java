package dev.qvm.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs {@code qvm} in-process and captures what it prints. */
final class CliTesting {
  record Result(int exitCode, String out, String err) {}

  static Path repo() {
    return Path.of(System.getProperty("qvm.repo.root", "..")).toAbsolutePath().normalize();
  }

  static Path example(String name) {
    return repo().resolve("qvmconf-examples").resolve(name);
  }

  static Result qvm(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private CliTesting() {}
}
