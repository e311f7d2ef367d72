package dev.qvm.cpu.asm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToIntFunction;

/**
 * A growing little-endian buffer of instruction words and data at a fixed load address, with
 * labels for forward references: a PC-relative instruction is recorded with a function from its
 * byte offset to the target to the encoded word, and patched in {@link #toBytes()}.
 */
public final class CodeBuffer {

  /** A position in the buffer, bound once. */
  public static final class Label {
    private int offset = -1;

    /** Whether {@link CodeBuffer#bind} was called for this label. */
    public boolean isBound() {
      return offset >= 0;
    }
  }

  private record Fixup(int offset, Label target, LongToIntFunction encoder) {}

  private final long baseAddress;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final List<Fixup> fixups = new ArrayList<>();

  /** A buffer whose first byte will sit at {@code baseAddress}. */
  public CodeBuffer(long baseAddress) {
    this.baseAddress = baseAddress;
  }

  /** The address of the first byte. */
  public long baseAddress() {
    return baseAddress;
  }

  /** Bytes emitted so far. */
  public int size() {
    return out.size();
  }

  /** The address the next emitted byte will have. */
  public long here() {
    return baseAddress + out.size();
  }

  /** Appends one instruction word. */
  public void emit(int word) {
    if ((out.size() & 3) != 0) {
      throw new IllegalStateException("instruction at unaligned offset " + out.size());
    }
    emit32(word);
  }

  /** Appends a 32-bit little-endian datum. */
  public void emit32(int value) {
    out.write(value);
    out.write(value >>> 8);
    out.write(value >>> 16);
    out.write(value >>> 24);
  }

  /** Appends a 64-bit little-endian datum. */
  public void emit64(long value) {
    emit32((int) value);
    emit32((int) (value >>> 32));
  }

  /** Appends raw bytes. */
  public void emitBytes(byte[] bytes) {
    out.writeBytes(bytes);
  }

  /** Pads with zero bytes up to a multiple of {@code alignment}. */
  public void align(int alignment) {
    while (out.size() % alignment != 0) {
      out.write(0);
    }
  }

  /** Pads with zero bytes up to {@code offset}. */
  public void padTo(int offset) {
    if (offset < out.size()) {
      throw new IllegalStateException("already past offset 0x" + Integer.toHexString(offset));
    }
    while (out.size() < offset) {
      out.write(0);
    }
  }

  /** A new unbound label. */
  public Label newLabel() {
    return new Label();
  }

  /** Binds {@code label} to the current position. */
  public void bind(Label label) {
    if (label.isBound()) {
      throw new IllegalStateException("label bound twice");
    }
    label.offset = out.size();
  }

  /** The address of a bound label. */
  public long addressOf(Label label) {
    if (!label.isBound()) {
      throw new IllegalStateException("label not bound");
    }
    return baseAddress + label.offset;
  }

  /**
   * Appends a PC-relative instruction: {@code encoder} receives the byte offset from this
   * instruction to {@code target} once the target is known.
   */
  public void emitRef(Label target, LongToIntFunction encoder) {
    if (target.isBound()) {
      emit(encoder.applyAsInt(target.offset - (long) out.size()));
    } else {
      fixups.add(new Fixup(out.size(), target, encoder));
      emit(0);
    }
  }

  /** The buffer contents with every forward reference resolved. */
  public byte[] toBytes() {
    byte[] bytes = out.toByteArray();
    ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (Fixup f : fixups) {
      if (!f.target().isBound()) {
        throw new IllegalStateException("reference to an unbound label at 0x"
            + Integer.toHexString(f.offset()));
      }
      view.putInt(f.offset(), f.encoder().applyAsInt(f.target().offset - (long) f.offset()));
    }
    return bytes;
  }
}
