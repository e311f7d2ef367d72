package dev.qvm.cli;

import dev.qvm.cpu.gdb.GdbStub;
import dev.qvm.cpu.trace.Tracer;
import java.io.PrintStream;

/** What {@link DebugOptions} installed on a VM: the GDB stub and the tracer, ended with the VM. */
final class DebugAttachment {

  /** Nothing installed. */
  static final DebugAttachment NONE = new DebugAttachment(null, null, null);

  private final GdbStub stub;
  private final Tracer tracer;
  private final PrintStream traceFile;

  DebugAttachment(GdbStub stub, Tracer tracer, PrintStream traceFile) {
    this.stub = stub;
    this.tracer = tracer;
    this.traceFile = traceFile;
  }

  /**
   * The VM stopped with {@code exitCode}: the stub reports it to a connected GDB (as the exit of
   * the process) and closes, and the trace is flushed.
   */
  void vmStopped(int exitCode) {
    if (stub != null) {
      stub.finish(exitCode, 5000);
    }
    if (tracer != null) {
      tracer.flush();
    }
    if (traceFile != null) {
      traceFile.close();
    }
  }
}
