package dev.qvm.cpu.gdb;

import dev.qvm.cpu.exec.Cpu;
import dev.qvm.cpu.trace.DebugControl;

/**
 * Answers the packets GDB sends while the target is halted (GDB manual E.2 "Packets", E.4
 * "General Query Packets"). GDB thread ids are vCPU index + 1 (0 means "any", -1 "all"). A
 * packet that resumes the target answers {@link #RESUMED}: the stub then waits for the stop.
 */
final class GdbCommands {

  /** The reply of a packet that resumed the target: the stop reply comes when it stops. */
  static final String RESUMED = "\u0000resumed";

  /** The reply of {@code D}: say OK, resume, and drop the connection. */
  static final String DETACH = "\u0000detach";

  /** The reply of {@code k}: stop the VM and drop the connection, without a reply. */
  static final String KILL = "\u0000kill";

  /** The reply of {@code QStartNoAckMode}: OK, then no more acknowledgements. */
  static final String NO_ACK = "\u0000noack";

  private static final String ERROR = "E01";
  private static final String MEMORY_ERROR = "E14";

  /** Largest packet we accept or send (the hex size of a full {@code g} reply fits easily). */
  static final int PACKET_SIZE = 0x4000;

  private final GdbSession session;
  private int generalThread;
  private int continueThread;

  GdbCommands(GdbSession session) {
    this.session = session;
  }

  /** After a stop, GDB's current thread is the one that stopped. */
  void selectStopped(int vcpu) {
    generalThread = vcpu;
    continueThread = vcpu;
  }

  String handle(String p) {
    if (p.isEmpty()) {
      return "";
    }
    try {
      return switch (p.charAt(0)) {
        case '?' -> stopReply(null);
        case 'g' -> GdbRegisters.readAll(cpu());
        case 'G' -> {
          GdbRegisters.writeAll(cpu(), p.substring(1));
          yield "OK";
        }
        case 'p' -> readRegister(p.substring(1));
        case 'P' -> writeRegister(p.substring(1));
        case 'm' -> readMemory(p.substring(1));
        case 'M' -> writeMemory(p.substring(1));
        case 'c', 'C' -> resumeAll(p, DebugControl.CONTINUE);
        case 's', 'S' -> step(p);
        case 'v' -> vPacket(p);
        case 'H' -> selectThread(p);
        case 'T' -> threadAlive(p.substring(1)) ? "OK" : ERROR;
        case 'Z', 'z' -> breakOrWatch(p);
        case 'q' -> query(p);
        case 'Q' -> p.equals("QStartNoAckMode") ? NO_ACK : "";
        case 'D' -> DETACH;
        case 'k' -> KILL;
        default -> ""; // unsupported: the empty reply (E.2)
      };
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return ERROR;
    }
  }

  /** The stop reply for {@code event}, or for the current halt when null (E.3 "Stop Reply Packets"). */
  String stopReply(GdbSession.StopEvent event) {
    if (event == null) {
      event = new GdbSession.StopEvent(generalThread, GdbSession.SIGTRAP, null, 0, 0);
    }
    StringBuilder r = new StringBuilder(String.format("T%02x", event.signal()));
    if (event.reason() == DebugControl.StopReason.WATCHPOINT) {
      String kind =
          switch (event.watchKind()) {
            case GdbSession.WATCH_READ -> "rwatch";
            case GdbSession.WATCH_ACCESS -> "awatch";
            default -> "watch";
          };
      r.append(kind).append(':').append(Long.toHexString(event.watchAddress())).append(';');
    }
    r.append("thread:").append(Integer.toHexString(event.vcpu() + 1)).append(';');
    return r.toString();
  }

  private Cpu cpu() {
    return session.cpu(generalThread);
  }

  private String readRegister(String args) {
    int n = Integer.parseInt(args, 16);
    return GdbRegisters.size(n) == 0 ? ERROR : GdbRegisters.read(cpu(), n);
  }

