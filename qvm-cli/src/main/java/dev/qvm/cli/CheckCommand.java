package dev.qvm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.GicLayout;
import dev.qvm.core.config.MemoryMapEntry;
import dev.qvm.core.config.VcpuLayout;
import dev.qvm.core.config.VdevLayout;
import dev.qvm.core.config.VmLayout;
import dev.qvm.core.memory.Stage2Tables;
import dev.qvm.core.memory.Walk;
import dev.qvm.core.vm.ExitCodes;
import dev.qvm.core.vm.Vm;
import dev.qvm.core.vm.VmAssembler;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code qvm check FILE.qvmconf}: parse and assemble the VM without running it, and print what
 * was built: the memory map, the stage-2 tables, the vCPUs, the vdevs and the interrupt
 * assignments. {@code --walk IPA} prints a stage-2 walk level by level (a teaching aid).
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Parse and assemble the VM without running it; print its layout.")
final class CheckCommand implements Callable<Integer> {

  @ParentCommand QvmCommand parent;

  @Parameters(index = "0", paramLabel = "FILE.qvmconf")
  Path file;

  @Parameters(index = "1..*", paramLabel = "WORDS", description = "More option words, as for 'qvm run'.")
  List<String> words = new ArrayList<>();

  @Option(names = "--json", description = "Print the VM as JSON.")
  boolean json;

  @Option(names = "--walk", paramLabel = "IPA", description = "Print the stage-2 walk of this IPA (hex; repeatable).")
  List<String> walks = new ArrayList<>();

  @Option(names = {"-v", "--verbose"})
  boolean[] verbose = new boolean[0];

  @Override
  public Integer call() throws Exception {
    Logging.setVerbosity(verbose.length);
    VmLayout layout;
    Vm vm;
    try {
      layout = Board.plan(file, words);
      OutputStream sink = OutputStream.nullOutputStream();
      vm = Board.assemble(layout, new VmAssembler.Options(sink, new ByteArrayInputStream(new byte[0]), false));
    } catch (ConfigException e) {
      parent.err.println(e.getMessage());
      return ExitCodes.CONFIG_ERROR;
    }
    try {
      return report(layout, vm);
    } finally {
      vm.close(); // a board's backends (irq FIFOs, sockets) must not outlive the check
    }
  }

