package dev.qvm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qvm.core.irq.InterruptStatistics;
import dev.qvm.core.memory.MmioDevice;
import dev.qvm.core.memory.MmioWindow;
import dev.qvm.core.stats.VcpuCounters;
import dev.qvm.core.vm.Psci;
import dev.qvm.core.vm.VirtualCpu;
import dev.qvm.core.vm.Vm;
import dev.qvm.cpu.exception.Esr;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What {@code qvm run --stats} prints when the VM stops, and {@code --stats-json FILE} writes:
 * wall time, per-vCPU instructions retired and guest MIPS, exits by reason, guest exceptions by
 * class, the MMU's counters (TLB hits and misses) and decoded-code-page lookups, per
 * vCPU and for the whole VM, and per-INTID interrupt counters with the time from assertion to the
 * guest's acknowledge (ARCHITECTURE.md sections 4 and 5).
 */
final class RunStatistics {

  private RunStatistics() {}

  /** One counter row: its label and how to read it from a vCPU's counters. */
  private record Row(String label, ToLongFunction<VcpuCounters> value, boolean always) {}

  static void print(Vm vm, PrintStream err) {
    double seconds = vm.elapsed().toNanos() / 1e9;
    err.printf("qvm: statistics for VM %s: %.3f s wall time%n", vm.layout().name(), seconds);
    List<VirtualCpu> cpus = vm.vcpus();
    for (VirtualCpu c : cpus) {
      long n = c.instructionsRetired();
      err.printf("qvm: vcpu%d  %,d instructions  %.1f MIPS%n", c.index(), n, n / seconds / 1e6);
    }
    printTable(err, "exits (control left guest code for qvm)", cpus, exitRows(vm, cpus));
    printTable(err, "guest exceptions taken (to EL1)", cpus, exceptionRows(cpus));
    printTable(err, "memory (data accesses; the soft TLB)", cpus, memoryRows());
    InterruptStatistics irq = vm.interruptStatistics();
    if (irq != null && !irq.snapshots().isEmpty()) {
      err.println("qvm: interrupts (latency = assertion to acknowledge):");
      for (String line : irq.format().split("\\R")) {
        err.println("qvm: " + line);
      }
    }
  }

  /** Rows whose counters are all zero are left out, except those marked {@code always}. */
  private static void printTable(PrintStream err, String title, List<VirtualCpu> cpus, List<Row> rows) {
    boolean total = cpus.size() > 1;
    StringBuilder head = new StringBuilder(String.format("qvm: %-48s", title + ":"));
    for (VirtualCpu c : cpus) {
      head.append(String.format(" %12s", "vcpu" + c.index()));
    }
    if (total) {
      head.append(String.format(" %12s", "VM"));
    }
    err.println(head.toString().stripTrailing());
    for (Row row : rows) {
      long sum = 0;
      StringBuilder line = new StringBuilder(String.format("qvm:   %-46s", row.label()));
      for (VirtualCpu c : cpus) {
        long v = row.value().applyAsLong(c.counters());
        sum += v;
        line.append(String.format(" %,12d", v));
      }
      if (sum == 0 && !row.always()) {
        continue;
      }
      if (total) {
        line.append(String.format(" %,12d", sum));
      }
      err.println(line);
    }
  }

