package dev.qvm.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The compound arguments of QVMCONF.md ({@code ADDR,LEN}, {@code PIC:N}, pass-through window and
 * interrupt specs, {@code A.B.C.D}), each error at the column of the part that is wrong.
 */
final class SpecParsers {

  private SpecParsers() {}

  /** GIC INTIDs are 0..1019; 1020..1023 are special (GICv3, IHI 0069, "INTIDs"). */
  static final int MAX_INTID = 1019;

  private static final String PASS_FLAGS = "rwxncm";

  /** {@code ADDR,LEN}: returns {ipa, length}. */
  static long[] addressAndLength(Word w) throws ConfigException {
    String t = w.text();
    int comma = t.indexOf(',');
    if (comma < 0) {
      throw new ConfigException(w.location(), "expected ADDR,LEN, got '" + t + "'");
    }
    long ipa = ConfigNumbers.address(t.substring(0, comma), w.location());
    long length = ConfigNumbers.size(t.substring(comma + 1), w.at(comma + 1));
    if (length == 0) {
      throw new ConfigException(w.at(comma + 1), "length must not be 0");
    }
    return new long[] {ipa, length};
  }

  /** Strips an accepted {@code mem:} prefix; any other address-space prefix is an error. */
  static int memPrefix(Word w) throws ConfigException {
    String t = w.text();
    int colon = t.indexOf(':');
    if (colon < 0) {
      return 0;
    }
    String space = t.substring(0, colon);
    if (!space.equals("mem")) {
      throw new ConfigException(
          w.location(), "'" + space + ":' windows do not exist on AArch64; only 'mem:'");
    }
    return colon + 1;
  }

  /** {@code [mem:]ADDR,LEN,FLAGS[=HOSTADDR]} of {@code pass loc}. */
  static PassLoc passWindow(Word w) throws ConfigException {
    String t = w.text();
    int start = memPrefix(w);
    int eq = t.indexOf('=', start);
    int end = eq < 0 ? t.length() : eq;
    List<int[]> parts = split(t, start, end, ',');
    if (parts.size() != 3) {
      throw new ConfigException(w.location(), "pass loc needs [mem:]ADDR,LEN,FLAGS[=HOSTADDR]");
    }
    long ipa = ConfigNumbers.address(slice(t, parts.get(0)), w.at(parts.get(0)[0]));
    long length = ConfigNumbers.size(slice(t, parts.get(1)), w.at(parts.get(1)[0]));
    if (length == 0) {
      throw new ConfigException(w.at(parts.get(1)[0]), "length must not be 0");
    }
    String flags = slice(t, parts.get(2));
    if (flags.isEmpty()) {
      throw new ConfigException(w.at(parts.get(2)[0]), "pass loc needs FLAGS (of r w x n c m)");
    }
    for (int i = 0; i < flags.length(); i++) {
      if (PASS_FLAGS.indexOf(flags.charAt(i)) < 0) {
        throw new ConfigException(
            w.at(parts.get(2)[0] + i),
            "unknown pass flag '" + flags.charAt(i) + "' (flags are r w x n c m)");
      }
    }
    long hostPa = eq < 0 ? ipa : ConfigNumbers.address(t.substring(eq + 1), w.at(eq + 1));
    return new PassLoc(ipa, length, flags, hostPa, w.location());
  }

  /** {@code PIC:N[,u][=HOSTVECTOR]} of {@code pass intr}. */
  static PassInterrupt passInterrupt(Word w) throws ConfigException {
    String t = w.text();
    int colon = t.indexOf(':');
    if (colon <= 0) {
      throw new ConfigException(w.location(), "pass intr needs PIC:N[,u][=HOSTVECTOR]");
    }
    String pic = t.substring(0, colon);
    int eq = t.indexOf('=', colon);
    int end = eq < 0 ? t.length() : eq;
    List<int[]> parts = split(t, colon + 1, end, ',');
    int intid =
        ConfigNumbers.plainInRange(
            slice(t, parts.get(0)), w.at(parts.get(0)[0]), 0, MAX_INTID, "INTID");
    boolean unmask = false;
    if (parts.size() > 2 || (parts.size() == 2 && !slice(t, parts.get(1)).equals("u"))) {
      throw new ConfigException(
          w.at(parts.get(1)[0]), "after the INTID only ',u' (unmask at once) may follow");
    } else if (parts.size() == 2) {
      unmask = true;
    }
    long hostVector = eq < 0 ? intid : ConfigNumbers.plain(t.substring(eq + 1), w.at(eq + 1));
    return new PassInterrupt(pic, intid, unmask, hostVector, w.location());
  }

  /** The longest period of {@code irq timer:}: one minute, in microseconds. */
  static final int MAX_IRQ_PERIOD_MICROS = 60_000_000;

