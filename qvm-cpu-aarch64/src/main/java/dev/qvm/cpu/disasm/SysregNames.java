package dev.qvm.cpu.disasm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Names of system registers (MRS/MSR) and of the AT/DC/IC/TLBI/... operations that are aliases
 * of SYS, loaded from {@code a64-system-names.txt} next to this class. The table lists only
 * named encodings; anything else prints in the generic form {@code s3_0_c15_c2_0} (ARM ARM
 * C5.3) or {@code sys #op1, Cn, Cm, #op2}.
 */
final class SysregNames {

  /** A SYS alias: {@code mnemonic operation[, xt]}. */
  record SysOperation(String mnemonic, String operation, boolean takesRegister) {}

  private static final Map<Integer, String> READ = new HashMap<>();
  private static final Map<Integer, String> WRITE = new HashMap<>();
  private static final Map<Integer, SysOperation> SYS = new HashMap<>();

  static {
    try (InputStream in = SysregNames.class.getResourceAsStream("a64-system-names.txt")) {
      if (in == null) {
        throw new IllegalStateException("a64-system-names.txt is missing from the class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split(" ");
        int key = Integer.parseInt(f[1], 16);
        switch (f[0]) {
          case "R" -> READ.put(key, f[2]);
          case "W" -> WRITE.put(key, f[2]);
          case "S" -> SYS.put(key, new SysOperation(f[2], f[3], f.length > 4));
          default -> throw new IllegalStateException("a64-system-names.txt: bad line " + line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private SysregNames() {}

  /**
   * The name of the register {@code o0:op1:CRn:CRm:op2} (bits 19..5 of MRS/MSR) as the operand
   * of an MRS ({@code write == false}) or an MSR.
   */
  static String register(int encoding, boolean write) {
    String name = write ? WRITE.getOrDefault(encoding, READ.get(encoding)) : READ.get(encoding);
    if (name != null) {
      return name;
    }
    return generic(2 + (encoding >>> 14), encoding >>> 11 & 7, encoding >>> 7 & 0xf,
        encoding >>> 3 & 0xf, encoding & 7);
  }

  /** The implementation-defined spelling {@code s<op0>_<op1>_c<n>_c<m>_<op2>}. */
  static String generic(int op0, int op1, int crn, int crm, int op2) {
    return "s" + op0 + "_" + op1 + "_c" + crn + "_c" + crm + "_" + op2;
  }

  /** The SYS alias for {@code op1:CRn:CRm:op2} (bits 18..5 of SYS), or null when unnamed. */
  static SysOperation sysOperation(int encoding) {
    return SYS.get(encoding);
  }
}
