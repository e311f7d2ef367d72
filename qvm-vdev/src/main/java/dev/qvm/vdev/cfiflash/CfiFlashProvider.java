package dev.qvm.vdev.cfiflash;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.ConfigNumbers;
import dev.qvm.core.config.SubOption;
import dev.qvm.core.memory.RomDeviceMemory;
import dev.qvm.core.vdev.Vdev;
import dev.qvm.core.vdev.VdevContext;
import dev.qvm.core.vdev.VdevProvider;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * {@code vdev cfi-flash}: one bank of CFI NOR flash (see {@link CfiFlash}) in a 64 MiB window,
 * the size of each of QEMU virt's two banks (at 0x0 and 0x04000000).
 *
 * <p>Sub-options: {@code size N} (a multiple of the 256 KiB erase block, at most 64 MiB; default
 * 64 MiB), {@code file PATH} (the image the flash holds at start; the cells past its end read as
 * erased, 0xff), {@code rw} (programs and erases are written back to that file; without it they
 * change only qvm's copy). The flash raises no interrupt.
 */
public final class CfiFlashProvider implements VdevProvider {

  /** The register window: one QEMU virt flash bank. */
  static final long WINDOW = 64L << 20;

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public CfiFlashProvider() {}

  @Override
  public String type() {
    return "cfi-flash";
  }

  @Override
  public Set<String> options() {
    return Set.of("size", "file", "rw");
  }

  @Override
  public long windowSize() {
    return WINDOW;
  }

  @Override
  public boolean usesInterrupt() {
    return false;
  }

  @Override
  public Vdev create(VdevContext context) throws ConfigException {
    long size = WINDOW;
    SubOption file = null;
    SubOption rw = null;
    for (SubOption option : context.options()) {
      switch (option.name()) {
        case "size" -> {
          oneArgument(option, "size N");
          size = ConfigNumbers.size(option.arg(), option.location());
          if (size < CfiFlash.BLOCK_SIZE || size > WINDOW || size % CfiFlash.BLOCK_SIZE != 0) {
            throw new ConfigException(option.location(),
                "cfi-flash size " + option.arg() + " must be a multiple of 256K from 256K to 64M");
          }
        }
        case "file" -> {
          oneArgument(option, "file PATH");
          file = option;
        }
        case "rw" -> {
          if (!option.args().isEmpty()) {
            throw new ConfigException(option.location(), "rw takes no argument");
          }
          rw = option;
        }
        default ->
            throw new ConfigException(option.location(),
                "unknown cfi-flash option '" + option.name() + "' (known: size, file, rw)");
      }
    }
    if ((context.loc() & 0xfff) != 0) {
      // Stage 2 maps the array in read-array mode, and it maps whole 4 KiB pages.
      throw new ConfigException(context.location(), String.format(
          "cfi-flash loc 0x%x must be a multiple of 4K (the bank is mapped by pages)", context.loc()));
    }
    if (rw != null && file == null) {
      throw new ConfigException(rw.location(), "rw writes the flash back to its image: add file PATH");
    }
    byte[] image = new byte[0];
    FileChannel writeBack = null;
    if (file != null) {
      Path path = context.resolvePath(file.arg(), file.location());
      try {
        if (rw != null) {
          // Created when absent: an empty image is an erased flash (e.g. a fresh U-Boot
          // environment bank).
          writeBack = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
              StandardOpenOption.WRITE);
        }
        image = Files.readAllBytes(path);
      } catch (NoSuchFileException e) {
        closeQuietly(writeBack);
        throw new ConfigException(file.location(), "cfi-flash image " + path + " does not exist");
      } catch (IOException e) {
        closeQuietly(writeBack);
        throw new ConfigException(file.location(),
            "cannot open cfi-flash image " + path + ": " + e.getMessage());
      }
      if (image.length > size) {
        closeQuietly(writeBack);
        throw new ConfigException(file.location(), "cfi-flash image " + path + " has "
            + image.length + " bytes, more than the flash's " + size);
      }
    }
    FlashStorage storage;
    try {
      // The array covers the whole window: past a smaller bank it stays erased (all ones), what
      // the bank answers there anyway.
      RomDeviceMemory array =
          RomDeviceMemory.allocate(context.name(), context.loc(), WINDOW, CfiFlash.BLOCK_SIZE,
              FlashStorage.ERASED);
      storage = new FlashStorage(array, size, writeBack);
      storage.load(image);
    } catch (RuntimeException e) {
      closeQuietly(writeBack);
      throw e;
    }
    return new CfiFlash(context.name(), storage, writeBack);
  }

  private static void oneArgument(SubOption option, String form) throws ConfigException {
    if (option.args().size() != 1) {
      throw new ConfigException(option.location(), option.name() + " takes one argument: " + form);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Already reporting the error that made us close it.
      }
    }
  }
}
