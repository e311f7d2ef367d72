package dev.qvm.vdev.wdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.VdevCatalog;
import org.junit.jupiter.api.Test;

/** {@code vdev wdt-sp805} sub-options (QVMCONF.md) and its discovery by ServiceLoader. */
class Sp805ProviderTest {

  @Test
  void foundByServiceLoaderUnderItsQnxName() {
    assertThat(VdevCatalog.fromServiceLoader().apply("wdt-sp805")).get().isInstanceOf(Sp805Provider.class);
  }

  @Test
  void acceptsQnxActions() throws Exception {
    for (String a : new String[] {"terminate", "dump,terminate", "fiq"}) {
      WdtFixture f = new WdtFixture().option("action", a);
      assertThat(f.create()).isNotNull();
    }
  }

  @Test
  void unknownActionIsALocatedError() {
    WdtFixture f = new WdtFixture().option("action", "reboot");
    assertThatThrownBy(f::create)
        .isInstanceOf(ConfigException.class)
        .hasMessage("wdt.qvmconf:2:5: unknown watchdog action 'reboot' (known: terminate, dump,terminate, fiq)");
    assertThat(f.clock.closed).as("the clock thread is released").isTrue();
  }

  @Test
  void dumpAloneIsAnError() {
    WdtFixture f = new WdtFixture().option("action", "dump");
    assertThatThrownBy(f::create).isInstanceOf(ConfigException.class).hasMessageContaining("dump goes with terminate");
  }

  @Test
  void badFrequenciesAreLocatedErrors() {
    for (String hz : new String[] {"0", "-5", "25MHz", "2000000000", "0x", "99999999999999999999"}) {
      WdtFixture f = new WdtFixture().option("frequency", hz);
      assertThatThrownBy(f::create)
          .as(hz)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("wdt.qvmconf:2:5: frequency " + hz + ": expected a number of Hz");
    }
  }

  @Test
  void hexFrequencyIsAccepted() throws Exception {
    Sp805 w = new WdtFixture().option("frequency", "0x3e8").create();
    assertThat(w.ticksToNanos(1000)).isEqualTo(1_000_000_000L);
  }

  @Test
  void unknownOptionNamesTheKnownOnes() {
    WdtFixture f = new WdtFixture().option("timeout", "3");
    assertThatThrownBy(f::create)
        .isInstanceOf(ConfigException.class)
        .hasMessage("wdt.qvmconf:2:5: unknown wdt-sp805 option 'timeout' (known: action, frequency)");
  }
}
