package dev.qvm.cpu.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .symtab reader against the committed hello guest (addresses as aarch64-linux-gnu-nm lists them). */
class SymbolTableTest {

  static Path hello() {
    return Path.of(System.getProperty("qvm.repo.root", "..")).toAbsolutePath().normalize().resolve("guest-images/hello/hello.elf");
  }

  @Test
  void namesAddressesAsObjdumpDoes() throws Exception {
    SymbolTable t = SymbolTable.read(hello());
    assertThat(t.addressOf("main")).isEqualTo(0x400800e0L);
    assertThat(t.addressOf("uart_puts")).isEqualTo(0x40080434L);
    assertThat(t.describe(0x40080000L)).isEqualTo("<_start>");
    assertThat(t.describe(0x400800f8L)).isEqualTo("<main+0x18>");
    assertThat(t.addressOf("$x")).as("mapping symbols are not names").isEqualTo(-1);
    assertThat(t.describe(0x10L)).as("below every symbol").isEmpty();
  }

  @Test
  void rawImageHasNoSymbols(@TempDir Path dir) throws Exception {
    Path raw = dir.resolve("raw.bin");
    Files.write(raw, new byte[128]);
    assertThat(SymbolTable.read(raw).size()).isZero();
  }

  @Test
  void traceKindsParseAndRejectUnknownOnes() {
    assertThat(TraceKind.parse("insn,exit")).containsExactlyInAnyOrder(TraceKind.INSN, TraceKind.EXIT);
    assertThat(TraceKind.parse("all")).hasSize(TraceKind.values().length);
    assertThatThrownBy(() -> TraceKind.parse("insn,irqs")).hasMessageContaining("unknown trace kind 'irqs'");
  }

  @Test
  void pcRangeIsHexOrASymbol() throws Exception {
    assertThat(Tracer.Filter.parseRange("0x40080000-4008ffff", SymbolTable.EMPTY)).containsExactly(0x40080000L, 0x4008ffffL);
    SymbolTable t = SymbolTable.read(hello());
    long[] main = Tracer.Filter.parseRange("main", t);
    assertThat(main[0]).isEqualTo(0x400800e0L);
    assertThat(main[1]).isGreaterThan(main[0]);
    assertThatThrownBy(() -> Tracer.Filter.parseRange("nowhere", t)).hasMessageContaining("START-END");
  }
}
