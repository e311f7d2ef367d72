package dev.qvm.core.config;

import static dev.qvm.core.config.ConfigTesting.assertPlanError;
import static dev.qvm.core.config.ConfigTesting.parse;
import static dev.qvm.core.config.ConfigTesting.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmLayoutPlannerTest {

  @TempDir Path dir;

  @Test
  void implicitGicAtQemuVirtAddressesWithOneRedistributorPerVcpu() throws ConfigException {
    VmLayout l = plan("ram 0x40000000,128M cpu cpu");
    assertThat(l.gic().implicit()).isTrue();
    assertThat(l.gic().distributorIpa()).isEqualTo(0x0800_0000L);
    assertThat(l.gic().redistributorIpa()).isEqualTo(0x080A_0000L);
    assertThat(l.gic().redistributorSize()).as("128 KiB per vCPU").isEqualTo(2 * 0x2_0000L);
    assertThat(l.gic().spis()).isEqualTo(256);
    assertThat(l.memoryMap())
        .extracting(MemoryMapEntry::kind)
        .containsExactly(MemoryMapEntry.Kind.GIC_DISTRIBUTOR,
            MemoryMapEntry.Kind.GIC_REDISTRIBUTORS, MemoryMapEntry.Kind.RAM);
  }

  @Test
  void writtenGicMovesRenamesAndResizes() throws ConfigException {
    VmLayout l = plan("vdev gic loc 0x2f000000 redist 2f100000 spis 64 name intc version 3\n"
        + "vdev pl011 loc 0x1c090000 intr intc:40");
    assertThat(l.gic().name()).isEqualTo("intc");
    assertThat(l.gic().distributorIpa()).isEqualTo(0x2f00_0000L);
    assertThat(l.gic().redistributorIpa()).isEqualTo(0x2f10_0000L);
    assertThat(l.gic().lastSpi()).isEqualTo(95);
    assertThat(l.vdevs().getFirst().intid()).isEqualTo(40);
  }

  @Test
  void oneVcpuWhenNoCpuIsWrittenAndMpidrsFollowQemuVirt() throws ConfigException {
    assertThat(plan("ram 1M").vcpus()).hasSize(1);
    VmLayout l = plan("cpu ".repeat(17) + "cpu affinity 1.0.0.0");
    assertThat(l.vcpus().get(1).mpidr()).isEqualTo(1);
    assertThat(l.vcpus().get(16).mpidr()).as("vCPU 16 is Aff1=1, Aff0=0").isEqualTo(0x100);
    assertThat(l.vcpus().get(17).mpidr()).isEqualTo(1L << 32);
  }

  @Test
  void addresslessRamGoesAfterTheHighestRamOrRomSoFar() throws ConfigException {
    VmLayout l = plan("ram 0x40000000,1M ram 32m rom 0x50000000,64k ram 4k");
    assertThat(l.ramRegions())
        .extracting(MemoryMapEntry::name, MemoryMapEntry::ipa)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ram0", 0x4000_0000L),
            org.assertj.core.groups.Tuple.tuple("ram1", 0x4010_0000L),
            org.assertj.core.groups.Tuple.tuple("rom0", 0x5000_0000L),
            org.assertj.core.groups.Tuple.tuple("ram2", 0x5001_0000L));
  }

  @Test
  void addresslessRamSkipsReservedRegions() throws ConfigException {
    VmLayout l = plan("reserve loc 0x40000000,1M ram 4M");
    assertThat(l.ramRegions().getFirst().ipa()).isEqualTo(0x4010_0000L);
  }

  @Test
  void lowestFreeSpiNotReservedIsAssigned() throws ConfigException {
    VmLayout l = plan("reserve intr 32 reserve intr gic:34\n"
        + "vdev pl011 loc 0x9000000 intr gic:33\n"
        + "vdev pl011 loc 0x9001000\n"
        + "vdev wdt-sp805 loc 0x9002000 intr gic\n"
        + "pass loc 0x10000000,4k,rw intr gic:36");
    assertThat(l.vdevs()).extracting(VdevLayout::intid).containsExactly(33, 35, 37);
    assertThat(l.vdevs()).extracting(VdevLayout::intidAutomatic).containsExactly(false, true, true);
    assertThat(l.interruptMap()).containsEntry(35, "vdev pl011-1 (automatic)");
  }

  @Test
  void explicitLineMayUseAReservedIntid() throws ConfigException {
    assertThat(plan("reserve intr 40 vdev pl011 loc 0x9000000 intr gic:40").vdevs().getFirst()
        .intid()).isEqualTo(40);
  }

  @Test
  void vdevThatRaisesNoInterruptGetsNone() throws ConfigException {
    VmLayout l = plan("vdev cfi-flash loc 0 size 64M rw");
    assertThat(l.vdevs().getFirst().intid()).isEqualTo(-1);
    assertThat(l.vdevs().getFirst().options())
        .containsExactly(new SubOption("size", java.util.List.of("64M"),
            new Location(ConfigTesting.BOARD, 1, 22)),
            new SubOption("rw", java.util.List.of(), new Location(ConfigTesting.BOARD, 1, 31)));
  }

  @Test
  void vdevWithoutLocIsPlacedInTheDeviceAreaClearOfOthers() throws ConfigException {
    VmLayout l = plan("vdev pl011 loc 0x9000000 vdev pl011 reserve loc 0x9001000,4k");
    assertThat(l.vdevs().get(1).ipa()).isEqualTo(0x900_2000L);
    assertThat(l.vdevs().get(1).locAutomatic()).isTrue();
  }

  @Test
  void vdevSchedIsAcceptedAndReportedNotPassedToTheVdev() throws ConfigException {
    VmLayout l = plan("vdev vdev-pl011.so loc 0x9000000 hostdev >- sched 20");
    VdevLayout v = l.vdevs().getFirst();
    assertThat(v.options()).extracting(SubOption::name).containsExactly("hostdev");
    assertThat(v.hostHints()).extracting(SubOption::arg).containsExactly("20");
    assertThat(l.acceptedHints()).anyMatch(h -> h.contains("sched 20 accepted"));
  }

  @Test
  void memoryMapIsOrderedByAddressAndCarriesPassFlags() throws ConfigException {
    VmLayout l = plan("ram 0x40000000,1M pass loc 0xe6055400,0x050,rwn vdev pl011 loc 9000000");
    assertThat(l.memoryMap()).extracting(MemoryMapEntry::ipa)
        .containsExactly(0x0800_0000L, 0x080A_0000L, 0x0900_0000L, 0x4000_0000L, 0xe605_5400L);
    assertThat(l.memoryMap().getLast().flags()).isEqualTo("rwn");
    assertThat(l.memoryMap().getLast().size()).isEqualTo(0x50);
  }

  // --- one test per planning error kind ---

  @Test
  void overlappingRegionsNameBothWithLocations() {
    assertPlanError("ram 0x40000000,128M\nvdev pl011 loc 0x40001000",
        "board.qvmconf:2:1: vdev pl011-0 0x40001000..0x40001fff overlaps"
            + " ram0 0x40000000..0x47ffffff at board.qvmconf:1:1");
  }

  @Test
  void overlapWithTheImplicitGicSaysHowToMoveIt() {
    assertPlanError("pass loc 0x08000000,4k,rw",
        "board.qvmconf:1:10: pass0 0x8000000..0x8000fff overlaps gic distributor"
            + " 0x8000000..0x800ffff (the implicit GIC; vdev gic loc/redist moves it)");
  }

  @Test
  void regionOutsideThe40BitIpaSpace() {
    assertPlanError("cpu\nram 0xffffff0000,1M",
        "board.qvmconf:2:1: ram0 0xffffff0000..0x100000effff"
        + " is outside the 40-bit IPA space (below 0x10000000000)");
  }

  @Test
  void duplicateIntidNamesBothLines() {
    assertPlanError("vdev pl011 loc 0x9000000 intr gic:37\n"
        + "pass loc 0xe6055400,0x050,rwn intr gic:37",
        "board.qvmconf:2:36: INTID 37 is already used by vdev pl011-0 at board.qvmconf:1:31");
  }

  @Test
  void ppiIsNotADeviceInterrupt() {
    assertPlanError("vdev pl011 loc 0x9000000 intr gic:27",
        "board.qvmconf:1:31: INTID 27 is an SGI or PPI; device interrupts are SPIs (32..287)");
  }

  @Test
  void intidBeyondTheGicsSpis() {
    assertPlanError("vdev gic spis 32 vdev pl011 loc 0x9000000 intr gic:64",
        "board.qvmconf:1:48: INTID 64 is beyond the GIC's SPIs (32..63; vdev gic spis N raises"
            + " the count)");
  }

  @Test
  void intrNamingAnUndefinedPic() {
    assertPlanError("vdev pl011 loc 0x9000000 intr gci:40",
        "board.qvmconf:1:31: no PIC named 'gci'; did you mean 'gic'?");
  }

  @Test
  void renamedPicMustComeBeforeItsUse() {
    assertPlanError("vdev pl011 loc 0x9000000 intr other:40\nvdev gic name other",
        "board.qvmconf:1:31: PIC 'other' is named later, at board.qvmconf:2:1; a renamed PIC"
            + " must come before an intr that uses it");
  }

  @Test
  void unknownVdevTypeListsTheKnownOnes() {
    assertPlanError("vdev pl0011 loc 0x9000000",
        "board.qvmconf:1:1: unknown vdev type 'pl0011'; did you mean 'pl011'?"
            + " (known: cfi-flash, gic, pl011, wdt-sp805)");
  }

  @Test
  void unknownVdevSubOptionSuggestsFromTheProvidersOptions() {
    assertPlanError("vdev pl011 loc 0x9000000\n  hostdve >-",
        "board.qvmconf:2:3: unknown sub-option 'hostdve' for vdev pl011; did you mean 'hostdev'?");
    assertPlanError("vdev wdt-sp805 loc 0x9000000 action terminate frequncy 100",
        "board.qvmconf:1:47: unknown sub-option 'frequncy' for vdev wdt-sp805;"
            + " did you mean 'frequency'?");
  }

  @Test
  void gicVersion2IsRefused() {
    assertPlanError("vdev gic\n  version 2", "board.qvmconf:2:11: GICv2 not supported: qvm"
        + " emulates a GICv3 (write version 3 or leave it out)");
  }

  @Test
  void ramSizeMustBeWholePagesAndSizesAreDecimal() {
    assertPlanError("ram 0x40000000,1000", "board.qvmconf:1:1: ram size 1000 is not a multiple"
        + " of 4 KiB (sizes are decimal unless 0x; K, M, G multiply)");
  }

  @Test
  void duplicateVdevNames() {
    assertPlanError("vdev pl011 loc 0x9000000 name uart\nvdev pl011 loc 0x9001000 name uart",
        "board.qvmconf:2:1: a vdev named 'uart' already exists at board.qvmconf:1:1");
  }

  @Test
  void entryOutsideEveryRegion() {
    assertPlanError("ram 0x40000000,1M entry 0x10", "board.qvmconf:1:19: entry 0x10 is in no ram,"
        + " rom, pass or vdev region");
  }

  // --- loads ---

  @Test
  void missingLoadFileIsAnErrorAtTheLoad() throws ConfigException {
    QvmConfig c = parse("ram 0x40000000,1M\nload 0x40000000,nothere.bin");
    assertThatThrownBy(() -> plan(c, dir))
        .hasMessage("board.qvmconf:2:17: file not found: " + dir.resolve("nothere.bin"));
  }

  @Test
  void loadPathsResolveAgainstTheConfigDirectory() throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    Files.write(images.resolve("k.bin"), new byte[64]);
    Path conf = Files.createDirectories(dir.resolve("boards")).resolve("b.qvmconf");
    Files.writeString(conf, "ram 0x40000000,1M\nload 0x40080000,../images/k.bin\n");
    QvmConfig c = QvmConfigParser.parse(conf, java.util.List.of(), java.util.Map.of());
    VmLayout l = VmLayoutPlanner.plan(c, ConfigTesting.CATALOG,
        new ConfigPaths(conf.getParent(), Files.createDirectories(dir.resolve("elsewhere"))));
    assertThat(l.loads().getFirst().path()).isEqualTo(images.resolve("k.bin"));
  }

  @Test
  void pathFoundOnlyInTheWorkingDirectoryIsAcceptedAsQnxDoes() throws Exception {
    Path cwd = Files.createDirectories(dir.resolve("cwd"));
    Files.write(cwd.resolve("k.bin"), new byte[16]);
    QvmConfig c = parse("ram 0x40000000,1M load 0x40000000,k.bin");
    VmLayout l = VmLayoutPlanner.plan(c, ConfigTesting.CATALOG,
        new ConfigPaths(Files.createDirectories(dir.resolve("conf")), cwd));
    assertThat(l.loads().getFirst().path()).isEqualTo(cwd.resolve("k.bin"));
  }

  @Test
  void loadBeforeTheRamItUsesBreaksTheOrderRule() throws IOException {
    Files.write(dir.resolve("k.bin"), new byte[16]);
    assertThatThrownBy(() -> plan(parse("load 0x40000000,k.bin\nram 0x40000000,1M"), dir))
        .hasMessage("board.qvmconf:1:1: load into ram0 0x40000000..0x400fffff, which is written"
            + " later at board.qvmconf:2:1; ram and rom must come before a load that uses them");
  }

  @Test
  void rawImageThatDoesNotFit() throws IOException {
    Files.write(dir.resolve("big.bin"), new byte[8192]);
    assertThatThrownBy(() -> plan(parse("ram 0x40000000,4k\ndata load 0x40000000,big.bin"), dir))
        .hasMessage("board.qvmconf:2:1: big.bin (8192 bytes) does not fit in ram0"
            + " 0x40000000..0x40000fff from 0x40000000 (4096 bytes)");
  }

  @Test
  void loadAddressInNoRam() throws IOException {
    Files.write(dir.resolve("k.bin"), new byte[16]);
    assertThatThrownBy(() -> plan(parse("ram 0x40000000,4k load 0x50000000,k.bin"), dir))
        .hasMessage("board.qvmconf:1:19: load address 0x50000000 is in no ram or rom");
  }

  @Test
  void rawImageWithoutAddressIsAnErrorButElfIsPlacedByItsHeaders() throws IOException {
    Files.write(dir.resolve("raw.bin"), new byte[16]);
    Files.write(dir.resolve("k.elf"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
    assertThatThrownBy(() -> plan(parse("ram 0x40000000,4k load raw.bin"), dir))
        .hasMessage("board.qvmconf:1:19: raw.bin is neither ELF nor a Linux Image, so it needs an"
            + " address: load ADDR,raw.bin");
    assertThat(assertDoesNotThrow(() -> plan(parse("ram 0x40000000,4k load k.elf"), dir)).loads())
        .extracting(LoadLayout::ipa).containsExactly(java.util.OptionalLong.empty());
  }

  @Test
  void fdtDumpFileFromTheCommandLineResolvesAgainstTheWorkingDirectory() throws Exception {
    QvmConfig c = QvmConfigParser.parse(ConfigTesting.BOARD, "ram 1M",
        java.util.List.of("set", "fdt-dump-file", "out.dtb"), java.util.Map.of());
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Path cwd = Files.createDirectories(dir.resolve("cwd"));
    VmLayout l = VmLayoutPlanner.plan(c, ConfigTesting.CATALOG, new ConfigPaths(conf, cwd));
    assertThat(l.fdtDumpPath()).isEqualTo(Optional.of(cwd.resolve("out.dtb")));
  }

  private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> s) {
    return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s);
  }
}