  private int report(VmLayout layout, Vm vm) throws Exception {
    List<Long> ipas = new ArrayList<>();
    for (String w : walks) {
      try {
        ipas.add(Long.parseUnsignedLong(w.startsWith("0x") || w.startsWith("0X") ? w.substring(2) : w, 16));
      } catch (NumberFormatException e) {
        parent.err.println("qvm: --walk: not a hex IPA: '" + w + "'");
        return 2;
      }
    }
    if (json) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      parent.out.println(mapper.writeValueAsString(toJson(mapper, layout, vm, ipas)));
    } else {
      printText(layout, vm, ipas);
    }
    return 0;
  }

  private static String hex(long v) {
    return String.format("0x%x", v);
  }

  private void printText(VmLayout layout, Vm vm, List<Long> ipas) {
    var out = parent.out;
    out.printf("VM %s (%s)%n", layout.name(), layout.config().file());
    out.println("Memory map (guest IPA space):");
    for (MemoryMapEntry e : layout.memoryMap()) {
      out.printf("  %#012x-%#012x  %-18s %-12s %s%n", e.ipa(), e.end() - 1, e.kind().word(), e.name(), e.flags());
    }
    out.printf("Stage 2: 4 KiB granule, %d-bit IPA, walk starts at level %d with %d concatenated tables;%n", Stage2Tables.IPA_BITS, Stage2Tables.START_LEVEL, Stage2Tables.CONCATENATED_ROOT_TABLES);
    out.printf("  VTCR_EL2=%s VTTBR_EL2=%s, %d bytes of tables; vdev windows are trap mappings (exits)%n", hex(Stage2Tables.VTCR_EL2), hex(Stage2Tables.VTTBR_EL2), vm.memory().stage2().tableBytes());
    for (var romd : vm.memory().romdWindows()) {
      // A ROM device (cfi-flash) is the exception: memory for reads and fetches in ROMD mode.
      out.printf("  %s: mapped r-x while in read-array (ROMD) mode, writes trap; other modes trap%n", romd.window().name());
    }
    out.println("vCPUs:");
    for (VcpuLayout c : layout.vcpus()) {
      out.printf("  vcpu%d  MPIDR_EL1 affinity %s%s%n", c.index(), hex(c.mpidr()), c.index() == 0 ? String.format("  starts at %s", hex(vm.entry())) : "  (off until PSCI CPU_ON)");
    }
    GicLayout gic = layout.gic();
    out.printf("Interrupt controller: %s GICv3, distributor %s, redistributors %s, %d SPIs (INTID 32-%d)%n", gic.name(), hex(gic.distributorIpa()), hex(gic.redistributorIpa()), gic.spis(), gic.lastSpi());
    out.println("vdevs:");
    for (VdevLayout v : layout.vdevs()) {
      out.printf("  %-12s %-8s at %s (%d bytes)  intr %s%n", v.name(), v.type(), hex(v.ipa()), v.size(), v.intid() < 0 ? "none" : "gic:" + v.intid() + (v.intidAutomatic() ? " (automatic)" : ""));
    }
    out.println("Interrupts:");
    if (layout.interruptMap().isEmpty()) {
      out.println("  none");
    }
    for (Map.Entry<Integer, String> e : layout.interruptMap().entrySet()) {
      out.printf("  INTID %d  %s%n", e.getKey(), e.getValue());
    }
    for (String hint : layout.acceptedHints()) {
      out.println("Note: " + hint);
    }
    for (long ipa : ipas) {
      Walk w = vm.memory().walk(ipa);
      out.println();
      out.println(w.describe());
    }
  }

  private static ObjectNode toJson(ObjectMapper m, VmLayout layout, Vm vm, List<Long> ipas) {
    ObjectNode root = m.createObjectNode();
    root.put("name", layout.name());
    root.put("config", layout.config().file().toString());
    root.put("entry", hex(vm.entry()));
    ArrayNode map = root.putArray("memoryMap");
    for (MemoryMapEntry e : layout.memoryMap()) {
      ObjectNode n = map.addObject();
      n.put("kind", e.kind().word());
      n.put("name", e.name());
      n.put("ipa", hex(e.ipa()));
      n.put("size", e.size());
      n.put("flags", e.flags());
      if (e.location() != null) {
        n.put("location", e.location().toString());
      }
    }
    ObjectNode s2 = root.putObject("stage2");
    s2.put("granule", 4096);
    s2.put("ipaBits", Stage2Tables.IPA_BITS);
    s2.put("startLevel", Stage2Tables.START_LEVEL);
    s2.put("vtcrEl2", hex(Stage2Tables.VTCR_EL2));
    s2.put("vttbrEl2", hex(Stage2Tables.VTTBR_EL2));
    s2.put("tableBytes", vm.memory().stage2().tableBytes());
    ArrayNode cpus = root.putArray("vcpus");
    for (VcpuLayout c : layout.vcpus()) {
      ObjectNode n = cpus.addObject();
      n.put("index", c.index());
      n.put("mpidr", hex(c.mpidr()));
    }
    GicLayout gic = layout.gic();
    ObjectNode g = root.putObject("gic");
    g.put("name", gic.name());
    g.put("version", 3);
    g.put("distributor", hex(gic.distributorIpa()));
    g.put("redistributors", hex(gic.redistributorIpa()));
    g.put("spis", gic.spis());
    ArrayNode vdevs = root.putArray("vdevs");
    for (VdevLayout v : layout.vdevs()) {
      ObjectNode n = vdevs.addObject();
      n.put("name", v.name());
      n.put("type", v.type());
      n.put("loc", hex(v.ipa()));
      n.put("size", v.size());
      if (v.intid() >= 0) {
        n.put("intid", v.intid());
        n.put("intidAutomatic", v.intidAutomatic());
      }
    }
    ObjectNode intr = root.putObject("interrupts");
    layout.interruptMap().forEach((k, v) -> intr.put(String.valueOf(k), v));
    ObjectNode vars = root.putObject("variables");
    layout.variableMap().forEach(vars::put);
    if (!ipas.isEmpty()) {
      ArrayNode ws = root.putArray("walks");
      for (long ipa : ipas) {
        ws.addObject().put("ipa", hex(ipa)).put("text", vm.memory().walk(ipa).describe());
      }
    }
    return root;
  }
}
