package dev.qvm.core.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qvm.core.vdev.Vdev;
import dev.qvm.core.vdev.VdevContext;
import dev.qvm.core.vdev.VdevProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Shared helpers: parsing text as {@code board.qvmconf}, fake vdev providers. */
final class ConfigTesting {

  static final Path BOARD = Path.of("board.qvmconf");

  private ConfigTesting() {}

  static QvmConfig parse(String text) throws ConfigException {
    return QvmConfigParser.parse(BOARD, text, List.of(), Map.of());
  }

  static void assertParseError(String text, String expectedMessage) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(ConfigException.class)
        .hasMessage(expectedMessage);
  }

  /** A provider with a fixed window and options; creating an instance is not part of planning. */
  record FakeProvider(String type, Set<String> options, long windowSize, boolean usesInterrupt)
      implements VdevProvider {

    @Override
    public Vdev create(VdevContext context) {
      throw new UnsupportedOperationException("planning never creates vdevs");
    }
  }

  static final FakeProvider PL011 = new FakeProvider("pl011", Set.of("hostdev"), 0x1000, true);
  static final FakeProvider WDT =
      new FakeProvider("wdt-sp805", Set.of("action", "frequency"), 0x1000, true);
  static final FakeProvider FLASH =
      new FakeProvider("cfi-flash", Set.of("size", "file", "rw"), 0x400_0000, false);

  static final VdevCatalog CATALOG = VdevCatalog.of(List.of(PL011, WDT, FLASH));

  /** Plans with paths resolved in {@code dir} (config directory and working directory). */
  static VmLayout plan(QvmConfig config, Path dir) throws ConfigException {
    return VmLayoutPlanner.plan(config, CATALOG, new ConfigPaths(dir, dir));
  }

  static VmLayout plan(QvmConfig config) throws ConfigException {
    return plan(config, Path.of("").toAbsolutePath());
  }

  static VmLayout plan(String text) throws ConfigException {
    return plan(parse(text));
  }

  static void assertPlanError(String text, String expectedMessage) {
    assertThatThrownBy(() -> plan(text))
        .isInstanceOf(ConfigException.class)
        .hasMessage(expectedMessage);
  }
}
