package dev.qvm.cpu.exec;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The second tier of the interpreter (docs/interpreter.md, "The compiling tier"):
 * turns a hot run of pre-decoded instructions into a {@link CompiledBlock} whose class is
 * generated with {@code java.lang.classfile}.
 *
 * <p>The generated code does not re-implement any instruction: it calls the pre-decoded
 * objects' own {@code execute} methods, each through its exact (final) class. That is enough
 * for the JIT: each of those call sites has one possible target, so HotSpot inlines the
 * instruction bodies into the block's method, and the block runs as straight-line machine code
 * with no dispatch between its instructions. One class serves every block of the same
 * <em>shape</em> (the sequence of instruction classes); the operands live in the instance's
 * fields. A Linux boot has a few thousand shapes, each defined and JIT-compiled once.
 *
 * <p>Only instructions that cannot change the flow of control, the exception level or PSTATE
 * other than NZCV may be followed by another in a block ({@link #straightLine}); they may still
 * fault, by throwing {@code GuestException} after taking the exception, which leaves the block
 * with the PC and instruction count the fault left.
 */
final class BlockCompiler {

  /**
   * Arrivals at a block head (a slot reached by a branch or at page entry) that compile its
   * block: a hot loop gets there within milliseconds. The JIT's C2 spends 15-30 ms on each new
   * block method, which pays only for a block that then runs millions of instructions. In a
   * Debian boot, a threshold of 64 compiled 10,300 blocks and the process used 21 s of CPU
   * against 15.5 s without blocks; at 512, 3,800 blocks kept C2 busy 15.4 s instead of 4.5 s;
   * at 32,768 about 250 blocks are compiled and the boot was faster than without blocks
   * (9.8 s against 12.7 s in one measurement; docs/benchmarks.md).
   * {@code -Dqvm.blocks.threshold=1} compiles every head at its first arrival (the CPU module's
   * tests run so, to put every instruction sequence through the blocks).
   */
  static final int THRESHOLD = Integer.getInteger("qvm.blocks.threshold", 32768);

  /**
   * {@code -Dqvm.blocks=false} (QVM_JAVA_OPTS for ./qvm) runs the pre-decoding interpreter alone,
   * to compare speed or to rule the compiler out when hunting a bug: a heat count never reaches
   * {@link #HEAT_TRIGGER}.
   */
  static final boolean ENABLED = !"false".equals(System.getProperty("qvm.blocks"));

  /** The count at which the run loop compiles a head: 0, never reached, when disabled. */
  static final int HEAT_TRIGGER = ENABLED ? Math.max(1, THRESHOLD) : 0;

  /** The most instructions in one block: keeps each generated method within the JIT's inlining budget. */
  static final int MAX_LENGTH = 32;

  private static final ClassDesc CD_CPU = ClassDesc.of(Cpu.class.getName());
  private static final ClassDesc CD_INSN = ClassDesc.of(DecodedInsn.class.getName());
  private static final ClassDesc CD_BLOCK = ClassDesc.of(CompiledBlock.class.getName());
  private static final MethodTypeDesc EXECUTE = MethodTypeDesc.of(ConstantDescs.CD_void, CD_CPU, ConstantDescs.CD_long);

  /** The constructor, {@code (DecodedInsn[]) -> CompiledBlock}, of each shape's class. */
  private static final ConcurrentHashMap<List<Class<?>>, MethodHandle> SHAPES = new ConcurrentHashMap<>();

  private BlockCompiler() {}

  /**
   * Whether {@code insn} leaves the flow of control to the next instruction (or faults): the
   * pre-decoded integer data-processing and load/store forms, and the generic dispatch of the
   * data-processing, load/store and FP/SIMD groups. Branches, exception generation and system
   * instructions (barriers, MSR, TLBI, WFI, ...) end a block.
   */
  static boolean straightLine(DecodedInsn insn) {
    Class<?> outer = insn.getClass().getEnclosingClass();
    if (outer == DecodedDataProcessing.class || outer == DecodedLoadStore.class) {
      return true;
    }
    return insn instanceof Predecoder.Generic g && STRAIGHT_GROUPS.get(g.op >>> 8);
  }

  /**
   * The groups of A64Decoder.execute (op >>> 8) whose instructions never branch: everything but
   * Branches, ExceptionGeneration and SystemInstructions (and 0, UNDEFINED).
   */
  private static final java.util.BitSet STRAIGHT_GROUPS = groups(
      "FpSimdLoadStore", "SimdLoadStoreStructure", "SimdPermute", "SimdThreeSame", "SimdThreeDifferent",
      "SimdTwoRegMisc", "SimdShiftImmediate", "SimdIndexedElement", "CryptoOps", "FpDataProcessing",
      "FpConversion", "DataProcessingImmediate", "LoadStoreExclusive", "LoadStoreSingle", "LoadStorePair",
      "Atomics", "DataProcessingRegister");

  private static java.util.BitSet groups(String... names) {
    java.util.BitSet set = new java.util.BitSet();
    for (String name : names) {
      set.set(dev.qvm.cpu.decode.A64Decoder.groupNumber(name));
    }
    return set;
  }

  /**
   * Whether the block must look at the PC after {@code insn}: the generic groups take an
   * UNDEFINED or FP-access exception by setting the PC to the vector and returning, where the
   * pre-decoded forms throw.
   */
  private static boolean mayReturnFromAnException(Class<?> type) {
    return type == Predecoder.Generic.class;
  }

  /** Number of distinct block shapes defined so far (statistics, tests). */
  static int shapes() {
    return SHAPES.size();
  }

  /** A block running {@code insns} in order, the first at the block's PC. */
  static CompiledBlock compile(DecodedInsn[] insns) {
    Class<?>[] classes = new Class<?>[insns.length];
    for (int i = 0; i < insns.length; i++) {
      classes[i] = insns[i].getClass();
    }
    MethodHandle constructor = SHAPES.computeIfAbsent(List.of(classes), BlockCompiler::define);
    try {
      return (CompiledBlock) constructor.invokeExact(insns);
    } catch (Throwable e) {
      throw new IllegalStateException("block constructor failed", e);
    }
  }

  /**
   * Defines the hidden class of one shape, in this package (it extends the package-private
   * {@link CompiledBlock} and calls package-private {@code execute} methods):
   *
   * <pre>
   *   final class Block extends CompiledBlock {
   *     final C0 i0; final C1 i1; ...                  // the instructions, by exact class
   *     Block(DecodedInsn[] d) { super(n); i0 = (C0) d[0]; ... }
   *     void execute(Cpu cpu, long pc) {                // the loop already did pc + 4, retired++
   *       cpu.sliceBudget -= n - 1;
   *       i0.execute(cpu, pc);
   *       cpu.pc = pc + 8; cpu.instructionsRetired++; i1.execute(cpu, pc + 4);
   *       ...
   *     }
   *   }
   * </pre>
   */
  private static MethodHandle define(List<Class<?>> shape) {
    int n = shape.size();
    ClassDesc[] types = new ClassDesc[n];
    for (int i = 0; i < n; i++) {
      types[i] = ClassDesc.ofDescriptor(shape.get(i).descriptorString());
    }
    ClassDesc self = ClassDesc.of(BlockCompiler.class.getPackageName() + ".Block");
    byte[] bytes =
        ClassFile.of()
            .build(
                self,
                cb -> {
                  cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
                  cb.withSuperclass(CD_BLOCK);
                  for (int i = 0; i < n; i++) {
                    cb.withField("i" + i, types[i], ClassFile.ACC_FINAL);
                  }
                  cb.withMethodBody(
                      ConstantDescs.INIT_NAME,
                      MethodTypeDesc.of(ConstantDescs.CD_void, CD_INSN.arrayType()),
                      0,
                      code -> {
                        code.aload(0);
                        code.loadConstant(n);
                        code.invokespecial(CD_BLOCK, ConstantDescs.INIT_NAME, MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int));
                        for (int i = 0; i < n; i++) {
                          code.aload(0);
                          code.aload(1);
                          code.loadConstant(i);
                          code.aaload();
                          code.checkcast(types[i]);
                          code.putfield(self, "i" + i, types[i]);
                        }
                        code.return_();
                      });
                  cb.withMethodBody("execute", EXECUTE, ClassFile.ACC_FINAL, code -> emitExecute(code, self, types, shape));
                });
    try {
      MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(bytes, true);
      return hidden
          .findConstructor(hidden.lookupClass(), MethodType.methodType(void.class, DecodedInsn[].class))
          .asType(MethodType.methodType(CompiledBlock.class, DecodedInsn[].class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot define the block class for " + Arrays.toString(types), e);
    }
  }

  private static void emitExecute(CodeBuilder code, ClassDesc self, ClassDesc[] types, List<Class<?>> shape) {
    int n = types.length;
    java.lang.classfile.Label leave = code.newLabel();
    // Locals: 0 this, 1 cpu, 2-3 pc (of the block's first instruction).
    code.aload(1);
    code.dup();
    code.getfield(CD_CPU, "sliceBudget", ConstantDescs.CD_int);
    code.loadConstant(n - 1);
    code.isub();
    code.putfield(CD_CPU, "sliceBudget", ConstantDescs.CD_int);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        code.aload(1);
        code.lload(2);
        code.loadConstant(4L * i + 4);
        code.ladd();
        code.putfield(CD_CPU, "pc", ConstantDescs.CD_long);
        code.aload(1);
        code.dup();
        code.getfield(CD_CPU, "instructionsRetired", ConstantDescs.CD_long);
        code.lconst_1();
        code.ladd();
        code.putfield(CD_CPU, "instructionsRetired", ConstantDescs.CD_long);
      }
      code.aload(0);
      code.getfield(self, "i" + i, types[i]);
      code.aload(1);
      code.lload(2);
      if (i > 0) {
        code.loadConstant(4L * i);
        code.ladd();
      }
      code.invokevirtual(types[i], "execute", EXECUTE);
      if (i < n - 1 && mayReturnFromAnException(shape.get(i))) {
        // if (cpu.pc != pc + 4 * (i + 1)) return;  -- the instruction took an exception
        code.aload(1);
        code.getfield(CD_CPU, "pc", ConstantDescs.CD_long);
        code.lload(2);
        code.loadConstant(4L * i + 4);
        code.ladd();
        code.lcmp();
        code.ifne(leave);
      }
    }
    code.labelBinding(leave);
    code.return_();
  }
}
