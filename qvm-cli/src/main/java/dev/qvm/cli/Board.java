package dev.qvm.cli;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.QvmConfig;
import dev.qvm.core.config.QvmConfigParser;
import dev.qvm.core.config.VdevCatalog;
import dev.qvm.core.config.VmLayout;
import dev.qvm.core.config.VmLayoutPlanner;
import dev.qvm.core.vm.Vm;
import dev.qvm.core.vm.VmAssembler;
import dev.qvm.cpu.Aarch64VcpuFactory;
import dev.qvm.cpu.CpuModel;
import java.nio.file.Path;
import java.util.List;

/** Reads a board: parse the {@code .qvmconf}, plan its layout, assemble the VM. */
final class Board {

  static VmLayout plan(Path file, List<String> words) throws ConfigException {
    QvmConfig config = QvmConfigParser.parse(file, words, System.getenv());
    return VmLayoutPlanner.plan(config, VdevCatalog.fromServiceLoader());
  }

  static Vm assemble(VmLayout layout, VmAssembler.Options options) throws ConfigException {
    return assemble(layout, options, false);
  }

  /** {@code icount}: also when the config says {@code set icount on}. */
  static Vm assemble(VmLayout layout, VmAssembler.Options options, boolean icount) throws ConfigException {
    boolean deterministic = icount || layout.variables().icount();
    return VmAssembler.assemble(layout, new Aarch64VcpuFactory(cpuModel(layout), deterministic), options);
  }

  /** The {@code set cpu-model} variable as a CPU model, or a located error naming the known ones. */
  static CpuModel cpuModel(VmLayout layout) throws ConfigException {
    var vars = layout.variables();
    CpuModel model = CpuModel.byName(vars.cpuModelName());
    if (model == null) {
      var where = vars.cpuModel().map(w -> w.location()).orElse(null);
      throw new ConfigException(where, "unknown cpu-model '" + vars.cpuModelName() + "' (known: " + String.join(", ", CpuModel.NAMES) + ")");
    }
    return model;
  }

  private Board() {}
}
