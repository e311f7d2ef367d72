package dev.qvm.core.config;

import static dev.qvm.core.config.ConfigTesting.assertParseError;
import static dev.qvm.core.config.ConfigTesting.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class QvmConfigParserTest {

  @Test
  void ramAndRomWithAndWithoutAddress() throws ConfigException {
    QvmConfig c = parse("ram 0x40000000,128M rom 0,64k ram 32m");
    assertThat(c.memory())
        .extracting(RamConfig::kind, RamConfig::ipa, RamConfig::size)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(RamConfig.Kind.RAM, OptionalLong.of(0x4000_0000L),
                128L << 20),
            org.assertj.core.groups.Tuple.tuple(RamConfig.Kind.ROM, OptionalLong.of(0), 64L << 10),
            org.assertj.core.groups.Tuple.tuple(RamConfig.Kind.RAM, OptionalLong.empty(),
                32L << 20));
  }

  @Test
  void loadTypesAddressesAndPaths() throws ConfigException {
    QvmConfig c = parse("load 0x40080000,../img/hello.elf initrd load 48000000,rd.cpio\n"
        + "fdt load board.dtb data load 0x1000,a,b.bin load Image");
    assertThat(c.loads())
        .extracting(LoadConfig::type, LoadConfig::ipa, l -> l.path().text())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(LoadConfig.Type.IMAGE,
                OptionalLong.of(0x4008_0000L), "../img/hello.elf"),
            org.assertj.core.groups.Tuple.tuple(LoadConfig.Type.INITRD,
                OptionalLong.of(0x4800_0000L), "rd.cpio"),
            org.assertj.core.groups.Tuple.tuple(LoadConfig.Type.FDT, OptionalLong.empty(),
                "board.dtb"),
            org.assertj.core.groups.Tuple.tuple(LoadConfig.Type.DATA, OptionalLong.of(0x1000),
                "a,b.bin"),
            org.assertj.core.groups.Tuple.tuple(LoadConfig.Type.IMAGE, OptionalLong.empty(),
                "Image"));
    assertThat(c.loads().get(1).location().column()).as("a typed load is located at its type")
        .isEqualTo(34);
    assertThat(c.loads().get(0).path().location().column()).as("path column after ADDR,")
        .isEqualTo(17);
  }

  @Test
  void cpuSubOptionsAreKeptAndAffinitySetsMpidr() throws ConfigException {
    QvmConfig c = parse("cpu sched 10r runmask 0,2 cluster big partition p1 affinity 1.0.2.3");
    CpuConfig cpu = c.cpus().getFirst();
    assertThat(cpu.sched().orElseThrow().priority()).isEqualTo(10);
    assertThat(cpu.sched().orElseThrow().policy()).isEqualTo(SchedHint.Policy.ROUND_ROBIN);
    assertThat(cpu.runmask()).containsExactly(0, 2);
    assertThat(cpu.cluster()).contains("big");
    assertThat(cpu.partition()).contains("p1");
    assertThat(cpu.mpidrAffinity())
        .as("MPIDR_EL1: Aff3 at [39:32], Aff2 [23:16], Aff1 [15:8], Aff0 [7:0]")
        .hasValue(0x01_0000_0203L);
  }

  @Test
  void optionsOfTheThirdKindDoNotCloseAContext() throws ConfigException {
    // QVMCONF.md: "cpu sched 8 ram 32m" equals "cpu ram 32m sched 8"
    QvmConfig a = parse("cpu sched 8 ram 32m");
    QvmConfig b = parse("cpu ram 32m sched 8");
    assertThat(a.cpus().getFirst().sched().orElseThrow().priority()).isEqualTo(8);
    assertThat(b.cpus().getFirst().sched().orElseThrow().priority())
        .as("sched after ram still belongs to the open cpu context").isEqualTo(8);
    assertThat(a.memory().getFirst().size()).isEqualTo(32L << 20);
    assertThat(b.memory().getFirst().size()).isEqualTo(32L << 20);
    assertThat(b.cpus()).hasSize(1);
  }

  @Test
  void theLastValueOfASubOptionWins() throws ConfigException {
    QvmConfig c = parse("cpu sched 8 sched 12\nvdev pl011 loc 0x9000000 loc 0x9001000");
    assertThat(c.cpus().getFirst().sched().orElseThrow().priority()).isEqualTo(12);
    assertThat(c.vdevs().getFirst().loc()).hasValue(0x900_1000L);
  }

  @Test
  void eachContextOpenerStartsANewContext() throws ConfigException {
    QvmConfig c = parse("cpu cpu sched 3 vdev pl011 cpu reserve intr 40 loc 0x100000,4k");
    assertThat(c.cpus()).hasSize(3);
    assertThat(c.cpus().get(1).sched()).isPresent();
    assertThat(c.reservedIntids()).extracting(ReservedIntid::intid).containsExactly(40);
    assertThat(c.reservedRegions().getFirst().length()).isEqualTo(4096);
  }

  @Test
  void passWindowsAndInterrupt() throws ConfigException {
    QvmConfig c = parse("pass loc mem:0x1c000000,4k,rw=0x2c000000 loc 1d000000,0x100,rwxncm\n"
        + "intr gic:44,u=76 backend file:dev.bin irq fifo:/tmp/irq");
    PassConfig p = c.passes().getFirst();
    assertThat(p.windows()).hasSize(2);
    assertThat(p.windows().get(0).hostPa()).isEqualTo(0x2c00_0000L);
    assertThat(p.windows().get(1).hostPa()).as("host address defaults to ADDR")
        .isEqualTo(0x1d00_0000L);
    assertThat(p.windows().get(1).nonCacheable()).isTrue();
    PassInterrupt i = p.intr().orElseThrow();
    assertThat(i.intid()).isEqualTo(44);
    assertThat(i.unmaskAtOnce()).isTrue();
    assertThat(i.hostVector()).isEqualTo(76);
    assertThat(p.backendFile().orElseThrow().text()).isEqualTo("dev.bin");
    assertThat(p.irq().orElseThrow()).isEqualTo(new PassConfig.IrqSource.Channel(PassConfig.IrqSource.Kind.FIFO, new Word("/tmp/irq", p.irq().get().location())));
  }

  @Test
  void passIrqTimerIsAPeriodInMicrosecondsAndAnOptionalCount() throws ConfigException {
    PassConfig p = parse("pass intr gic:42 irq timer:250,1000").passes().getFirst();
    assertThat(p.irq().orElseThrow()).isEqualTo(new PassConfig.IrqSource.Periodic(250, 1000, p.irq().get().location()));
    assertThat(p.irq().get().location().column()).as("the irq word").isEqualTo(22);
    PassConfig forever = parse("pass intr gic:42 irq timer:1000").passes().getFirst();
    assertThat(((PassConfig.IrqSource.Periodic) forever.irq().orElseThrow()).count()).as("no COUNT: until the VM stops").isZero();
  }

  @Test
  void passIrqTimerRefusesBadValuesAtTheirColumn() {
    assertParseError("pass intr gic:42 irq timer:0,10",
        "board.qvmconf:1:28: period in microseconds 0 is out of range (1..60000000)");
    assertParseError("pass intr gic:42 irq timer:100,0",
        "board.qvmconf:1:32: COUNT 0 is out of range (1..2147483647)");
    assertParseError("pass intr gic:42 irq timer:100,1x",
        "board.qvmconf:1:32: bad number '1x' (read as decimal; write 0x for hex)");
    assertParseError("pass intr gic:42 irq timer:100,5,7",
        "board.qvmconf:1:33: irq timer: is PERIOD_US[,COUNT]; nothing may follow COUNT");
    assertParseError("pass intr gic:42 irq timer:",
        "board.qvmconf:1:28: irq timer: names no period");
    assertParseError("pass intr gic:42 irq clock:5",
        "board.qvmconf:1:22: irq must be fifo:PATH, unix:PATH or timer:PERIOD_US[,COUNT]");
  }

  @Test
  void vdevCommonSubOptionsAndFreeWords() throws ConfigException {
    QvmConfig c = parse("vdev vdev-pl011.so loc mem:0x1c090000 intr gic:37 name uart0\n"
        + "  hostdev >- sched 20");
    VdevConfig v = c.vdevs().getFirst();
    assertThat(v.type()).isEqualTo("pl011");
    assertThat(v.loc()).hasValue(0x1c09_0000L);
    assertThat(v.intr().orElseThrow().intid()).isEqualTo(OptionalInt.of(37));
    assertThat(v.name()).contains("uart0");
    assertThat(v.words()).extracting(Word::text).containsExactly("hostdev", ">-", "sched", "20");
  }

  @Test
  void intrWithoutNumberMeansAutomatic() throws ConfigException {
    QvmConfig c = parse("vdev vdev-pl011 intr gic");
    assertThat(c.vdevs().getFirst().intr().orElseThrow().automatic()).isTrue();
  }

  @Test
  void topLevelSwitchesAndVariables() throws ConfigException {
    QvmConfig c = parse("system demo logger error,warn stdout unsupported register ignore\n"
        + "tolerance 500 dryrun semihosting psci smc entry 40000000 cmdline \"a b\"\n"
        + "set counter-offset 0 set exit-on-halt off set gic-hwassist on set icount on\n"
        + "set fdt-dump-file out.dtb");
    assertThat(c.systemName()).isEqualTo("demo");
    assertThat(c.logger().filters()).containsExactlyInAnyOrder("error", "warn");
    assertThat(c.logger().destination()).isEqualTo("stdout");
    assertThat(c.unsupported())
        .isEqualTo(new UnsupportedPolicy(UnsupportedPolicy.Action.FAIL,
            UnsupportedPolicy.Action.IGNORE, UnsupportedPolicy.Action.IGNORE));
    assertThat(c.tolerance()).hasValue(500);
    assertThat(c.dryrun()).isTrue();
    assertThat(c.semihosting()).isTrue();
    assertThat(c.psci()).isEqualTo(PsciConduit.SMC);
    assertThat(c.entry().orElseThrow().ipa()).isEqualTo(0x4000_0000L);
    assertThat(c.cmdline()).contains("a b");
    assertThat(c.variables().asMap())
        .containsEntry("counter-offset", "0x0")
        .containsEntry("exit-on-halt", "off")
        .containsEntry("gic-hwassist", "on")
        .containsEntry("icount", "on")
        .containsEntry("fdt-dump-file", "out.dtb");
  }

  @Test
  void defaultsWhenNothingIsWritten() throws ConfigException {
    QvmConfig c = parse("");
    assertThat(c.systemName()).as("the file name without .qvmconf").isEqualTo("board");
    assertThat(c.psci()).isEqualTo(PsciConduit.HVC);
    assertThat(c.unsupported()).isEqualTo(UnsupportedPolicy.DEFAULT);
    assertThat(c.variables().counterOffset()).as("QNX default: all ones").isEqualTo(-1L);
    assertThat(c.variables().exitOnHalt()).isTrue();
  }

  @Test
  void commandLineWordsActAsIfAtTheEndOfTheFile() throws ConfigException {
    QvmConfig c = QvmConfigParser.parse(ConfigTesting.BOARD, "cpu sched 3\n",
        List.of("set", "fdt-dump-file", "/tmp/b.dtb", "dryrun"), Map.of());
    assertThat(c.dryrun()).isTrue();
    Word dump = c.variables().fdtDumpFile().orElseThrow();
    assertThat(dump.text()).isEqualTo("/tmp/b.dtb");
    assertThat(dump.location().toString()).isEqualTo("<command line>:1:19");
  }

  @Test
  void commandLineErrorsPointAtTheCommandLine() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> QvmConfigParser.parse(
            ConfigTesting.BOARD, "cpu\n", List.of("dryrn"), Map.of()))
        .hasMessage("<command line>:1:1: unknown option 'dryrn' in cpu context;"
            + " did you mean 'dryrun'?");
  }

  // --- one test per parse error kind, each with its exact FILE:LINE:COL ---

  @Test
  void unknownOptionSuggestsTheClosestName() {
    assertParseError("ram 1M\nsemihostnig", "board.qvmconf:2:1: unknown option 'semihostnig';"
        + " did you mean 'semihosting'?");
  }

  @Test
  void unknownSubOptionInACpuContextSuggestsTheClosestName() {
    assertParseError("cpu\n  shced 8", "board.qvmconf:2:3: unknown option 'shced' in cpu context;"
        + " did you mean 'sched'?");
  }

  @Test
  void unknownPassSubOption() {
    assertParseError("pass lco 0x1000,4k,rw",
        "board.qvmconf:1:6: unknown option 'lco' in pass context; did you mean 'loc'?");
  }

  @Test
  void systemMustComeFirst() {
    assertParseError("ram 1M\nsystem late", "board.qvmconf:2:1: system must be the first option");
  }

  @Test
  void badNumberInASizeIsReportedAtTheSizesColumn() {
    assertParseError("ram 0x40000000,12x8M",
        "board.qvmconf:1:16: bad size '12x8M' (read as decimal; write 0x for hex)");
  }

  @Test
  void badPassFlagIsReportedAtTheFlagsColumn() {
    assertParseError("pass loc 0xe6055400,0x050,rwq",
        "board.qvmconf:1:29: unknown pass flag 'q' (flags are r w x n c m)");
  }

  @Test
  void passLocNeedsThreeParts() {
    assertParseError("pass loc 0xe6055400,0x050",
        "board.qvmconf:1:10: pass loc needs [mem:]ADDR,LEN,FLAGS[=HOSTADDR]");
  }

  @Test
  void otherAddressSpacesThanMemAreRefused() {
    assertParseError("pass loc io:0x3f8,8,rw",
        "board.qvmconf:1:10: 'io:' windows do not exist on AArch64; only 'mem:'");
  }

  @Test
  void missingArgumentAtTheEndOfInput() {
    assertParseError("cpu\nram", "board.qvmconf:2:1: ram needs [ADDR,]SIZE");
  }

  @Test
  void x86VdevsAreRefusedByName() {
    assertParseError("vdev ioapic loc 0xfec00000 intr apic",
        "board.qvmconf:1:6: vdev ioapic: x86 vdev, not supported by the AArch64 qvm");
    assertParseError("vdev vdev-ser8250.so",
        "board.qvmconf:1:6: vdev ser8250: x86 vdev, not supported by the AArch64 qvm");
  }

  @Test
  void laterVdevsAreNotSupportedYet() {
    assertParseError("cpu\nvdev virtio-blk hostdev disk.img",
        "board.qvmconf:2:6: vdev virtio-blk is not supported yet by qvm");
  }

  @Test
  void unknownSetVariable() {
    assertParseError("set icont on",
        "board.qvmconf:1:5: unknown variable 'icont'; did you mean 'icount'?");
  }

  @Test
  void onOffVariablesRefuseOtherWords() {
    assertParseError("set icount yes", "board.qvmconf:1:12: expected on or off, got 'yes'");
  }

  @Test
  void unknownLoggerFilterIsReportedAtItsColumn() {
    assertParseError("logger error,warning stderr",
        "board.qvmconf:1:14: unknown logger filter 'warning'; did you mean 'warn'?");
  }

  @Test
  void intidOutOfTheGicRange() {
    assertParseError("vdev pl011 intr gic:1020",
        "board.qvmconf:1:21: INTID 1020 is out of range (0..1019)");
  }

  @Test
  void schedPolicyLetter() {
    assertParseError("cpu sched 10q", "board.qvmconf:1:13: scheduling policy must be r, f or o");
  }

  @Test
  void emptyReserveIsAnError() {
    assertParseError("reserve cpu", "board.qvmconf:1:1: reserve needs loc ADDR,LEN or intr N");
  }
}
