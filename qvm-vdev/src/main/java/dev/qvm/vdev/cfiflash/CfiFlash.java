package dev.qvm.vdev.cfiflash;

import dev.qvm.core.boot.FdtBuilder;
import dev.qvm.core.memory.RomDevice;
import dev.qvm.core.memory.RomDeviceMemory;
import dev.qvm.core.memory.RomdWindow;
import dev.qvm.core.vdev.DeviceTreeNode;
import dev.qvm.core.vdev.Vdev;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code vdev cfi-flash}: one bank of parallel NOR flash as QEMU's virt board wires it — two x16
 * devices with the Intel/Sharp command set side by side on a 32-bit bus (so every command, status
 * and query answer appears on both 16-bit lanes), 256 KiB erase blocks across the bank,
 * manufacturer 0x89 (Intel), device 0x18. Firmware built for that board (U-Boot's
 * {@code qemu_arm64}) probes it through CFI and keeps its environment in it.
 *
 * <p>Modes and commands follow the Intel StrataFlash (28FxxxJ3) datasheet's command definitions:
 * Read Array (0xFF), Read Identifier (0x90), CFI Query (0x98), Read Status (0x70), Clear Status
 * (0x50), Program (0x40/0x10), Buffered Program (0xE8 ... 0xD0), Block Erase (0x20 0xD0), and
 * Block Lock/Unlock (0x60 0x01/0xD0), which is accepted but not modelled (blocks always read as
 * unlocked). Operations complete at once: the status register's ready bit (SR.7) is always set.
 * 0xF0 (the AMD reset that CFI probes send first) also returns to read array, as QEMU's model does.
 *
 * <p>A {@link RomDevice}: in read-array mode stage 2 maps the cells read and execute, so the
 * guest reads them and executes in place at RAM speed (no exit), and only writes trap here; a
 * write that leaves read-array mode (a query, a status read, a program or erase) makes the whole
 * window trap until a command returns the bank to read array, as real NOR flash drives status or
 * query data instead of the array in those modes and as QEMU's pflash leaves its "romd" mode.
 * Fetching from the bank outside read-array mode is a stage-2 fault (an instruction abort), where
 * hardware would fetch status words: no firmware does either, since it runs its flash routines
 * from RAM.
 */
public final class CfiFlash implements Vdev, RomDevice, DeviceTreeNode {
  private static final Logger LOG = LoggerFactory.getLogger(CfiFlash.class);

  /** Bytes on the bus per access cycle: two x16 devices. */
  static final int BANK_WIDTH = 4;

  /** Bytes per device. */
  static final int DEVICE_WIDTH = 2;

  /** The erase block of the bank (each device holds half of it). */
  static final int BLOCK_SIZE = 256 * 1024;

  /** JEDEC manufacturer code (Intel) and device code, as QEMU's virt flash reports them. */
  static final int MANUFACTURER_ID = 0x89;

  static final int DEVICE_ID = 0x18;

  /** log2 of one device's write buffer: 2 KiB per device, 4 KiB across the bank. */
  static final int WRITE_BUFFER_LOG2 = 11;

  /** Status register bits (datasheet "Status Register Definitions"). */
  static final int SR_READY = 0x80;

  static final int SR_ERASE_ERROR = 0x20;
  static final int SR_PROGRAM_ERROR = 0x10;

  /** What the bank does with the next read or write. */
  enum Mode {
    READ_ARRAY,
    READ_STATUS,
    READ_ID,
    CFI_QUERY,
    PROGRAM_SETUP,
    ERASE_SETUP,
    LOCK_SETUP,
    BUFFER_COUNT,
    BUFFER_DATA,
    BUFFER_CONFIRM
  }

  /** One bus write collected by a buffered program, programmed at its confirm. */
  private record BufferedWrite(long offset, int size, long value) {}

