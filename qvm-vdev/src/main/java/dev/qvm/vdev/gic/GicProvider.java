package dev.qvm.vdev.gic;

import dev.qvm.core.config.GicLayout;
import dev.qvm.core.irq.InterruptController;
import dev.qvm.core.irq.InterruptControllerProvider;
import java.util.List;

/** Provides the virtual GICv3 to the VM assembler through {@link java.util.ServiceLoader}. */
public final class GicProvider implements InterruptControllerProvider {

  @Override
  public InterruptController create(GicLayout gic, List<Long> mpidrs) {
    return new Gicv3(gic, mpidrs);
  }
}
