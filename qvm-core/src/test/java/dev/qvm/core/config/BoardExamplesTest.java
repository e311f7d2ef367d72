package dev.qvm.core.config;

import static dev.qvm.core.config.ConfigTesting.parse;
import static dev.qvm.core.config.ConfigTesting.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The boards of QVMCONF.md "Boards" and the real-world shapes it names, read end to end. */
class BoardExamplesTest {

  private static final byte[] ELF_HEADER_START = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};

  @TempDir Path dir;

  @Test
  void seedVdevLine() throws ConfigException {
    VmLayout l = plan("vdev pl011 loc 0x1c090000 intr gic:37");
    VdevLayout v = l.vdevs().getFirst();
    assertThat(v.ipa()).isEqualTo(0x1c09_0000L);
    assertThat(v.intid()).isEqualTo(37);
    assertThat(v.intidAutomatic()).isFalse();
  }

  @Test
  void seedPassLine() throws ConfigException {
    VmLayout l = plan("pass loc 0xe6055400,0x050,rwn intr gic:42   # GPIO6");
    PassLoc w = l.passes().getFirst().windows().getFirst();
    assertThat(w.ipa()).isEqualTo(0xe605_5400L);
    assertThat(w.length()).as("0x050 is hex because of its prefix").isEqualTo(0x50);
    assertThat(w.readable() && w.writable() && w.nonCacheable()).isTrue();
    assertThat(w.executable()).isFalse();
    assertThat(l.interruptMap()).containsKey(42);
  }

  @Test
  void qemuVirtBoardFromTheSpec() throws Exception {
    Files.createDirectories(dir.resolve("guest-images/hello"));
    Files.write(dir.resolve("guest-images/hello/hello.elf"), ELF_HEADER_START);
    Path conf = Files.createDirectories(dir.resolve("boards")).resolve("hello.qvmconf");
    Files.writeString(conf, """
        system hello
        ram 0x40000000,128M
        cpu
        semihosting
        load 0x40080000,../guest-images/hello/hello.elf
        vdev gic
            loc 0x08000000
        vdev pl011
            loc 0x09000000
            intr gic:33
            hostdev -
        """);
    VmLayout l = VmLayoutPlanner.plan(QvmConfigParser.parse(conf, List.of(), Map.of()),
        ConfigTesting.CATALOG);
    assertThat(l.name()).isEqualTo("hello");
    assertThat(l.config().semihosting()).isTrue();
    assertThat(l.gic().implicit()).isFalse();
    assertThat(l.vdevs().getFirst().options())
        .containsExactly(new SubOption("hostdev", List.of("-"), new Location(conf, 11, 5)));
    assertThat(l.loads().getFirst().path()).isEqualTo(dir.resolve("guest-images/hello/hello.elf"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hello", "fail"})
  void repositoryExamplesParseAndPlanWithTheirImagesInPlace(String name) throws Exception {
    Path repo = Path.of(System.getProperty("qvm.repo.root", "../"));
    String text = Files.readString(repo.resolve("qvmconf-examples/" + name + ".qvmconf"));
    // The real images are built elsewhere; a stand-in ELF header is enough for planning.
    Files.createDirectories(dir.resolve("guest-images/" + name));
    Files.write(dir.resolve("guest-images/" + name + "/" + name + ".elf"), ELF_HEADER_START);
    Path conf = Files.createDirectories(dir.resolve("qvmconf-examples")).resolve(name + ".qvmconf");
    Files.writeString(conf, text);
    VmLayout l = VmLayoutPlanner.plan(QvmConfigParser.parse(conf, List.of(), Map.of()),
        ConfigTesting.CATALOG);
    assertThat(l.name()).isEqualTo(name);
    assertThat(l.ramRegions().getFirst().ipa()).isEqualTo(0x4000_0000L);
    assertThat(l.ramRegions().getFirst().size()).isEqualTo(128L << 20);
    assertThat(l.vcpus()).hasSize(1);
    assertThat(l.config().semihosting()).isTrue();
    assertThat(l.vdevs().getFirst().intid()).isEqualTo(33);
    assertThat(l.vdevs().getFirst().options().getFirst().args()).containsExactly(">-");
  }

  @Test
  void zephyrLikeQnxhvBoardIsRefusedForItsGicv2() {
    // The shape of Zephyr's qnxhv_vm board: FVP addresses and a GICv2.
    String zephyr = """
        system zephyr
        ram 0x80000000,64M
        cpu
        vdev gic
            loc 0x2f000000
            version 2
        vdev pl011
            loc 0x1c090000
            intr gic:37
        load 0x80000000,zephyr.bin
        """;
    assertThatThrownBy(() -> plan(zephyr))
        .isInstanceOf(ConfigException.class)
        .hasMessage("board.qvmconf:6:13: GICv2 not supported: qvm emulates a GICv3"
            + " (write version 3 or leave it out)");
  }

  @Test
  void linuxTemplateWithInitrdAndMultiLineCmdline() throws Exception {
    Path linux = dir.resolve("Image");
    byte[] image = new byte[64];
    image[56] = 'A';
    image[57] = 'R';
    image[58] = 'M';
    image[59] = 0x64; // the arm64 Image header magic: placed by the boot protocol
    Files.write(linux, image);
    Files.write(dir.resolve("initrd.cpio"), new byte[1000]);
    String text = """
        system linux
        ram 0x40000000,512M
        cpu sched 10 cpu sched 10
        load $env{IMAGES}/Image
        initrd load 0x48000000,$env{IMAGES}/initrd.cpio
        cmdline "console=ttyAMA0 \\
        earlycon=pl011,0x9000000
          rdinit=/sbin/init"
        vdev pl011 loc 0x09000000 intr gic:33 hostdev -
        """;
    QvmConfig c = QvmConfigParser.parse(dir.resolve("linux.qvmconf"), text, List.of(),
        Map.of("IMAGES", dir.toString()));
    assertThat(c.cmdline())
        .as("backslash-newline vanishes, a plain newline becomes a space")
        .contains("console=ttyAMA0 earlycon=pl011,0x9000000   rdinit=/sbin/init");
    VmLayout l = ConfigTesting.plan(c, dir);
    assertThat(l.vcpus()).hasSize(2);
    assertThat(l.loads()).extracting(LoadLayout::type)
        .containsExactly(LoadConfig.Type.IMAGE, LoadConfig.Type.INITRD);
    assertThat(l.acceptedHints()).hasSize(2);
  }

  @Test
  void qnxStyleVdevSoWithSchedHint() throws ConfigException {
    VmLayout l = plan("""
        vdev vdev-pl011.so
            loc 0x1c090000
            intr gic:37
            hostdev >-
            sched 20
        vdev vdev-wdt-sp805.so loc 0x1c0f0000 sched 20 action dump,terminate
        """);
    assertThat(l.vdevs()).extracting(VdevLayout::type).containsExactly("pl011", "wdt-sp805");
    assertThat(l.vdevs().get(1).intid()).as("lowest free SPI").isEqualTo(32);
    assertThat(l.vdevs().get(1).options()).extracting(SubOption::name).containsExactly("action");
    assertThat(l.vdevs()).allMatch(v -> v.hostHints().size() == 1);
  }

  @Test
  void commandLineWordsOverrideTheFile() throws ConfigException {
    QvmConfig c = QvmConfigParser.parse(ConfigTesting.BOARD, "ram 0x40000000,1M set icount off",
        List.of("set", "icount", "on", "dryrun"), Map.of());
    assertThat(c.variables().icount()).isTrue();
    assertThat(c.dryrun()).isTrue();
  }

  @Test
  void noGicWrittenStillGivesTheSeedBoardAGic() throws ConfigException {
    assertThat(parse("vdev pl011 loc 0x1c090000 intr gic:37").vdevs()).hasSize(1);
    assertThat(plan("vdev pl011 loc 0x1c090000 intr gic:37").gic().name()).isEqualTo("gic");
  }
}