  private final String name;
  private final FlashStorage storage;
  private final FileChannel image;
  private final CfiQueryTable query;
  private final List<BufferedWrite> buffer = new ArrayList<>();
  private Mode mode = Mode.READ_ARRAY;
  private int status = SR_READY;
  private int bufferRemaining;
  private boolean writeBackFailed;
  private RomdWindow window;

  /**
   * @param name the instance name, for logs
   * @param storage the bank's cells (already holding the image)
   * @param image the write-back file to close at the end (the storage writes to it), or null
   */
  CfiFlash(String name, FlashStorage storage, FileChannel image) {
    this.name = name;
    this.storage = storage;
    this.image = image;
    int devices = BANK_WIDTH / DEVICE_WIDTH;
    this.query =
        new CfiQueryTable(
            storage.size() / devices,
            BLOCK_SIZE / devices,
            (int) (storage.size() / BLOCK_SIZE),
            WRITE_BUFFER_LOG2);
  }

  /** The bank size in bytes (the rest of the window reads as all ones). */
  public long size() {
    return storage.size();
  }

  synchronized Mode mode() {
    return mode;
  }

  @Override
  public RomDeviceMemory romdMemory() {
    return storage.array();
  }

  @Override
  public synchronized void attachRomdWindow(RomdWindow window) {
    this.window = window;
    followMode();
  }

  /**
   * Maps the cells in stage 2 exactly while the bank is in read-array mode. Each switch makes
   * every vCPU drop its cached translations and the code it decoded from the bank, so code
   * decoded before a program or erase is never executed after it.
   */
  private void followMode() {
    if (window != null) {
      window.setRomd(mode == Mode.READ_ARRAY);
    }
  }

  /** A copy of the cells (tests). */
  synchronized byte[] contents() {
    return storage.snapshot();
  }

  @Override
  public synchronized long read(long offset, int size) {
    if (offset + size > storage.size()) {
      return size == 8 ? -1L : (1L << (8 * size)) - 1;
    }
    if (mode == Mode.READ_ARRAY) {
      return storage.getLittleEndian(offset, size);
    }
    if (size == 8) {
      return busWord(offset) | busWord(offset + 4) << 32;
    }
    long word = busWord(offset & ~3L);
    long mask = (1L << (8 * size)) - 1;
    return (word >>> (8 * (offset & 3))) & mask;
  }

  /**
   * The 32-bit word the bank drives for a read at the word-aligned {@code offset} outside read
   * array mode. Each x16 device sees word address {@code offset / 4} (the two low address lines
   * select bytes on the 32-bit bus) and answers on its own lane.
   */
  private long busWord(long offset) {
    long deviceAddress = offset / BANK_WIDTH;
    int answer =
        switch (mode) {
          case READ_ID ->
              // Identifier codes at device word 0 and 1; 2 is the block's lock configuration
              // (0: unlocked), and the low 8 address bits select the code within each block.
              switch ((int) (deviceAddress & 0xff)) {
                case 0 -> MANUFACTURER_ID;
                case 1 -> DEVICE_ID;
                default -> 0;
              };
          case CFI_QUERY -> query.at(deviceAddress);
          default -> status;
        };
    return (answer & 0xffffL) | (answer & 0xffffL) << 16;
  }

  @Override
  public synchronized void write(long offset, int size, long value) {
    busWrite(offset, size, value);
    followMode();
  }

