package dev.qvm.cli;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.VmLayout;
import dev.qvm.core.vm.ExitCodes;
import dev.qvm.core.vm.Vm;
import dev.qvm.core.vm.VmAssembler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code qvm dtb FILE.qvmconf -o board.dtb}: writes the device tree the guest would boot with
 * (what {@code set fdt-dump-file} writes too); {@code dtc -I dtb -O dts board.dtb} reads it.
 */
@Command(name = "dtb", mixinStandardHelpOptions = true, description = "Write the device tree blob the VM gives its guest.")
final class DtbCommand implements Callable<Integer> {

  @ParentCommand QvmCommand parent;

  @Parameters(index = "0", paramLabel = "FILE.qvmconf")
  Path file;

  @Parameters(index = "1..*", paramLabel = "WORDS", description = "More option words, as for 'qvm run'.")
  List<String> words = new ArrayList<>();

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.dtb", description = "Where to write the blob.")
  Path output;

  @Override
  public Integer call() {
    Vm vm;
    try {
      VmLayout layout = Board.plan(file, words);
      vm = Board.assemble(layout, new VmAssembler.Options(OutputStream.nullOutputStream(), new ByteArrayInputStream(new byte[0]), false));
    } catch (ConfigException e) {
      parent.err.println(e.getMessage());
      return ExitCodes.CONFIG_ERROR;
    }
    try {
      return write(vm);
    } finally {
      vm.close();
    }
  }

  private int write(Vm vm) {
    long ipa = vm.deviceTreeIpa();
    // The FDT header's totalsize (offset 4, big-endian) says how long the blob is.
    byte[] header = vm.memory().readBytes(ipa, 8);
    int total = ByteBuffer.wrap(header).getInt(4);
    byte[] blob = vm.memory().readBytes(ipa, total);
    try {
      Files.write(output, blob);
    } catch (IOException e) {
      parent.err.println("qvm: cannot write " + output + ": " + e.getMessage());
      return ExitCodes.FATAL_BEFORE_START;
    }
    parent.err.printf("qvm: wrote %s (%d bytes; the guest finds it at IPA 0x%x)%n", output, blob.length, ipa);
    return 0;
  }
}
