package dev.qvm.core.semihosting;

import static dev.qvm.core.semihosting.SemihostingOp.*;

import dev.qvm.core.semihosting.GuestAccess.Fault;
import dev.qvm.core.semihosting.HandleTable.Handle;
import dev.qvm.core.semihosting.HandleTable.Kind;
import dev.qvm.core.vm.VcpuContext;
import dev.qvm.core.vm.VmControl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of ARM semihosting for A64 guests ("Semihosting for AArch32 and AArch64" 2.0).
 * A guest traps with {@code HLT #0xF000}; the vCPU then calls {@link #call} with the operation
 * number in W0 and the parameter (a value or the address of a parameter block of 64-bit fields)
 * in X1, and {@code call} leaves the result in X0. The CPU decides whether an {@code HLT} is a
 * semihosting call (immediate 0xF000, and the configuration allows it) and resumes the guest at
 * the instruction after it.
 *
 * <p>The guest gets the console (":tt"), clocks, heap information and exit; opening host files is
 * refused. Where the specification leaves room, qvm does what QEMU does, so a test guest behaves
 * the same under both: errno values are Linux's, {@code SYS_EXIT} with a reason other than
 * {@code ADP_Stopped_ApplicationExit} exits with status 1, ticks are nanoseconds. Unknown
 * operations return -1 and are logged once each. One instance serves every vCPU of a VM; calls
 * are serialised, and errno is shared as on a single debug host.
 */
public final class Semihosting {
  private static final Logger LOG = LoggerFactory.getLogger(Semihosting.class);

  // Linux errno values: SYS_ERRNO reports "the value of the C library errno variable" of the
  // host, and QEMU, whose behaviour guests are tested against, reports Linux's.
  static final int ENOENT = 2;
  static final int EIO = 5;
  static final int E2BIG = 7;
  static final int EBADF = 9;
  static final int EACCES = 13;
  static final int EFAULT = 14;
  static final int EINVAL = 22;

  /** SYS_TICKFREQ: qvm counts SYS_ELAPSED ticks in nanoseconds. */
  static final long TICKS_PER_SECOND = 1_000_000_000L;

  /** SYS_OPEN modes 0-11 are "r", "rb", "r+", "r+b", "w", ... "a+b" (SYS_OPEN, table 6-1). */
  private static final int OPEN_MODES = 12;

  /** Longest string a guest may pass: a missing NUL must not read the whole address space. */
  static final int MAX_STRING = 1 << 20;

  /** SH_EXT_EXIT_EXTENDED | SH_EXT_STDOUT_STDERR: the extensions qvm implements. */
  private static final byte[] FEATURE_FILE = {'S', 'H', 'F', 'B', 0b11};

  private final VmControl vm;
  private final InputStream in;
  private final OutputStream out;
  private final OutputStream err;
  private final HeapInfo heap;
  private final byte[] commandLine;
  private final HostClock clock;
  private final long startNanos;
  private final HandleTable handles = new HandleTable();
  private final Set<String> warned = new HashSet<>();
  private long errno;

  /**
   * Semihosting with console output to {@code out} (qvm's stdout, stderr included), no console
   * input, an empty command line, and the host's clocks.
   */
  public Semihosting(VmControl vm, OutputStream out, HeapInfo heap) {
    this(vm, InputStream.nullInputStream(), out, out, heap, "", HostClock.SYSTEM);
  }

  /**
   * @param vm stopped through {@link VmControl#requestStop} by {@code SYS_EXIT}
   * @param in console input for {@code SYS_READC} and reads of ":tt"
   * @param out console output ({@code SYS_WRITEC}, {@code SYS_WRITE0}, ":tt" opened to write)
   * @param err output for ":tt" opened to append, which the spec's extension makes stderr
   * @param heap what {@code SYS_HEAPINFO} reports
   * @param commandLine what {@code SYS_GET_CMDLINE} returns
   * @param clock the clocks behind {@code SYS_CLOCK}, {@code SYS_ELAPSED}, {@code SYS_TIME}
   */
  public Semihosting(
      VmControl vm,
      InputStream in,
      OutputStream out,
      OutputStream err,
      HeapInfo heap,
      String commandLine,
      HostClock clock) {
    this.vm = vm;
    this.in = in;
    this.out = out;
    this.err = err;
    this.heap = heap;
    this.commandLine = commandLine.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
    this.startNanos = clock.nanoTime();
  }

  /**
   * Performs the semihosting call the vCPU trapped on: operation in W0, parameter in X1, result
   * to X0. Returns after {@link VmControl#requestStop} for {@code SYS_EXIT}; the caller stops
   * the vCPU as for any stop request.
   */
  public synchronized void call(VcpuContext vcpu) {
    // The operation number is W0: the upper half of X0 is ignored (spec 4.1).
    int op = (int) vcpu.x(0);
    long param = vcpu.x(1);
    GuestAccess mem = new GuestAccess(vcpu);
    long result;
    try {
      result = dispatch(op, param, mem, vcpu);
    } catch (Fault fault) {
      LOG.debug("semihosting {}: {}", SemihostingOp.name(op), fault.getMessage());
      errno = EFAULT;
      result = -1;
    }
    vcpu.setX(0, result);
  }

  private long dispatch(int op, long param, GuestAccess mem, VcpuContext vcpu) throws Fault {
    return switch (op) {
      case SYS_OPEN -> open(param, mem);
      case SYS_CLOSE -> close(mem.field(param, 0));
      case SYS_WRITEC -> {
        byte c = mem.readByte(param);
        emit(out, new byte[] {c}, 1);
        yield vcpu.x(0); // "R0 is corrupted": keep it as it was
      }
      case SYS_WRITE0 -> {
        byte[] s = mem.cString(param, MAX_STRING);
        emit(out, s, s.length);
        yield vcpu.x(0);
      }
      case SYS_WRITE -> write(mem.field(param, 0), mem.field(param, 1), mem.field(param, 2), mem);
      case SYS_READ -> read(mem.field(param, 0), mem.field(param, 1), mem.field(param, 2), mem);
      case SYS_READC -> readConsoleByte();
      case SYS_ISERROR -> mem.field(param, 0) < 0 ? 1 : 0;
      case SYS_ISTTY -> isTty(mem.field(param, 0));
      case SYS_SEEK -> seek(mem.field(param, 0), mem.field(param, 1));
      case SYS_FLEN -> flen(mem.field(param, 0));
      case SYS_CLOCK -> (clock.nanoTime() - startNanos) / 10_000_000L; // centiseconds
      case SYS_TIME -> clock.epochSeconds();
      case SYS_ERRNO -> errno;
      case SYS_GET_CMDLINE -> getCommandLine(param, mem);
      case SYS_HEAPINFO -> heapInfo(mem.field(param, 0), mem);
      case SYS_EXIT, SYS_EXIT_EXTENDED -> exit(op, mem.field(param, 0), mem.field(param, 1));
      // qvm invalidates decoded code on stores, so there is no stale instruction to clean.
      case SYS_SYNCCACHE -> 0;
      case SYS_ELAPSED -> {
        mem.setField(param, 0, clock.nanoTime() - startNanos);
        yield 0;
      }
      case SYS_TICKFREQ -> TICKS_PER_SECOND;
      default -> {
        warnOnce(
            "op " + op,
            "guest used unsupported semihosting operation {} (returned -1)",
            SemihostingOp.name(op));
        yield -1;
      }
    };
  }

  /** SYS_OPEN: block {name, mode, name length}; returns a handle or -1. */
  private long open(long block, GuestAccess mem) throws Fault {
    long nameVa = mem.field(block, 0);
    long mode = mem.field(block, 1);
    long length = mem.field(block, 2);
    if (mode < 0 || mode >= OPEN_MODES || length < 0 || length > MAX_STRING) {
      errno = EINVAL;
      return -1;
    }
    String name = new String(mem.read(nameVa, (int) length), StandardCharsets.ISO_8859_1);
    if (name.equals(":tt")) {
      // Extension SH_EXT_STDOUT_STDERR: modes "r*" are stdin, "w*" stdout, "a*" stderr.
      Kind kind = mode < 4 ? Kind.STDIN : mode < 8 ? Kind.STDOUT : Kind.STDERR;
      return handles.open(kind);
    }
    if (name.equals(":semihosting-features")) {
      if (mode > 1) { // the feature file opens only as "r" or "rb"
        errno = EACCES;
        return -1;
      }
      return handles.open(Kind.FEATURES);
    }
    warnOnce(
        "open",
        "guest tried to open host file \"{}\" through semihosting; qvm offers only the console",
        name);
    errno = ENOENT;
    return -1;
  }

  private long close(long handle) {
    if (!handles.close(handle)) {
      errno = EBADF;
      return -1;
    }
    return 0;
  }

  /** SYS_WRITE: returns the number of bytes not written, 0 when all were. */
  private long write(long handle, long bufVa, long length, GuestAccess mem) {
    Handle h = handles.get(handle);
    if (h == null || (h.kind != Kind.STDOUT && h.kind != Kind.STDERR) || length < 0) {
      errno = EBADF;
      return length;
    }
    OutputStream target = h.kind == Kind.STDERR ? err : out;
    byte[] buf = new byte[GuestAccess.PAGE_SIZE * 16];
    long done = 0;
    while (done < length) {
      int chunk = (int) Math.min(buf.length, length - done);
      int readable = mem.readPrefix(bufVa + done, buf, 0, chunk);
      if (!emit(target, buf, readable)) {
        return length - done;
      }
      done += readable;
      if (readable < chunk) {
        errno = EFAULT;
        return length - done;
      }
    }
    return 0;
  }

  /** SYS_READ: returns the number of bytes not read; a console read returns what is there. */
  private long read(long handle, long bufVa, long length, GuestAccess mem) {
    Handle h = handles.get(handle);
    if (h == null || (h.kind != Kind.STDIN && h.kind != Kind.FEATURES) || length < 0) {
      errno = EBADF;
      return length;
    }
    int want = (int) Math.min(length, GuestAccess.PAGE_SIZE * 16);
    byte[] buf = new byte[want];
    int got;
    if (h.kind == Kind.FEATURES) {
      int from = (int) Math.min(h.position, FEATURE_FILE.length);
      got = Math.min(want, FEATURE_FILE.length - from);
      System.arraycopy(FEATURE_FILE, from, buf, 0, got);
    } else {
      try {
        got = Math.max(0, in.read(buf, 0, want)); // -1 at end of input: nothing read
      } catch (IOException e) {
        errno = EIO;
        return length;
      }
    }
    int stored = mem.writePrefix(bufVa, buf, 0, got);
    if (stored < got) {
      errno = EFAULT;
    }
    h.position += stored;
    return length - stored;
  }

  /** SYS_READC: the next console byte, or -1 at the end of input. */
  private long readConsoleByte() {
    try {
      int c = in.read();
      if (c < 0) {
        errno = EIO;
      }
      return c;
    } catch (IOException e) {
      errno = EIO;
      return -1;
    }
  }

  private long isTty(long handle) {
    Handle h = handles.get(handle);
    if (h == null) {
      errno = EBADF;
      return -1;
    }
    return h.kind == Kind.FEATURES ? 0 : 1;
  }

  /** SYS_SEEK: only the feature file has a position; returns 0 on success. */
  private long seek(long handle, long position) {
    Handle h = handles.get(handle);
    if (h == null) {
      errno = EBADF;
      return -1;
    }
    if (h.kind != Kind.FEATURES || position < 0) {
      errno = EINVAL;
      return -1;
    }
    h.position = position;
    return 0;
  }

  private long flen(long handle) {
    Handle h = handles.get(handle);
    if (h == null) {
      errno = EBADF;
      return -1;
    }
    if (h.kind != Kind.FEATURES) {
      errno = EINVAL; // a console has no length
      return -1;
    }
    return FEATURE_FILE.length;
  }

  /** SYS_GET_CMDLINE: block {buffer, size}; writes the string and its length back. */
  private long getCommandLine(long block, GuestAccess mem) throws Fault {
    long bufVa = mem.field(block, 0);
    long size = mem.field(block, 1);
    if (size < commandLine.length + 1L && size >= 0) {
      errno = E2BIG;
      return -1;
    }
    byte[] terminated = new byte[commandLine.length + 1];
    System.arraycopy(commandLine, 0, terminated, 0, commandLine.length);
    mem.write(bufVa, terminated, 0, terminated.length);
    mem.setField(block, 1, commandLine.length);
    return 0;
  }

  /** SYS_HEAPINFO: X1 points to a word holding the address of the four-field result block. */
  private long heapInfo(long blockVa, GuestAccess mem) throws Fault {
    mem.setField(blockVa, 0, heap.heapBase());
    mem.setField(blockVa, 1, heap.heapLimit());
    mem.setField(blockVa, 2, heap.stackBase());
    mem.setField(blockVa, 3, heap.stackLimit());
    return 0;
  }

  /**
   * SYS_EXIT and SYS_EXIT_EXTENDED take the same A64 block {reason, subcode}. Only
   * ADP_Stopped_ApplicationExit carries an exit status; any other reason (an abort, a run-time
   * error) is a failure, status 1, as under QEMU.
   */
  private long exit(int op, long reason, long subcode) {
    int status;
    String why;
    if (reason == ADP_Stopped_ApplicationExit) {
      status = (int) subcode;
      why =
          String.format(
              "guest exited through semihosting %s with status %d", SemihostingOp.name(op), status);
    } else {
      status = 1;
      String known =
          reason == ADP_Stopped_RunTimeErrorUnknown ? " (ADP_Stopped_RunTimeErrorUnknown)" : "";
      why =
          String.format(
              "guest stopped through semihosting %s, reason 0x%X%s, subcode 0x%X",
              SemihostingOp.name(op), reason, known, subcode);
    }
    flush(out);
    if (err != out) {
      flush(err);
    }
    vm.requestStop(status, why);
    return 0;
  }

  /** Writes console output and flushes it: each call is one guest trap, not a hot path. */
  private boolean emit(OutputStream target, byte[] bytes, int length) {
    try {
      target.write(bytes, 0, length);
      target.flush();
      return true;
    } catch (IOException e) {
      warnOnce("io", "semihosting console output failed: {}", e.getMessage());
      errno = EIO;
      return false;
    }
  }

  private void flush(OutputStream target) {
    try {
      target.flush();
    } catch (IOException e) {
      warnOnce("io", "semihosting console output failed: {}", e.getMessage());
    }
  }

  private void warnOnce(String key, String format, Object arg) {
    if (warned.add(key)) {
      LOG.warn(format, arg);
    }
  }
}
