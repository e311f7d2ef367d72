package dev.qvm.vdev.cfiflash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.vdev.VdevProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vdev cfi-flash} sub-options: each mistake is one line at the sub-option's place. */
class CfiFlashProviderTest {
  @TempDir Path dir;

  private final CfiFlashProvider provider = new CfiFlashProvider();

  @Test
  void foundByServiceLoaderAsCfiFlashWithAQemuVirtBankWindowAndNoInterrupt() {
    VdevProvider found =
        ServiceLoader.load(VdevProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.type().equals("cfi-flash"))
            .findFirst()
            .orElseThrow();
    assertThat(found).isInstanceOf(CfiFlashProvider.class);
    assertThat(found.windowSize()).isEqualTo(0x0400_0000L);
    assertThat(found.usesInterrupt()).isFalse();
    assertThat(found.options()).containsExactlyInAnyOrder("size", "file", "rw");
  }

  @Test
  void sizeMustBeWholeEraseBlocksWithinTheWindow() {
    for (String bad : new String[] {"100K", "128M", "300K", "0"}) {
      assertThatThrownBy(() -> provider.create(new FlashContext(dir).option("size", bad)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("flash.qvmconf:2:5")
          .hasMessageContaining("multiple of 256K from 256K to 64M");
    }
  }

  @Test
  void rwWithoutAFileIsAnError() {
    assertThatThrownBy(() -> provider.create(new FlashContext(dir).option("rw")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flash.qvmconf:2:5")
        .hasMessageContaining("add file PATH");
  }

  @Test
  void aMissingImageOrOneLargerThanTheFlashIsAnErrorAtTheFileOption() throws Exception {
    assertThatThrownBy(
            () -> provider.create(new FlashContext(dir).option("size", "256K").option("file", "no.bin")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flash.qvmconf:3:5")
        .hasMessageContaining("does not exist");
    Files.write(dir.resolve("big.bin"), new byte[256 * 1024 + 1]);
    assertThatThrownBy(
            () -> provider.create(new FlashContext(dir).option("size", "256K").option("file", "big.bin")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flash.qvmconf:3:5")
        .hasMessageContaining("262145 bytes, more than the flash's 262144");
  }

  @Test
  void unknownOptionsAndWrongArgumentCountsAreNamed() {
    assertThatThrownBy(() -> provider.create(new FlashContext(dir).option("width", "4")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown cfi-flash option 'width' (known: size, file, rw)");
    assertThatThrownBy(() -> provider.create(new FlashContext(dir).option("file")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("file takes one argument: file PATH");
    assertThatThrownBy(() -> provider.create(new FlashContext(dir).option("rw", "yes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rw takes no argument");
  }
}
