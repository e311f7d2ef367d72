/** qvm's shared core: config, guest memory and stage 2, vdev and irq contracts, boot, VM. */
module dev.qvm.core {
  requires org.slf4j;
  requires java.management; // vCPU thread CPU time for --stats

  exports dev.qvm.core.config;
  exports dev.qvm.core.memory;
  exports dev.qvm.core.boot;
  exports dev.qvm.core.vdev;
  exports dev.qvm.core.irq;
  exports dev.qvm.core.vm;
  exports dev.qvm.core.semihosting;
  exports dev.qvm.core.stats;

  uses dev.qvm.core.vdev.VdevProvider;
  uses dev.qvm.core.irq.InterruptControllerProvider;
}
