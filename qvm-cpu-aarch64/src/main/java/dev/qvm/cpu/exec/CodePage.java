package dev.qvm.cpu.exec;

import dev.qvm.cpu.decode.A64Decoder;
import java.nio.ByteBuffer;

/**
 * The decoded form of one 4 KiB guest page of code: for each of its 1,024 instruction slots the
 * operation id and the instruction word (ARCHITECTURE.md section 3: "decoded code is cached per
 * guest physical page"). It mirrors guest memory: a store into the page re-decodes just the
 * slots it touched, so the page never goes stale and no vCPU needs to drop it.
 */
final class CodePage {
  final long ipaPage;
  final int[] ops = new int[1024];
  final int[] words = new int[1024];

  /**
   * The slots as {@link DecodedInsn}s, made when a slot first runs (null before): a page of
   * which only a few instructions run costs a few objects, not 1,024. A store into the slot
   * clears it again; vCPUs read one reference, so none sees half an update.
   */
  final DecodedInsn[] decoded = new DecodedInsn[1024];
  private final ByteBuffer buffer;
  private final int bufferOffset;

  CodePage(long ipaPage, ByteBuffer buffer, int bufferOffset) {
    this.ipaPage = ipaPage;
    this.buffer = buffer;
    this.bufferOffset = bufferOffset;
    for (int slot = 0; slot < 1024; slot++) {
      decodeSlot(slot);
    }
  }

  private void decodeSlot(int slot) {
    int word = buffer.getInt(bufferOffset + slot * 4);
    words[slot] = word;
    ops[slot] = A64Decoder.decode(word);
    decoded[slot] = null;
  }

  /** The slot's {@link DecodedInsn}, made now (the run loop found null). */
  DecodedInsn predecode(int slot) {
    int word = words[slot];
    DecodedInsn d = Predecoder.of(A64Decoder.decode(word), word);
    decoded[slot] = d;
    if (words[slot] != word) {
      decoded[slot] = null; // another vCPU stored into the slot meanwhile: decode again next time
    }
    return d;
  }

  /**
   * The run loop arrived at {@code slot}, holding {@code head}, for the {@link
   * BlockCompiler#THRESHOLD}th time: compiles the block starting there and puts it in the slot.
   * Returns what the slot now holds. The instructions are decoded again from the words, as they
   * are now; if another vCPU stores into the block meanwhile, the block is dropped at once.
   */
  DecodedInsn compileBlock(int slot, DecodedInsn head, dev.qvm.core.stats.VcpuCounters counters) {
    if (head instanceof CompiledBlock || !BlockCompiler.straightLine(head)) {
      return head; // a branch or system instruction alone: nothing to gain
    }
    int[] snapshot = new int[Math.min(BlockCompiler.MAX_LENGTH, 1024 - slot)];
    DecodedInsn[] insns = new DecodedInsn[snapshot.length];
    int n = 0;
    while (n < snapshot.length) {
      int word = words[slot + n];
      snapshot[n] = word;
      DecodedInsn d = Predecoder.of(A64Decoder.decode(word), word);
      insns[n++] = d;
      if (!BlockCompiler.straightLine(d)) {
        break;
      }
    }
    if (n < 2) {
      return head;
    }
    CompiledBlock block = BlockCompiler.compile(java.util.Arrays.copyOf(insns, n));
    counters.blocksCompiled++;
    decoded[slot] = block;
    for (int i = 0; i < n; i++) {
      if (words[slot + i] != snapshot[i]) {
        decoded[slot] = null; // a store raced with the compilation: decode afresh next time
        return head;
      }
    }
    return block;
  }

  /** True when this page was decoded from {@code buffer} at {@code offset}. */
  boolean decodedFrom(java.nio.ByteBuffer buffer, int offset) {
    return this.buffer == buffer && this.bufferOffset == offset;
  }

  /** Re-decodes the slots that a store of {@code size} bytes at page offset {@code offset} changed. */
  void redecode(int offset, int size) {
    int first = offset >>> 2;
    int last = Math.min(1023, (offset + size - 1) >>> 2);
    for (int slot = first; slot <= last; slot++) {
      decodeSlot(slot);
    }
    // A compiled block that starts before the store and runs into it is stale too.
    for (int head = Math.max(0, first - BlockCompiler.MAX_LENGTH + 1); head < first; head++) {
      if (decoded[head] instanceof CompiledBlock b && head + b.length > first) {
        decoded[head] = null;
      }
    }
  }
}
