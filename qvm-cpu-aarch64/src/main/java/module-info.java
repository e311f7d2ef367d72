/** The AArch64 interpreter: decoder, executor, system registers, stage-1 MMU, exceptions, timer. */
module dev.qvm.cpu {
  requires transitive dev.qvm.core;
  requires org.slf4j;

  exports dev.qvm.cpu;
  exports dev.qvm.cpu.exec;
  exports dev.qvm.cpu.decode;
  exports dev.qvm.cpu.disasm;
  exports dev.qvm.cpu.mmu;
  exports dev.qvm.cpu.exception;
  exports dev.qvm.cpu.sysreg;
  exports dev.qvm.cpu.timer;
  exports dev.qvm.cpu.trace;
  exports dev.qvm.cpu.gdb;
}