  private void busWrite(long offset, int size, long value) {
    if (size == 8) {
      // Two bus cycles: the bank is 32 bits wide (QEMU splits such accesses the same way).
      busWrite(offset, 4, value & 0xffff_ffffL);
      busWrite(offset + 4, 4, value >>> 32);
      return;
    }
    if (offset + size > storage.size()) {
      return;
    }
    int command = (int) (value & 0xff);
    switch (mode) {
      case PROGRAM_SETUP -> {
        program(offset, size, value);
        mode = Mode.READ_STATUS;
      }
      case ERASE_SETUP -> {
        if (command == 0xd0) {
          if (!storage.eraseBlock(offset)) {
            reportWriteBackFailure();
            status |= SR_ERASE_ERROR;
          }
          mode = Mode.READ_STATUS;
        } else {
          commandSequenceError(command);
        }
      }
      case LOCK_SETUP -> {
        if (command == 0x01 || command == 0xd0 || command == 0x2f) {
          mode = Mode.READ_STATUS;
        } else {
          commandSequenceError(command);
        }
      }
      case BUFFER_COUNT -> {
        // The word count minus one, per device: one bus cycle programs one word in each device.
        bufferRemaining = (int) (value & 0xffff) + 1;
        if (bufferRemaining > (1 << WRITE_BUFFER_LOG2) / DEVICE_WIDTH) {
          commandSequenceError(command);
          return;
        }
        buffer.clear();
        mode = Mode.BUFFER_DATA;
      }
      case BUFFER_DATA -> {
        buffer.add(new BufferedWrite(offset, size, value));
        if (--bufferRemaining == 0) {
          mode = Mode.BUFFER_CONFIRM;
        }
      }
      case BUFFER_CONFIRM -> {
        if (command == 0xd0) {
          for (BufferedWrite w : buffer) {
            program(w.offset(), w.size(), w.value());
          }
          buffer.clear();
          mode = Mode.READ_STATUS;
        } else {
          buffer.clear();
          commandSequenceError(command);
        }
      }
      default -> command(command);
    }
  }

  /** A command written while the bank is in one of the read modes. */
  private void command(int command) {
    mode =
        switch (command) {
          case 0xff, 0xf0, 0x00 -> Mode.READ_ARRAY;
          case 0x70 -> Mode.READ_STATUS;
          case 0x90 -> Mode.READ_ID;
          case 0x98 -> Mode.CFI_QUERY;
          case 0x10, 0x40 -> Mode.PROGRAM_SETUP;
          case 0x20 -> Mode.ERASE_SETUP;
          case 0x60 -> Mode.LOCK_SETUP;
          case 0xe8 -> Mode.BUFFER_COUNT;
          case 0x50 -> {
            // Clear Status clears the error bits; the state machine stays ready. QEMU's model
            // returns to read array here, and so do we.
            status = SR_READY;
            yield Mode.READ_ARRAY;
          }
          default -> {
            LOG.debug("cfi-flash {}: unknown command 0x{}; back to read array", name,
                Integer.toHexString(command));
            yield Mode.READ_ARRAY;
          }
        };
  }

  private void program(long offset, int size, long value) {
    if (!storage.program(offset, size, value)) {
      reportWriteBackFailure();
      status |= SR_PROGRAM_ERROR;
    }
  }

  /** A second cycle that does not fit the first: SR.4 and SR.5 together (datasheet SR table). */
  private void commandSequenceError(int command) {
    LOG.debug("cfi-flash {}: command sequence error (0x{} in {})", name,
        Integer.toHexString(command), mode);
    status |= SR_PROGRAM_ERROR | SR_ERASE_ERROR;
    mode = Mode.READ_STATUS;
  }

  private void reportWriteBackFailure() {
    if (!writeBackFailed) {
      writeBackFailed = true;
      LOG.warn("cfi-flash {}: cannot write to the flash image file; the guest sees an error", name);
    }
  }

  @Override
  public String writeDeviceTree(FdtBuilder fdt, Placement placement) {
    // The binding Linux and U-Boot read for memory-mapped NOR (mtd/mtd-physmap.yaml).
    String node = String.format("flash@%x", placement.loc());
    fdt.beginNode(node);
    fdt.strings("compatible", "cfi-flash");
    fdt.longs("reg", placement.loc(), storage.size());
    fdt.cells("bank-width", BANK_WIDTH);
    fdt.endNode();
    return "/" + node;
  }

  @Override
  public synchronized void close() {
    if (image != null) {
      try {
        image.close();
      } catch (IOException e) {
        LOG.warn("cfi-flash {}: closing the flash image: {}", name, e.getMessage());
      }
    }
  }
}
