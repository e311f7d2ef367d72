package dev.qvm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qvm.core.irq.InterruptStatistics;
import dev.qvm.core.vm.VirtualCpu;
import dev.qvm.core.vm.Vm;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What {@code qvm run --stats} prints when the VM stops, and {@code --stats-json FILE} writes:
 * wall time, per-vCPU instructions retired and guest MIPS, and per-INTID interrupt counters with
 * the time from assertion to the guest's acknowledge (ARCHITECTURE.md sections 4 and 5).
 */
final class RunStatistics {

  private RunStatistics() {}

  static void print(Vm vm, PrintStream err) {
    double seconds = vm.elapsed().toNanos() / 1e9;
    err.printf("qvm: statistics for VM %s: %.3f s wall time%n", vm.layout().name(), seconds);
    for (VirtualCpu c : vm.vcpus()) {
      long n = c.instructionsRetired();
      err.printf("qvm: vcpu%d  %,d instructions  %.1f MIPS%n", c.index(), n, n / seconds / 1e6);
    }
    InterruptStatistics irq = vm.interruptStatistics();
    if (irq != null && !irq.snapshots().isEmpty()) {
      err.println("qvm: interrupts (latency = assertion to acknowledge):");
      for (String line : irq.format().split("\\R")) {
        err.println("qvm: " + line);
      }
    }
  }

  static void writeJson(Vm vm, String stopReason, int exitCode, Path file) throws IOException {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = m.createObjectNode();
    double seconds = vm.elapsed().toNanos() / 1e9;
    root.put("vm", vm.layout().name());
    root.put("wallSeconds", seconds);
    root.put("exitCode", exitCode);
    root.put("stopReason", stopReason);
    ArrayNode cpus = root.putArray("vcpus");
    for (VirtualCpu c : vm.vcpus()) {
      ObjectNode n = cpus.addObject();
      n.put("index", c.index());
      n.put("instructions", c.instructionsRetired());
      n.put("mips", c.instructionsRetired() / seconds / 1e6);
      double cpuSeconds = vm.cpuTime(c.index()).toNanos() / 1e9;
      n.put("cpuSeconds", cpuSeconds);
      n.put("mipsPerCpuSecond", cpuSeconds > 0 ? c.instructionsRetired() / cpuSeconds / 1e6 : 0);
    }
    ArrayNode intr = root.putArray("interrupts");
    InterruptStatistics irq = vm.interruptStatistics();
    if (irq != null) {
      for (InterruptStatistics.Snapshot s : irq.snapshots().values()) {
        ObjectNode n = intr.addObject();
        n.put("intid", s.intid());
        n.put("raised", s.raised());
        n.put("forwarded", s.forwarded());
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
}
