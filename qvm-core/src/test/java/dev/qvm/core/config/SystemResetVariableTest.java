package dev.qvm.core.config;

import static dev.qvm.core.config.ConfigTesting.assertParseError;
import static dev.qvm.core.config.ConfigTesting.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** (qvm) {@code set system-reset restart|stop|exit}: what PSCI SYSTEM_RESET does to the VM. */
class SystemResetVariableTest {

  @Test
  void defaultRestartsTheBoard() throws ConfigException {
    QvmConfig c = parse("cpu");
    assertThat(c.variables().systemReset()).isEqualTo(ConfigVariables.SystemReset.RESTART);
    assertThat(c.variables().asMap()).containsEntry("system-reset", "restart");
    assertThat(parse("cpu set system-reset stop").variables().systemReset()).isEqualTo(ConfigVariables.SystemReset.STOP);
  }

  @Test
  void exitAsksForTheDistinctExitCode() throws ConfigException {
    QvmConfig c = parse("cpu set system-reset exit");
    assertThat(c.variables().systemReset()).isEqualTo(ConfigVariables.SystemReset.EXIT);
    assertThat(c.variables().asMap()).containsEntry("system-reset", "exit");
    assertThat(parse("set system-reset exit set system-reset restart").variables().systemReset()).as("the last one wins")
        .isEqualTo(ConfigVariables.SystemReset.RESTART);
  }

  @Test
  void otherValuesAreLocatedErrors() {
    assertParseError("set system-reset reboot", "board.qvmconf:1:18: system-reset must be restart, stop or exit, got 'reboot'");
  }
}
