package dev.qvm.core.vm;

import dev.qvm.core.boot.FdtBuilder;
import dev.qvm.core.config.GicLayout;
import dev.qvm.core.config.MemoryMapEntry;
import dev.qvm.core.config.PsciConduit;
import dev.qvm.core.config.VcpuLayout;
import dev.qvm.core.config.VdevLayout;
import dev.qvm.core.config.VmLayout;
import dev.qvm.core.vdev.DeviceTreeNode;
import dev.qvm.core.vdev.Vdev;
import java.util.List;

/**
 * Builds the device tree a guest boots with from the assembled VM, in the shape QEMU's virt
 * board gives (so guests built for it find the same nodes): /memory per RAM region, /cpus with
 * PSCI as enable method and MPIDR affinities as reg, /psci with the configured conduit, the
 * GICv3 node, the architected timer with its four PPIs, a fixed APB clock, one node per vdev
 * that describes itself ({@link DeviceTreeNode}), and /chosen (bootargs, stdout-path, initrd).
 * Linux's bindings: Documentation/devicetree/bindings (arm/cpus, psci, interrupt-controller/
 * arm,gic-v3, timer/arm,arch_timer, serial/arm,pl011).
 */
public final class BoardDeviceTree {

  /** PSCI 0.1 function ids, still read by old kernels from /psci. */
  private static final int PSCI_CPU_SUSPEND = 0xc400_0001;

  private static final int PSCI_CPU_OFF = 0x8400_0002;
  private static final int PSCI_CPU_ON = 0xc400_0003;
  private static final int PSCI_MIGRATE = 0xc400_0005;

  /** The initial ramdisk's IPA range, or null. */
  public record Initrd(long start, long end) {}

  private BoardDeviceTree() {}

  /** The DTB for {@code layout} with these vdev instances (same order as layout.vdevs()). */
  public static byte[] build(VmLayout layout, List<Vdev> vdevs, Initrd initrd) {
    FdtBuilder fdt = new FdtBuilder();
    int gicPhandle = fdt.allocatePhandle();
    int clockPhandle = fdt.allocatePhandle();
    fdt.beginNode("");
    fdt.cells("interrupt-parent", gicPhandle);
    fdt.cells("#address-cells", 2);
    fdt.cells("#size-cells", 2);
    fdt.strings("compatible", "linux,dummy-virt");
    fdt.property("model", "qvm " + layout.name());

    for (MemoryMapEntry e : layout.memoryMap()) {
      if (e.kind() == MemoryMapEntry.Kind.RAM) {
        fdt.beginNode(String.format("memory@%x", e.ipa()));
        fdt.property("device_type", "memory");
        fdt.longs("reg", e.ipa(), e.size());
        fdt.endNode();
      }
    }

    boolean smc = layout.config().psci() == PsciConduit.SMC;
    fdt.beginNode("psci");
    fdt.strings("compatible", "arm,psci-1.0", "arm,psci-0.2", "arm,psci");
    fdt.property("method", smc ? "smc" : "hvc");
    fdt.cells("cpu_suspend", PSCI_CPU_SUSPEND);
    fdt.cells("cpu_off", PSCI_CPU_OFF);
    fdt.cells("cpu_on", PSCI_CPU_ON);
    fdt.cells("migrate", PSCI_MIGRATE);
    fdt.endNode();

    cpus(fdt, layout.vcpus());
    gic(fdt, layout.gic(), gicPhandle);
    timer(fdt);

    fdt.beginNode("apb-pclk");
    fdt.strings("compatible", "fixed-clock");
    fdt.cells("#clock-cells", 0);
    fdt.cells("clock-frequency", 24_000_000);
    fdt.property("clock-output-names", "clk24mhz");
    fdt.cells("phandle", clockPhandle);
    fdt.endNode();

    String stdoutPath = null;
    List<VdevLayout> placed = layout.vdevs();
    for (int i = 0; i < vdevs.size() && i < placed.size(); i++) {
      if (vdevs.get(i) instanceof DeviceTreeNode node) {
        VdevLayout v = placed.get(i);
        String path = node.writeDeviceTree(fdt, new DeviceTreeNode.Placement(v.ipa(), v.size(), v.intid(), clockPhandle));
        if (stdoutPath == null && node.isConsole()) {
          stdoutPath = path;
        }
      }
    }

    fdt.beginNode("chosen");
    layout.config().cmdline().ifPresent(c -> fdt.property("bootargs", c));
    if (stdoutPath != null) {
      fdt.property("stdout-path", stdoutPath);
    }
    if (initrd != null) {
      fdt.longs("linux,initrd-start", initrd.start());
      fdt.longs("linux,initrd-end", initrd.end());
    }
    fdt.endNode();

    fdt.endNode();
    return fdt.toByteArray();
  }

  /** /cpus: reg is the MPIDR affinity (Aff2..Aff0 with #address-cells = 1; Aff3 needs 2). */
  private static void cpus(FdtBuilder fdt, List<VcpuLayout> vcpus) {
    boolean aff3 = vcpus.stream().anyMatch(c -> (c.mpidr() >>> 32) != 0);
    fdt.beginNode("cpus");
    fdt.cells("#address-cells", aff3 ? 2 : 1);
    fdt.cells("#size-cells", 0);
    for (VcpuLayout c : vcpus) {
      long reg = c.mpidr() & 0xff_00ff_ffffL;
      fdt.beginNode(String.format("cpu@%x", reg));
      fdt.property("device_type", "cpu");
      fdt.strings("compatible", "arm,cortex-a57");
      if (aff3) {
        fdt.longs("reg", reg);
      } else {
        fdt.cells("reg", (int) reg);
      }
      fdt.property("enable-method", "psci");
      fdt.endNode();
    }
    fdt.endNode();
  }

  /** The GICv3 node: distributor and one redistributor region (arm,gic-v3 binding). */
  private static void gic(FdtBuilder fdt, GicLayout gic, int phandle) {
    fdt.beginNode(String.format("intc@%x", gic.distributorIpa()));
    fdt.strings("compatible", "arm,gic-v3");
    fdt.cells("#interrupt-cells", 3);
    fdt.cells("#address-cells", 2);
    fdt.cells("#size-cells", 2);
    fdt.property("ranges");
    fdt.property("interrupt-controller");
    fdt.cells("#redistributor-regions", 1);
    fdt.longs("reg", gic.distributorIpa(), GicLayout.DISTRIBUTOR_SIZE, gic.redistributorIpa(), gic.redistributorSize());
    fdt.cells("phandle", phandle);
    fdt.endNode();
  }

  /**
   * The architected timer: PPIs 29 (secure physical), 30 (non-secure physical), 27 (virtual)
   * and 26 (hypervisor), written as PPI numbers INTID - 16, level-high.
   */
  private static void timer(FdtBuilder fdt) {
    fdt.beginNode("timer");
    fdt.strings("compatible", "arm,armv8-timer", "arm,armv7-timer");
    fdt.cells("interrupts", 1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4);
    fdt.property("always-on");
    fdt.endNode();
  }
}