  private static List<Row> exitRows(Vm vm, List<VirtualCpu> cpus) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, MmioDevice> d : mmioDevices(vm, cpus).entrySet()) {
      MmioDevice device = d.getValue();
      rows.add(new Row("mmio read  " + d.getKey(), c -> mmio(c, device, 0), false));
      rows.add(new Row("mmio write " + d.getKey(), c -> mmio(c, device, 1), false));
    }
    rows.add(new Row("hvc", c -> c.hvcCalls, false));
    rows.add(new Row("smc", c -> c.smcCalls, false));
    for (int f = 0; f < 32; f++) {
      int function = f;
      rows.add(new Row("  psci " + Psci.functionName(f), c -> c.psciCalls[function], false));
    }
    rows.add(new Row("  other SMCCC calls", c -> c.otherSmcccCalls, false));
    rows.add(new Row("semihosting", c -> c.semihostingCalls, false));
    rows.add(new Row("wfi", c -> c.wfi, false));
    rows.add(new Row("wfe (waited)", c -> c.wfe, false));
    rows.add(new Row("total exits", VcpuCounters::exits, true));
    return rows;
  }

  private static List<Row> exceptionRows(List<VirtualCpu> cpus) {
    List<Row> rows = new ArrayList<>();
    for (int ec = 0; ec < 64; ec++) {
      int cls = ec;
      rows.add(new Row("sync: " + Esr.shortClassName(ec), c -> c.synchronousExceptions[cls], false));
    }
    rows.add(new Row("irq", c -> c.irqsTaken, false));
    rows.add(new Row("fiq", c -> c.fiqsTaken, false));
    rows.add(new Row("total taken", c -> c.synchronousTotal() + c.irqsTaken + c.fiqsTaken, true));
    rows.add(new Row("exception returns (eret)", c -> c.exceptionReturns, true));
    return rows;
  }

  private static List<Row> memoryRows() {
    return List.of(
        new Row("TLB read hits", c -> c.tlbReadHits, true),
        new Row("TLB write hits", c -> c.tlbWriteHits, true),
        new Row("TLB read misses (RAM)", c -> c.tlbReadMisses, true),
        new Row("TLB write misses (RAM)", c -> c.tlbWriteMisses, true),
        new Row("TLB fills", c -> c.tlbFills, true),
        new Row("stage-1 table walks", c -> c.stage1Walks, true),
        new Row("TLB flushes", c -> c.tlbFlushes, true),
        new Row("TLB page invalidations", c -> c.tlbPageInvalidations, true),
        new Row("code-page lookups hit", c -> c.codePageHits, true),
        new Row("code-page lookups missed", c -> c.codePageMisses, true),
        new Row("blocks compiled", c -> c.blocksCompiled, true));
  }

  private static long mmio(VcpuCounters c, MmioDevice device, int rw) {
    long[] counts = c.mmioByDevice().get(device);
    return counts == null ? 0 : counts[rw];
  }

  /**
   * The devices any vCPU touched, named by their window in the VM's memory map ("pl011-0", "gic
   * distributor"), in address order; a device with several windows gets the first one's name.
   */
  private static Map<String, MmioDevice> mmioDevices(Vm vm, List<VirtualCpu> cpus) {
    Map<MmioDevice, String> names = new IdentityHashMap<>();
    for (MmioWindow w : vm.memory().mmioBus().windows()) {
      names.putIfAbsent(w.device(), w.name());
    }
    Map<String, MmioDevice> used = new LinkedHashMap<>();
    for (Map.Entry<MmioDevice, String> n : names.entrySet()) {
      for (VirtualCpu c : cpus) {
        if (c.counters().mmioByDevice().containsKey(n.getKey())) {
          used.put(n.getValue(), n.getKey());
        }
      }
    }
    // IdentityHashMap has no order: sort by the windows' order in the memory map.
    Map<String, MmioDevice> ordered = new LinkedHashMap<>();
    for (MmioWindow w : vm.memory().mmioBus().windows()) {
      if (used.containsKey(w.name())) {
        ordered.put(w.name(), used.get(w.name()));
      }
    }
    return ordered;
  }

  static void writeJson(Vm vm, String stopReason, int exitCode, Path file) throws IOException {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = m.createObjectNode();
    double seconds = vm.elapsed().toNanos() / 1e9;
    root.put("vm", vm.layout().name());
    root.put("wallSeconds", seconds);
    root.put("exitCode", exitCode);
    root.put("stopReason", stopReason);
    List<VirtualCpu> vcpus = vm.vcpus();
    Map<String, MmioDevice> devices = mmioDevices(vm, vcpus);
    ArrayNode cpus = root.putArray("vcpus");
    long instructions = 0;
    for (VirtualCpu c : vcpus) {
      ObjectNode n = cpus.addObject();
      n.put("index", c.index());
      n.put("instructions", c.instructionsRetired());
      n.put("mips", c.instructionsRetired() / seconds / 1e6);
      double cpuSeconds = vm.cpuTime(c.index()).toNanos() / 1e9;
      n.put("cpuSeconds", cpuSeconds);
      n.put("mipsPerCpuSecond", cpuSeconds > 0 ? c.instructionsRetired() / cpuSeconds / 1e6 : 0);
      instructions += c.instructionsRetired();
      counters(n, devices, List.of(c.counters()));
    }
    ObjectNode total = root.putObject("total");
    total.put("instructions", instructions);
    total.put("mips", instructions / seconds / 1e6);
    counters(total, devices, vcpus.stream().map(VirtualCpu::counters).toList());
    ArrayNode intr = root.putArray("interrupts");
    InterruptStatistics irq = vm.interruptStatistics();
    if (irq != null) {
      for (InterruptStatistics.Snapshot s : irq.snapshots().values()) {
        ObjectNode n = intr.addObject();
        n.put("intid", s.intid());
        n.put("raised", s.raised());
        n.put("forwarded", s.forwarded());
        n.put("replayed", s.replayed());
        n.put("acknowledged", s.acknowledged());
        n.put("deactivated", s.deactivated());
        n.put("heldWhileMasked", s.heldWhileMasked());
        n.put("latencyMedianNanos", s.latencyMedianNanos());
        n.put("latencyP99Nanos", s.latencyP99Nanos());
        n.put("latencyMaxNanos", s.latencyMaxNanos());
      }
    }
    m.writeValue(file.toFile(), root);
  }

  /** Adds "exits", "exceptions" and "memory" objects: the sums of {@code counters}. */
  private static void counters(ObjectNode n, Map<String, MmioDevice> devices, List<VcpuCounters> counters) {
    ObjectNode exits = n.putObject("exits");
    exits.put("total", sum(counters, VcpuCounters::exits));
    ObjectNode mmio = exits.putObject("mmio");
    for (Map.Entry<String, MmioDevice> d : devices.entrySet()) {
      long reads = sum(counters, c -> mmio(c, d.getValue(), 0));
      long writes = sum(counters, c -> mmio(c, d.getValue(), 1));
      if (reads + writes > 0) {
        ObjectNode dev = mmio.putObject(d.getKey());
        dev.put("reads", reads);
        dev.put("writes", writes);
      }
    }
    exits.put("hvc", sum(counters, c -> c.hvcCalls));
    exits.put("smc", sum(counters, c -> c.smcCalls));
    ObjectNode psci = exits.putObject("psci");
    for (int f = 0; f < 32; f++) {
      int function = f;
      long calls = sum(counters, c -> c.psciCalls[function]);
      if (calls > 0) {
        psci.put(Psci.functionName(f), calls);
      }
    }
    exits.put("otherSmccc", sum(counters, c -> c.otherSmcccCalls));
    exits.put("semihosting", sum(counters, c -> c.semihostingCalls));
    exits.put("wfi", sum(counters, c -> c.wfi));
    exits.put("wfe", sum(counters, c -> c.wfe));
    exits.put("wfeNoWait", sum(counters, c -> c.wfeNoWait));

    ObjectNode exceptions = n.putObject("exceptions");
    ObjectNode sync = exceptions.putObject("synchronous");
    for (int ec = 0; ec < 64; ec++) {
      int cls = ec;
      long taken = sum(counters, c -> c.synchronousExceptions[cls]);
      if (taken > 0) {
        sync.put(Esr.shortClassName(ec), taken);
      }
    }
    exceptions.put("irq", sum(counters, c -> c.irqsTaken));
    exceptions.put("fiq", sum(counters, c -> c.fiqsTaken));
    exceptions.put("eret", sum(counters, c -> c.exceptionReturns));

    ObjectNode memory = n.putObject("memory");
    memory.put("tlbReadHits", sum(counters, c -> c.tlbReadHits));
    memory.put("tlbWriteHits", sum(counters, c -> c.tlbWriteHits));
    memory.put("tlbReadMisses", sum(counters, c -> c.tlbReadMisses));
    memory.put("tlbWriteMisses", sum(counters, c -> c.tlbWriteMisses));
    memory.put("tlbFills", sum(counters, c -> c.tlbFills));
    memory.put("stage1Walks", sum(counters, c -> c.stage1Walks));
    memory.put("tlbFlushes", sum(counters, c -> c.tlbFlushes));
    memory.put("tlbPageInvalidations", sum(counters, c -> c.tlbPageInvalidations));
    memory.put("codePageHits", sum(counters, c -> c.codePageHits));
    memory.put("codePageMisses", sum(counters, c -> c.codePageMisses));
    memory.put("blocksCompiled", sum(counters, c -> c.blocksCompiled));
  }

  private static long sum(List<VcpuCounters> counters, ToLongFunction<VcpuCounters> f) {
    long n = 0;
    for (VcpuCounters c : counters) {
      n += f.applyAsLong(c);
    }
    return n;
  }
}
