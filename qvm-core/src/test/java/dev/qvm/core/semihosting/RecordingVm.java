package dev.qvm.core.semihosting;

import dev.qvm.core.vm.VmControl;
import java.util.ArrayList;
import java.util.List;

/** Records every stop request, as the VM's real control would act on the first. */
final class RecordingVm implements VmControl {
  record Stop(int exitCode, String reason) {}

  final List<Stop> stops = new ArrayList<>();

  @Override
  public void requestStop(int exitCode, String reason) {
    stops.add(new Stop(exitCode, reason));
  }

  @Override
  public boolean stopping() {
    return !stops.isEmpty();
  }
}
