package dev.qvm.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigNumbersTest {

  private static final Location AT = new Location(Path.of("b.qvmconf"), 2, 7);

  @Test
  void addressWithoutPrefixIsHex() throws ConfigException {
    assertThat(ConfigNumbers.address("40000000", AT)).isEqualTo(0x4000_0000L);
    assertThat(ConfigNumbers.address("1c090000", AT)).isEqualTo(0x1c09_0000L);
  }

  @Test
  void sizeWithoutPrefixIsDecimal() throws ConfigException {
    assertThat(ConfigNumbers.size("4096", AT)).isEqualTo(4096);
    assertThat(ConfigNumbers.size("050", AT)).as("leading zero is not octal").isEqualTo(50);
  }

  @Test
  void prefixesForceTheRadix() throws ConfigException {
    assertThat(ConfigNumbers.size("0x050", AT)).isEqualTo(0x50);
    assertThat(ConfigNumbers.address("0d4096", AT)).isEqualTo(4096);
    assertThat(ConfigNumbers.plain("0x20", AT)).isEqualTo(32);
  }

  @Test
  void suffixesMultiplyByPowersOf1024InEitherCase() throws ConfigException {
    // QVMCONF.md: "4K,1k" = "0x1000,0x400"
    assertThat(ConfigNumbers.address("4K", AT)).isEqualTo(0x1000);
    assertThat(ConfigNumbers.size("1k", AT)).isEqualTo(0x400);
    assertThat(ConfigNumbers.size("128M", AT)).isEqualTo(128L << 20);
    assertThat(ConfigNumbers.size("32m", AT)).isEqualTo(32L << 20);
    assertThat(ConfigNumbers.size("2G", AT)).isEqualTo(2L << 30);
    assertThat(ConfigNumbers.address("0x10M", AT)).isEqualTo(16L << 20);
  }

  @Test
  void plainNumbersTakeNoSuffix() {
    assertThatThrownBy(() -> ConfigNumbers.plain("4K", AT))
        .hasMessage("b.qvmconf:2:7: bad number '4K' (read as decimal; write 0x for hex)");
  }

  @Test
  void hexDigitsInASizeAreAnErrorAtTheNumbersColumn() {
    assertThatThrownBy(() -> ConfigNumbers.size("1f", AT))
        .isInstanceOf(ConfigException.class)
        .hasMessage("b.qvmconf:2:7: bad size '1f' (read as decimal; write 0x for hex)");
  }

  @Test
  void garbageAndOverflowAreErrors() {
    assertThatThrownBy(() -> ConfigNumbers.address("0xzz", AT))
        .hasMessage("b.qvmconf:2:7: bad address '0xzz' (read as hex)");
    assertThatThrownBy(() -> ConfigNumbers.size("", AT)).hasMessage("b.qvmconf:2:7: bad size ''");
    assertThatThrownBy(() -> ConfigNumbers.size("99999999999G", AT))
        .hasMessage("b.qvmconf:2:7: size '99999999999G' is too large");
  }

  @Test
  void zeroDPrefixWinsOnlyOverDecimalDigits() throws ConfigException {
    assertThat(ConfigNumbers.address("0d100", AT)).isEqualTo(100);
    assertThat(ConfigNumbers.address("0dead", AT)).as("0dead is hex, not 0d+ead").isEqualTo(0xdead);
  }
}
