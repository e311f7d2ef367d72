package dev.qvm.core.irq;

import dev.qvm.core.config.GicLayout;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Creates the VM's interrupt controller; found with {@link ServiceLoader} so that qvm-core does
 * not depend on the module that implements it.
 */
public interface InterruptControllerProvider {

  /**
   * Creates the controller the layout describes.
   *
   * @param mpidrs each vCPU's MPIDR_EL1, in vCPU order (GICR_TYPER affinity, IROUTER routing)
   */
  InterruptController create(GicLayout gic, List<Long> mpidrs);

  /** The first provider on the module path or class path, or null when there is none. */
  static InterruptControllerProvider find() {
    return ServiceLoader.load(InterruptControllerProvider.class).findFirst().orElse(null);
  }
}
