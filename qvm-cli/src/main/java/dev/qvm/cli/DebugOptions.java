package dev.qvm.cli;

import dev.qvm.core.config.LoadLayout;
import dev.qvm.core.vm.VirtualCpu;
import dev.qvm.core.vm.Vm;
import dev.qvm.cpu.Vcpu;
import dev.qvm.cpu.exec.Cpu;
import dev.qvm.cpu.gdb.GdbSession;
import dev.qvm.cpu.gdb.GdbStub;
import dev.qvm.cpu.trace.DebugLoop;
import dev.qvm.cpu.trace.SymbolTable;
import dev.qvm.cpu.trace.TraceKind;
import dev.qvm.cpu.trace.Tracer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The debugging options of {@code qvm run} ({@code --gdb}, {@code --gdb-wait}, {@code --trace}
 * and its filters), a picocli mixin. When none is given nothing is installed and the vCPUs run
 * their normal loop; otherwise every vCPU runs a {@link DebugLoop}.
 */
final class DebugOptions {

  @Option(names = "--gdb", paramLabel = "PORT", description = "Serve the GDB remote protocol on 127.0.0.1:PORT (one GDB thread per vCPU), as QEMU's -s / -gdb tcp::PORT.")
  Integer gdbPort;

  @Option(names = "--gdb-wait", description = "With --gdb: start with every vCPU halted before its first instruction, until GDB continues (QEMU's -S).")
  boolean gdbWait;

  @Option(names = "--trace", paramLabel = "KINDS", description = "Trace KINDS (comma-separated): insn, exit, irq, mmio, mmu, psci, or all. Off by default, at no cost.")
  String trace;

  @Option(names = "--trace-vcpu", paramLabel = "N", description = "Trace only vCPU N.")
  Integer traceVcpu;

  @Option(names = "--trace-pc", paramLabel = "START-END", description = "Trace only while the PC is in START-END (inclusive, hex), or inside a symbol of the ELF image.")
  String tracePc;

  @Option(names = "--trace-file", paramLabel = "PATH", description = "Write the trace to PATH instead of stderr.")
  Path traceFile;

  /**
   * Installs what the options ask for on {@code vm}, before it runs. Returns {@link
   * DebugAttachment#NONE} when nothing was asked, or null after printing a one-line error.
   */
  DebugAttachment attach(Vm vm, PrintStream err) {
    if (gdbPort == null && trace == null) {
      if (gdbWait || traceVcpu != null || tracePc != null || traceFile != null) {
        err.println("qvm: " + (gdbWait ? "--gdb-wait needs --gdb PORT" : "--trace-vcpu, --trace-pc and --trace-file need --trace KINDS"));
        return null;
      }
      return DebugAttachment.NONE;
    }
    if (gdbPort != null && (gdbPort < 0 || gdbPort > 65535)) {
      err.println("qvm: --gdb: port " + gdbPort + " is not between 0 and 65535");
      return null;
    }
    List<Cpu> cpus = new ArrayList<>();
    for (VirtualCpu v : vm.vcpus()) {
      if (!(v instanceof Vcpu aarch64)) {
        err.println("qvm: --gdb and --trace need the AArch64 interpreter's vCPUs");
        return null;
      }
      cpus.add(aarch64.cpu());
    }
    Tracer tracer = null;
    PrintStream traceOut = null;
    if (trace != null) {
      try {
        Set<TraceKind> kinds = TraceKind.parse(trace);
        SymbolTable symbols = symbols(vm);
        Tracer.Filter filter = Tracer.Filter.NONE;
        if (traceVcpu != null || tracePc != null) {
          long[] range = tracePc == null ? new long[] {0, -1L} : Tracer.Filter.parseRange(tracePc, symbols);
          filter = new Tracer.Filter(traceVcpu == null ? -1 : traceVcpu, range[0], range[1]);
        }
        traceOut = traceFile == null ? err : new PrintStream(new BufferedOutputStream(Files.newOutputStream(traceFile), 1 << 16), false, StandardCharsets.UTF_8);
        tracer = new Tracer(kinds, filter, traceOut, symbols, vm.memory(), vm.interruptController());
        if (kinds.contains(TraceKind.IRQ)) {
          for (var gate : vm.hostInterruptGates()) {
            gate.addObserver(tracer); // held, masked and unmasked: the host side of each interrupt
          }
        }
      } catch (IllegalArgumentException e) {
        err.println("qvm: --trace: " + e.getMessage());
        return null;
      } catch (IOException e) {
        err.println("qvm: cannot write --trace-file " + traceFile + ": " + e.getMessage());
        return null;
      }
    }
    GdbSession session = null;
    GdbStub stub = null;
    if (gdbPort != null) {
      session = new GdbSession(vm, cpus, gdbWait);
      try {
        stub = GdbStub.start(session, gdbPort, err);
      } catch (IOException e) {
        err.println("qvm: --gdb: cannot listen on 127.0.0.1:" + gdbPort + ": " + e.getMessage());
        return null;
      }
      err.println("qvm: gdb stub listening on 127.0.0.1:" + stub.port() + (gdbWait ? " (vCPUs halted until gdb continues)" : ""));
    }
    for (int i = 0; i < cpus.size(); i++) {
      cpus.get(i).debugLoop = new DebugLoop(i, session, tracer == null ? null : tracer.forVcpu(i));
    }
    return new DebugAttachment(stub, tracer, traceFile == null ? null : traceOut);
  }

  /** The symbols of the first ELF image the board loads (raw images have none). */
  private static SymbolTable symbols(Vm vm) {
    for (LoadLayout load : vm.layout().loads()) {
      try {
        SymbolTable t = SymbolTable.read(load.path());
        if (t.size() > 0) {
          return t;
        }
      } catch (IOException e) {
        // the loader already read this file; a failure now only costs the names
      }
    }
    return SymbolTable.EMPTY;
  }
}