  /**
   * {@code PERIOD_US[,COUNT]} of {@code pass irq timer:} (qvm): microseconds between assertions,
   * then how many (omitted: until the VM stops). {@code where} is that of the whole {@code irq}
   * word.
   */
  static PassConfig.IrqSource.Periodic periodicIrq(Word w, Location where) throws ConfigException {
    String t = w.text();
    List<int[]> parts = split(t, 0, t.length(), ',');
    if (parts.size() > 2) {
      throw new ConfigException(
          w.at(parts.get(2)[0] - 1), "irq timer: is PERIOD_US[,COUNT]; nothing may follow COUNT");
    }
    int period =
        ConfigNumbers.plainInRange(
            slice(t, parts.get(0)), w.at(parts.get(0)[0]), 1, MAX_IRQ_PERIOD_MICROS,
            "period in microseconds");
    long count = 0;
    if (parts.size() == 2) {
      count =
          ConfigNumbers.plainInRange(
              slice(t, parts.get(1)), w.at(parts.get(1)[0]), 1, Integer.MAX_VALUE, "COUNT");
    }
    return new PassConfig.IrqSource.Periodic(period, count, where);
  }

  /** {@code PIC:N}, or {@code PIC} alone (automatic), of a vdev's {@code intr}. */
  static IntrSpec vdevInterrupt(Word w) throws ConfigException {
    String t = w.text();
    int colon = t.indexOf(':');
    if (colon == 0 || t.isEmpty()) {
      throw new ConfigException(w.location(), "intr needs PIC:N or PIC (e.g. gic:33 or gic)");
    }
    if (colon < 0) {
      return new IntrSpec(t, OptionalInt.empty(), w.location());
    }
    int intid = ConfigNumbers.plainInRange(t.substring(colon + 1), w.at(colon + 1), 0, MAX_INTID,
        "INTID");
    return new IntrSpec(t.substring(0, colon), OptionalInt.of(intid), w.location());
  }

  /** {@code N} or {@code PIC:N} of {@code reserve intr}. */
  static int reservedIntid(Word w) throws ConfigException {
    int colon = w.text().indexOf(':');
    return ConfigNumbers.plainInRange(
        w.text().substring(colon + 1), w.at(colon + 1), 0, MAX_INTID, "INTID");
  }

  /**
   * {@code A.B.C.D} (Aff3.Aff2.Aff1.Aff0, fewer parts fill from Aff0 upwards) as MPIDR_EL1 bits:
   * Aff0 [7:0], Aff1 [15:8], Aff2 [23:16], Aff3 [39:32] (ARM ARM, register MPIDR_EL1).
   */
  static long affinity(Word w) throws ConfigException {
    String t = w.text();
    List<int[]> parts = split(t, 0, t.length(), '.');
    if (parts.size() > 4) {
      throw new ConfigException(w.location(), "affinity is at most A.B.C.D (Aff3.Aff2.Aff1.Aff0)");
    }
    long mpidr = 0;
    int[] shifts = {0, 8, 16, 32};
    for (int i = 0; i < parts.size(); i++) {
      int[] p = parts.get(parts.size() - 1 - i);
      long aff = ConfigNumbers.plainInRange(slice(t, p), w.at(p[0]), 0, 255, "affinity field");
      mpidr |= aff << shifts[i];
    }
    return mpidr;
  }

  /** {@code N,N,...} of {@code runmask}. */
  static List<Integer> numberList(Word w) throws ConfigException {
    List<Integer> out = new ArrayList<>();
    for (int[] p : split(w.text(), 0, w.text().length(), ',')) {
      out.add(ConfigNumbers.plainInRange(slice(w.text(), p), w.at(p[0]), 0, 1023, "CPU number"));
    }
    return out;
  }

  /** {@code PRIO[r|f|o]} of {@code sched}. */
  static SchedHint sched(Word w) throws ConfigException {
    String t = w.text();
    SchedHint.Policy policy = SchedHint.Policy.DEFAULT;
    if (!t.isEmpty() && Character.isLetter(t.charAt(t.length() - 1))) {
      policy =
          switch (t.charAt(t.length() - 1)) {
            case 'r' -> SchedHint.Policy.ROUND_ROBIN;
            case 'f' -> SchedHint.Policy.FIFO;
            case 'o' -> SchedHint.Policy.OTHER;
            default ->
                throw new ConfigException(
                    w.at(t.length() - 1), "scheduling policy must be r, f or o");
          };
      t = t.substring(0, t.length() - 1);
    }
    int prio = ConfigNumbers.plainInRange(t, w.location(), 1, 255, "priority");
    return new SchedHint(prio, policy, w.location());
  }

  /** Half-open {start, end} ranges of the parts of {@code t[from, to)} separated by {@code sep}. */
  private static List<int[]> split(String t, int from, int to, char sep) {
    List<int[]> parts = new ArrayList<>();
    int s = from;
    for (int i = from; i <= to; i++) {
      if (i == to || t.charAt(i) == sep) {
        parts.add(new int[] {s, i});
        s = i + 1;
      }
    }
    return parts;
  }

  private static String slice(String t, int[] range) {
    return t.substring(range[0], range[1]);
  }
}