  private String writeRegister(String args) {
    int eq = args.indexOf('=');
    int n = Integer.parseInt(args.substring(0, eq), 16);
    if (GdbRegisters.size(n) == 0) {
      return ERROR;
    }
    GdbRegisters.write(cpu(), n, args.substring(eq + 1));
    return "OK";
  }

  private String readMemory(String args) {
    int comma = args.indexOf(',');
    long va = Rsp.parseHex(args.substring(0, comma));
    int length = Math.min(Integer.parseInt(args.substring(comma + 1), 16), PACKET_SIZE / 2 - 8);
    byte[] data = new byte[length];
    int got = GuestMemory.read(cpu(), va, data);
    return got == 0 && length > 0 ? MEMORY_ERROR : Rsp.toHex(data, got);
  }

  private String writeMemory(String args) {
    int comma = args.indexOf(',');
    int colon = args.indexOf(':');
    long va = Rsp.parseHex(args.substring(0, comma));
    byte[] data = Rsp.fromHex(args.substring(colon + 1));
    return GuestMemory.write(cpu(), va, data) ? "OK" : MEMORY_ERROR;
  }

  /** {@code c [addr]}: every vCPU continues; an address sets the current thread's PC first. */
  private String resumeAll(String p, int action) {
    String addr = p.charAt(0) == 'C' ? afterSemicolon(p) : p.substring(1);
    if (!addr.isEmpty()) {
      session.cpu(continueThread).pc = Rsp.parseHex(addr);
    }
    int[] actions = new int[session.vcpuCount()];
    java.util.Arrays.fill(actions, action);
    session.resume(actions);
    return RESUMED;
  }

  /** {@code s [addr]}: the current thread executes one instruction; the others stay halted. */
  private String step(String p) {
    String addr = p.charAt(0) == 'S' ? afterSemicolon(p) : p.substring(1);
    if (!addr.isEmpty()) {
      session.cpu(continueThread).pc = Rsp.parseHex(addr);
    }
    int[] actions = new int[session.vcpuCount()];
    java.util.Arrays.fill(actions, GdbSession.STAY);
    actions[continueThread] = DebugControl.STEP;
    session.resume(actions);
    return RESUMED;
  }

  private static String afterSemicolon(String p) {
    int semi = p.indexOf(';');
    return semi < 0 ? "" : p.substring(semi + 1);
  }

  private String vPacket(String p) {
    if (p.equals("vCont?")) {
      return "vCont;c;C;s;S";
    }
    if (p.startsWith("vCont;")) {
      return vCont(p.substring(6));
    }
    return ""; // vMustReplyEmpty and the rest
  }

  /**
   * {@code vCont;ACTION[:TID];...} (E.2): the leftmost action that names a thread applies to it;
   * one without a thread applies to every thread not yet given one; a thread given none stays
   * halted (all-stop).
   */
  private String vCont(String args) {
    int n = session.vcpuCount();
    int[] actions = new int[n];
    java.util.Arrays.fill(actions, GdbSession.STAY);
    boolean[] given = new boolean[n];
    for (String part : args.split(";")) {
      if (part.isEmpty()) {
        continue;
      }
      int colon = part.indexOf(':');
      String verb = colon < 0 ? part : part.substring(0, colon);
      int action =
          switch (verb.charAt(0)) {
            case 's', 'S' -> DebugControl.STEP;
            case 'c', 'C' -> DebugControl.CONTINUE;
            default -> -2;
          };
      if (action == -2) {
        return ERROR; // 't' (stop) and 'r' (range step) are for non-stop mode
      }
      int thread = colon < 0 ? -1 : parseThread(part.substring(colon + 1));
      for (int i = 0; i < n; i++) {
        if (!given[i] && (thread < 0 || thread == i)) {
          given[i] = true;
          actions[i] = action;
        }
      }
    }
    session.resume(actions);
    return RESUMED;
  }

