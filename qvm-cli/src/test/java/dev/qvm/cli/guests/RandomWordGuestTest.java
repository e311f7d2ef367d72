package dev.qvm.cli.guests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 3's acceptance in our own form: random-el1 and random-el0 execute pseudo-random
 * instruction words (EL1 with the MMU on, and EL0) and print checksums of every register state
 * and syndrome; qvm's console must equal QEMU's, line for line.
 *
 * <p>The number of words is {@code -Dqvm.random.words} (default 100,000; the acceptance profile
 * runs at least 1,000,000) and the seed {@code -Dqvm.random.seed}. Both are patched into a copy
 * of the image: the guest's {@code random_config} block starts with the magic "QVMRANDC".
 */
class RandomWordGuestTest {

  static final long DEFAULT_WORDS = 100_000;
  static final long DEFAULT_SEED = 0x5eed0001L;

  @ParameterizedTest
  @ValueSource(strings = {"random-el1", "random-el0"})
  void checksumsEqualQemus(String guest, @TempDir Path dir) throws Exception {
    long words = Long.getLong("qvm.random.words", DEFAULT_WORDS);
    long seed = Long.decode(System.getProperty("qvm.random.seed", Long.toString(DEFAULT_SEED)));
    Path elf = patched(GuestHarness.image(guest), dir.resolve(guest + ".elf"), words, seed);
    long timeout = Math.max(120, words / 2_000);
    GuestHarness.Run qvm = GuestHarness.qvm(elf, dir, timeout + "s");
    assertThat(qvm.status()).as("%s under qvm, console:%n%s", guest, qvm.console()).isZero();
    assertThat(qvm.console()).contains(guest + ": final checksum 0x").contains("words " + words + " checksum");
    GuestHarness.Run qemu = GuestHarness.qemu(elf, timeout);
    GuestHarness.assertSameAsQemu(guest + " (words " + words + ", seed 0x" + Long.toHexString(seed) + ")", qvm, qemu);
  }

  /** Copies {@code elf} with its random_config block set to {@code words} and {@code seed}. */
  static Path patched(Path elf, Path copy, long words, long seed) throws Exception {
    byte[] image = Files.readAllBytes(elf);
    int at = indexOf(image, "QVMRANDC".getBytes(StandardCharsets.US_ASCII));
    assertThat(at).as("random_config magic in %s", elf).isNotNegative();
    ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(at + 8, words);
    b.putLong(at + 16, seed);
    Files.write(copy, image);
    return copy;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
