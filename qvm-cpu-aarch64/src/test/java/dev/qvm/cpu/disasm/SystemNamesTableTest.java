package dev.qvm.cpu.disasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The system register and SYS operation names: spot checks against the ARM ARM names that
 * need no tool, and, with objdump installed, every MRS, MSR and SYS encoding exhaustively.
 */
class SystemNamesTableTest {

  @Test
  void knownRegistersAndOperationsHaveTheirArchitecturalNames() {
    assertThat(Disassembler.disassemble(0xd5380000, 0)).isEqualTo("mrs\tx0, midr_el1");
    assertThat(Disassembler.disassemble(0xd518c000, 0)).isEqualTo("msr\tvbar_el1, x0");
    assertThat(Disassembler.disassemble(0xd53be040, 0)).isEqualTo("mrs\tx0, cntvct_el0");
    assertThat(Disassembler.disassemble(0xd5100000, 0)).isEqualTo("msr\ts2_0_c0_c0_0, x0");
    assertThat(Disassembler.disassemble(0xd538f240, 0)).isEqualTo("mrs\tx0, s3_0_c15_c2_2");
    // DBGDTRRX_EL0 and DBGDTRTX_EL0 share one encoding: the name follows the direction.
    assertThat(Disassembler.disassemble(0xd5330500, 0)).isEqualTo("mrs\tx0, dbgdtrrx_el0");
    assertThat(Disassembler.disassemble(0xd5130500, 0)).isEqualTo("msr\tdbgdtrtx_el0, x0");
    assertThat(Disassembler.disassemble(0xd508871f, 0)).isEqualTo("tlbi\tvmalle1");
    assertThat(Disassembler.disassemble(0xd50b7520, 0)).isEqualTo("ic\tivau, x0");
    assertThat(Disassembler.disassemble(0xd50b7e3f, 0)).isEqualTo("dc\tcivac, xzr");
    assertThat(Disassembler.disassemble(0xd5087800, 0)).isEqualTo("at\ts1e1r, x0");
    assertThat(Disassembler.disassemble(0xd508001f, 0)).isEqualTo("sys\t#0, C0, C0, #0");
    assertThat(Disassembler.disassemble(0xd5080005, 0)).isEqualTo("sys\t#0, C0, C0, #0, x5");
  }

  @Test
  void everySystemEncodingMatchesLiveObjdump() throws Exception {
    java.nio.file.Path root = DisasmReferences.repoRoot();
    if (!ExternalObjdump.availableOrSkip("the exhaustive system register comparison")) {
      return;
    }
    if (DisasmReferences.regenerating()) {
      DisasmReferences.regenerateSystemNames(root);
    }
    List<ObjdumpListing.Line> lines =
        ExternalObjdump.disassembleWords(DisasmReferences.systemWords());
    assertThat(lines).hasSize(DisasmReferences.systemWords().length);
    assertThat(ObjdumpListing.mismatches(lines)).as("mismatches (word, ours, objdump)").isEmpty();
  }
}