  /** A thread id as an index: -1 for "all" (-1) and "any" (0). */
  private int parseThread(String tid) {
    if (tid.startsWith("p")) {
      int dot = tid.indexOf('.');
      tid = dot < 0 ? "-1" : tid.substring(dot + 1);
    }
    if (tid.equals("-1") || tid.equals("0")) {
      return -1;
    }
    return (int) Rsp.parseHex(tid) - 1;
  }

  private String selectThread(String p) {
    int thread = parseThread(p.substring(2));
    if (thread >= session.vcpuCount()) {
      return ERROR;
    }
    int chosen = Math.max(thread, 0);
    if (p.charAt(1) == 'g') {
      generalThread = chosen;
    } else {
      continueThread = chosen;
    }
    return "OK";
  }

  private boolean threadAlive(String tid) {
    int thread = parseThread(tid);
    return thread >= 0 && thread < session.vcpuCount();
  }

  /** Z/z TYPE,ADDR,KIND (E.2): 0 software, 1 hardware breakpoint; 2 write, 3 read, 4 access watch. */
  private String breakOrWatch(String p) {
    boolean insert = p.charAt(0) == 'Z';
    String[] f = p.substring(1).split("[,;]");
    int type = Integer.parseInt(f[0]);
    long va = Rsp.parseHex(f[1]);
    long length = Rsp.parseHex(f[2]);
    switch (type) {
      case 0, 1 -> session.setBreakpoint(va, insert);
      case 2, 3, 4 -> session.setWatchpoint(va, Math.max(1, length), type, insert);
      default -> {
        return "";
      }
    }
    return "OK";
  }

  private String query(String p) {
    if (p.startsWith("qSupported")) {
      return "PacketSize=" + Integer.toHexString(PACKET_SIZE) + ";qXfer:features:read+;QStartNoAckMode+;vContSupported+";
    }
    if (p.startsWith("qXfer:features:read:")) {
      return features(p.substring("qXfer:features:read:".length()));
    }
    if (p.equals("qfThreadInfo")) {
      StringBuilder r = new StringBuilder("m");
      for (int i = 0; i < session.vcpuCount(); i++) {
        r.append(i == 0 ? "" : ",").append(Integer.toHexString(i + 1));
      }
      return r.toString();
    }
    if (p.equals("qsThreadInfo")) {
      return "l";
    }
    if (p.equals("qC")) {
      return "QC" + Integer.toHexString(generalThread + 1);
    }
    if (p.equals("qAttached")) {
      return "1"; // the VM existed before GDB: detaching must not end it
    }
    if (p.startsWith("qThreadExtraInfo,")) {
      int thread = parseThread(p.substring("qThreadExtraInfo,".length()));
      if (thread < 0 || thread >= session.vcpuCount()) {
        return ERROR;
      }
      Cpu c = session.cpu(thread);
      String text = "vcpu" + thread + (session.online(thread) ? " EL" + c.el : " off");
      return Rsp.toHex(text);
    }
    if (p.startsWith("qSymbol")) {
      return "OK";
    }
    return "";
  }

  /** qXfer:features:read:ANNEX:OFFSET,LENGTH: a slice of the target description. */
  private String features(String args) {
    int colon = args.indexOf(':');
    String annex = args.substring(0, colon);
    if (!annex.equals("target.xml")) {
      return "E00";
    }
    String[] range = args.substring(colon + 1).split(",");
    int offset = Integer.parseInt(range[0], 16);
    int length = Integer.parseInt(range[1], 16);
    String xml = GdbRegisters.TARGET_XML;
    if (offset >= xml.length()) {
      return "l";
    }
    int end = Math.min(xml.length(), offset + Math.min(length, PACKET_SIZE / 2));
    return (end == xml.length() ? "l" : "m") + Rsp.escapeBinary(xml.substring(offset, end));
  }
}
