package dev.qvm.cpu.disasm;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host's {@code aarch64-linux-gnu-objdump}, when there is one. Tests that need it call
 * {@link #availableOrSkip}: without the tool they skip loudly, or fail when the environment
 * variable {@code QVM_REQUIRE_EXTERNAL=1} says the tool must be there.
 */
final class ExternalObjdump {

  static final String TOOL = "aarch64-linux-gnu-objdump";

  private ExternalObjdump() {}

  static boolean available() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, TOOL))) {
        return true;
      }
    }
    return false;
  }

  /** True when objdump can be run; otherwise prints why the live part is skipped (or fails). */
  static boolean availableOrSkip(String what) {
    if (available()) {
      return true;
    }
    String message = "*** " + TOOL + " is not on PATH: SKIPPING " + what + " ***";
    if ("1".equals(System.getenv("QVM_REQUIRE_EXTERNAL"))) {
      fail(message.replace("SKIPPING", "cannot run") + " (QVM_REQUIRE_EXTERNAL=1)");
    }
    System.err.println(message);
    return false;
  }

  /**
   * {@code objdump -d file}: the listing of an ELF's code sections. objdump runs in {@code
   * dir} on the path relative to it, so the listing's header names no machine's directories.
   */
  static String disassembleElf(Path dir, Path elf) throws IOException {
    return run(List.of(TOOL, "-d", dir.relativize(elf.toAbsolutePath()).toString()), dir);
  }

  /** {@code objdump -D -b binary -m aarch64 file}: raw little-endian words from address 0. */
  static String disassembleRaw(Path bin) throws IOException {
    return run(List.of(TOOL, "-D", "-b", "binary", "-m", "aarch64", bin.toString()), null);
  }

  /** Writes words as the raw little-endian file objdump reads with {@code -b binary}. */
  static void writeWords(Path file, int[] words) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int w : words) {
      buffer.putInt(w);
    }
    Files.write(file, buffer.array());
  }

  static int[] readWords(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int[] words = new int[bytes.length / 4];
    for (int i = 0; i < words.length; i++) {
      words[i] = buffer.getInt();
    }
    return words;
  }

  /** Disassembles words placed at address 0 with the external objdump. */
  static List<ObjdumpListing.Line> disassembleWords(int[] words) throws IOException {
    Path bin = Files.createTempFile("qvm-disasm-", ".bin");
    try {
      writeWords(bin, words);
      return ObjdumpListing.parse(new BufferedReader(new StringReader(disassembleRaw(bin))));
    } finally {
      Files.deleteIfExists(bin);
    }
  }

  private static String run(List<String> command, Path dir) throws IOException {
    Path out = Files.createTempFile("qvm-objdump-", ".txt");
    try {
      Process process = new ProcessBuilder(new ArrayList<>(command))
          .directory(dir == null ? null : dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(out.toFile())
          .start();
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " failed: " + Files.readString(out));
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + TOOL, e);
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
