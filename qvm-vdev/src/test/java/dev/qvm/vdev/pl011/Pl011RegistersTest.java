package dev.qvm.vdev.pl011;

import static dev.qvm.vdev.pl011.Pl011.*;
import static dev.qvm.vdev.pl011.Pl011Fixture.reg;
import static dev.qvm.vdev.pl011.Pl011Fixture.setReg;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pl011RegistersTest {
  @TempDir Path dir;
  private Pl011 uart;

  @BeforeEach
  void setUp() throws Exception {
    uart = Pl011Fixture.createWithoutTimeout(dir);
  }

  @AfterEach
  void tearDown() {
    uart.close();
  }

  @Test
  void resetValuesFollowTheTrmAndQemu() {
    assertThat(reg(uart, UARTFR)).as("UARTFR: RXFE and TXFE, nothing busy").isEqualTo(0x90);
    assertThat(reg(uart, UARTCR)).as("UARTCR: TXE and RXE set, UARTEN clear").isEqualTo(0x300);
    assertThat(reg(uart, UARTIFLS)).as("UARTIFLS: both trigger levels at 1/2").isEqualTo(0x12);
    for (int offset :
        new int[] {
          UARTRSR_ECR,
          UARTILPR,
          UARTIBRD,
          UARTFBRD,
          UARTLCR_H,
          UARTIMSC,
          UARTRIS,
          UARTMIS,
          UARTDMACR
        }) {
      assertThat(reg(uart, offset)).as("reset value at 0x%x", offset).isZero();
    }
  }

  @Test
  void identificationRegistersReportAnArmPl011() {
    int[] expected = {0x11, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1};
    for (int i = 0; i < expected.length; i++) {
      assertThat(reg(uart, 0xFE0 + 4 * i))
          .as("ID register at 0x%x", 0xFE0 + 4 * i)
          .isEqualTo(expected[i]);
    }
  }

  @Test
  void identificationRegistersIgnoreWrites() {
    setReg(uart, 0xFE0, 0x55);
    assertThat(reg(uart, 0xFE0)).isEqualTo(0x11);
  }

  @Test
  void readWriteRegistersKeepOnlyTheirDefinedBits() {
    setReg(uart, UARTIBRD, 0xFFFF_FFFF);
    setReg(uart, UARTFBRD, 0xFFFF_FFFF);
    setReg(uart, UARTILPR, 0xFFFF_FFFF);
    setReg(uart, UARTLCR_H, 0xFFFF_FFFF);
    setReg(uart, UARTCR, 0xFFFF_FFFF);
    setReg(uart, UARTIFLS, 0xFFFF_FFFF);
    setReg(uart, UARTDMACR, 0xFFFF_FFFF);
    assertThat(reg(uart, UARTIBRD)).as("IBRD is BAUDDIVINT[15:0]").isEqualTo(0xFFFF);
    assertThat(reg(uart, UARTFBRD)).as("FBRD is BAUDDIVFRAC[5:0]").isEqualTo(0x3F);
    assertThat(reg(uart, UARTILPR)).isEqualTo(0xFF);
    assertThat(reg(uart, UARTLCR_H)).isEqualTo(0xFF);
    assertThat(reg(uart, UARTCR)).as("UARTCR bits [6:3] are reserved").isEqualTo(0xFF87);
    assertThat(reg(uart, UARTIFLS)).isEqualTo(0x3F);
    assertThat(reg(uart, UARTDMACR)).isEqualTo(0x7);
  }

  @Test
  void readOnlyAndReservedOffsetsReadZeroOrIgnoreWrites() {
    setReg(uart, UARTFR, 0);
    setReg(uart, UARTRIS, 0x7FF);
    setReg(uart, UARTMIS, 0x7FF);
    setReg(uart, 0x08, 0x1234);
    assertThat(reg(uart, UARTFR)).isEqualTo(0x90);
    assertThat(reg(uart, UARTRIS)).isZero();
    assertThat(reg(uart, 0x08)).as("reserved").isZero();
    assertThat(reg(uart, 0x80)).as("test registers").isZero();
    assertThat(reg(uart, UARTICR)).as("UARTICR is write-only").isZero();
  }

  @Test
  void narrowReadsReturnTheAddressedBytesOfTheWord() {
    setReg(uart, UARTIBRD, 0xBEEF);
    assertThat(uart.read(UARTIBRD, 2)).isEqualTo(0xBEEF);
    assertThat(uart.read(UARTIBRD, 1)).isEqualTo(0xEF);
    assertThat(uart.read(UARTIBRD + 1, 1)).isEqualTo(0xBE);
    assertThat(uart.read(UARTCR + 1, 1)).as("UARTCR[15:8]").isEqualTo(0x03);
  }

  @Test
  void narrowWritesAtARegisterOffsetWriteTheValueZeroExtended() {
    setReg(uart, UARTIBRD, 0xFFFF);
    uart.write(UARTIBRD, 1, 0x2A);
    assertThat(reg(uart, UARTIBRD)).isEqualTo(0x2A);
    uart.write(UARTCR, 2, 0x0301);
    assertThat(reg(uart, UARTCR)).isEqualTo(0x301);
  }

  @Test
  void narrowWritesAtUnalignedOffsetsAreIgnored() {
    uart.write(UARTIBRD + 1, 1, 0x12);
    assertThat(reg(uart, UARTIBRD)).isZero();
  }

  @Test
  void doublewordAccessesSplitIntoTwoWordsLowFirst() {
    uart.write(UARTIBRD, 8, 0x0000_0015_0000_1234L);
    assertThat(reg(uart, UARTIBRD)).isEqualTo(0x1234);
    assertThat(reg(uart, UARTFBRD)).isEqualTo(0x15);
    assertThat(uart.read(UARTIBRD, 8)).isEqualTo(0x0000_0015_0000_1234L);
  }

  @Test
  void rsrOverrunIsSetAtTheOverrunAndClearedOnlyByEcr() {
    setReg(uart, UARTLCR_H, LCR_H_FEN);
    for (int i = 0; i < 17; i++) {
      uart.receiveFromLine('a');
    }
    assertThat(reg(uart, UARTRSR_ECR)).as("RSR.OE as the overrun happens").isEqualTo(RSR_OE);
    assertThat(reg(uart, UARTDR)).as("a clean character").isEqualTo('a');
    assertThat(reg(uart, UARTRSR_ECR)).as("RSR.OE stays until ECR").isEqualTo(RSR_OE);
    setReg(uart, UARTRSR_ECR, 0);
    assertThat(reg(uart, UARTRSR_ECR)).as("any ECR write clears").isZero();
    uart.receiveFromLine('b');
    for (int i = 0; i < 15; i++) {
      reg(uart, UARTDR);
    }
    assertThat(reg(uart, UARTRSR_ECR)).isZero();
    assertThat(reg(uart, UARTDR)).as("the character after the overrun").isEqualTo(DR_OE | 'b');
    assertThat(reg(uart, UARTRSR_ECR)).as("RSR.OE from reading it").isEqualTo(RSR_OE);
  }
}
