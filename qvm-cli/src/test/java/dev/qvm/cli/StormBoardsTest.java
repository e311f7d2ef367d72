package dev.qvm.cli;

import static dev.qvm.cli.CliTesting.example;
import static dev.qvm.cli.CliTesting.qvm;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storm boards of the tour (docs/tour/5-storms.md) run alone: {@code irq timer:100,1000}
 * raises SPI 42 1,000 times from inside qvm, so {@code qvm run --stats-json} on the board shows
 * what the host gate did with no second program (ARCHITECTURE.md section 5, mask-until-EOI).
 */
class StormBoardsTest {

  private static final int PASS_INTID = 42;

  private record Run(CliTesting.Result result, JsonNode intid42) {}

  private static Run run(Path dir, String board) throws Exception {
    Path json = dir.resolve("stats.json");
    CliTesting.Result r = qvm("run", "--stats-json", json.toString(), example(board).toString());
    assertThat(r.exitCode()).as("guest exit status; out: %s err: %s", r.out(), r.err()).isZero();
    JsonNode row = null;
    for (JsonNode i : new ObjectMapper().readTree(json.toFile()).path("interrupts")) {
      if (i.path("intid").asInt() == PASS_INTID) {
        row = i;
      }
    }
    assertThat(row).as("an interrupts row for SPI %d", PASS_INTID).isNotNull();
    return new Run(r, row);
  }

  /**
   * gic-storm.c acknowledges SPI 42 and never EOIs it. The source is masked when the first
   * assertion is forwarded and never unmasked, so the other 999 are held at the host: one
   * delivery, and the guest's main loop and second vCPU keep running.
   */
  @Test
  void guestThatNeverEoisGetsOneOfTheThousandAndTheRestAreHeld(@TempDir Path dir) throws Exception {
    Run run = run(dir, "tour/gic-storm.qvmconf");
    assertThat(run.result().out()).contains("deliveries: 1", "main loop kept running: yes", "second vCPU: running");
    JsonNode s = run.intid42();
    assertThat(s.path("raised").asLong()).as("every assertion of irq timer:100,1000 is counted").isEqualTo(1000);
    assertThat(s.path("forwarded").asLong()).as("exactly one copy crosses into the vGIC").isEqualTo(1);
    assertThat(s.path("replayed").asLong()).as("the timer starts once the guest has enabled SPI 42: nothing held before").isZero();
    assertThat(s.path("acknowledged").asLong()).isEqualTo(1);
    assertThat(s.path("deactivated").asLong()).as("the guest never EOIs").isZero();
    assertThat(s.path("heldWhileMasked").asLong()).as("raised - forwarded, held at the masked source").isEqualTo(999);
  }

  /** The same guest with {@code intr gic:42,u}: every assertion is forwarded, none held. */
  @Test
  void unmaskAtOnceForwardsEveryAssertionButTheGuestStillTakesOne(@TempDir Path dir) throws Exception {
    Run run = run(dir, "tour/gic-storm-u.qvmconf");
    assertThat(run.result().out()).contains("deliveries: 1");
    JsonNode s = run.intid42();
    assertThat(s.path("raised").asLong()).isEqualTo(1000);
    assertThat(s.path("forwarded").asLong()).as(",u: no masking, each assertion reaches the vGIC").isEqualTo(1000);
    assertThat(s.path("heldWhileMasked").asLong()).isZero();
    assertThat(s.path("acknowledged").asLong()).as("an active INTID is not signalled again (GICv3 4.1)").isEqualTo(1);
  }
}
