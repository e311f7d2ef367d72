package dev.qvm.core.config;

import static dev.qvm.core.config.ConfigTesting.assertParseError;
import static dev.qvm.core.config.ConfigTesting.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** (qvm) {@code set system-reset stop|exit}: what PSCI SYSTEM_RESET does to the VM. */
class SystemResetVariableTest {

  @Test
  void defaultStopsAsQnxDoesOnAReboot() throws ConfigException {
    QvmConfig c = parse("cpu");
    assertThat(c.variables().resetExits()).isFalse();
    assertThat(c.variables().asMap()).containsEntry("system-reset", "stop");
  }

  @Test
  void exitAsksForTheDistinctExitCode() throws ConfigException {
    QvmConfig c = parse("cpu set system-reset exit");
    assertThat(c.variables().resetExits()).isTrue();
    assertThat(c.variables().asMap()).containsEntry("system-reset", "exit");
    assertThat(parse("set system-reset exit set system-reset stop").variables().resetExits()).as("the last one wins").isFalse();
  }

  @Test
  void otherValuesAreLocatedErrors() {
    assertParseError("set system-reset reboot", "board.qvmconf:1:18: system-reset must be stop or exit, got 'reboot'");
    assertParseError("set system-reset restart", "board.qvmconf:1:18: system-reset restart is not supported by qvm yet (use stop or exit)");
  }
}
