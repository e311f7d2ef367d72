/** qvm's virtual devices, each found through {@link dev.qvm.core.vdev.VdevProvider}. */
module dev.qvm.vdev {
  requires dev.qvm.core;
  requires org.slf4j;

  provides dev.qvm.core.vdev.VdevProvider with
      dev.qvm.vdev.pl011.Pl011Provider,
      dev.qvm.vdev.cfiflash.CfiFlashProvider,
      dev.qvm.vdev.wdt.Sp805Provider;
  provides dev.qvm.core.irq.InterruptControllerProvider with
      dev.qvm.vdev.gic.GicProvider;
}
