package dev.qvm.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * An open context ({@code cpu}, {@code pass}, {@code reserve}, {@code vdev}) collecting its
 * sub-options until the next context opens (QVMCONF.md "Contexts"). Within one context the last
 * value of a sub-option wins, except those that may repeat ({@code pass loc}, vdev sub-options).
 */
abstract sealed class ContextBuilder {

  final Location location;

  ContextBuilder(Location location) {
    this.location = location;
  }

  /** The context's name in messages. */
  abstract String what();

  /** Sub-option names this context knows, for "did you mean". */
  abstract Set<String> subOptions();

  /** Handles sub-option {@code name}, reading its argument from {@code in}. */
  abstract void subOption(Word name, WordStream in) throws ConfigException;

  ConfigException unknown(Word name) {
    Set<String> known = new TreeSet<>(subOptions());
    known.addAll(QvmConfigParser.OPTIONS);
    return new ConfigException(
        name.location(),
        "unknown option '" + name.text() + "' in " + what() + " context"
            + Suggestions.didYouMean(name.text(), known));
  }

  /** {@code cpu}: one vCPU. */
  static final class Cpu extends ContextBuilder {
    private static final Set<String> OPTIONS =
        Set.of("sched", "runmask", "cluster", "partition", "affinity");

    private Optional<SchedHint> sched = Optional.empty();
    private List<Integer> runmask = List.of();
    private Optional<String> cluster = Optional.empty();
    private Optional<String> partition = Optional.empty();
    private OptionalLong affinity = OptionalLong.empty();

    Cpu(Location location) {
      super(location);
    }

    @Override
    String what() {
      return "cpu";
    }

    @Override
    Set<String> subOptions() {
      return OPTIONS;
    }

    @Override
    void subOption(Word name, WordStream in) throws ConfigException {
      switch (name.text()) {
        case "sched" -> sched = Optional.of(SpecParsers.sched(in.argument(name, "PRIO[r|f|o]")));
        case "runmask" -> runmask = SpecParsers.numberList(in.argument(name, "a CPU list"));
        case "cluster" -> cluster = Optional.of(in.argument(name, "a cluster name").text());
        case "partition" -> partition = Optional.of(in.argument(name, "a partition name").text());
        case "affinity" ->
            affinity = OptionalLong.of(SpecParsers.affinity(in.argument(name, "A.B.C.D")));
        default -> throw unknown(name);
      }
    }

    CpuConfig build() {
      return new CpuConfig(sched, runmask, cluster, partition, affinity, location);
    }
  }

  /** {@code pass}: windows, an interrupt, and the qvm stub-device hooks. */
  static final class Pass extends ContextBuilder {
    private static final Set<String> OPTIONS = Set.of("loc", "intr", "backend", "irq");

    private final List<PassLoc> windows = new ArrayList<>();
    private Optional<PassInterrupt> intr = Optional.empty();
    private Optional<Word> backend = Optional.empty();
    private Optional<PassConfig.IrqSource> irq = Optional.empty();

    Pass(Location location) {
      super(location);
    }

    @Override
    String what() {
      return "pass";
    }

    @Override
    Set<String> subOptions() {
      return OPTIONS;
    }

    @Override
    void subOption(Word name, WordStream in) throws ConfigException {
      switch (name.text()) {
        case "loc" ->
            windows.add(SpecParsers.passWindow(in.argument(name, "[mem:]ADDR,LEN,FLAGS")));
        case "intr" ->
            intr = Optional.of(SpecParsers.passInterrupt(in.argument(name, "PIC:N[,u]")));
        case "backend" -> backend = Optional.of(backend(in.argument(name, "file:PATH")));
        case "irq" ->
            irq = Optional.of(irq(in.argument(name, "fifo:PATH, unix:PATH or timer:PERIOD_US[,COUNT]")));
        default -> throw unknown(name);
      }
    }

    private static Word backend(Word w) throws ConfigException {
      if (!w.text().startsWith("file:") || w.text().length() == 5) {
        throw new ConfigException(w.location(), "backend must be file:PATH");
      }
      return new Word(w.text().substring(5), w.at(5));
    }

    private static PassConfig.IrqSource irq(Word w) throws ConfigException {
      String t = w.text();
      int colon = t.indexOf(':');
      String kind = colon < 0 ? "" : t.substring(0, colon);
      if (!kind.equals("fifo") && !kind.equals("unix") && !kind.equals("timer")) {
        throw new ConfigException(
            w.location(), "irq must be fifo:PATH, unix:PATH or timer:PERIOD_US[,COUNT]");
      }
      if (colon == t.length() - 1) {
        throw new ConfigException(
            w.at(colon + 1), "irq " + t + " names no " + (kind.equals("timer") ? "period" : "path"));
      }
      Word rest = new Word(t.substring(colon + 1), w.at(colon + 1));
      return switch (kind) {
        case "fifo" -> new PassConfig.IrqSource.Channel(PassConfig.IrqSource.Kind.FIFO, rest);
        case "unix" -> new PassConfig.IrqSource.Channel(PassConfig.IrqSource.Kind.UNIX, rest);
        default -> SpecParsers.periodicIrq(rest, w.location());
      };
    }

    PassConfig build() throws ConfigException {
      if (windows.isEmpty() && intr.isEmpty()) {
        throw new ConfigException(location, "pass needs at least one loc or intr");
      }
      return new PassConfig(windows, intr, backend, irq, location);
    }
  }

  /** {@code reserve}: regions and INTIDs kept out of automatic assignment. */
  static final class Reserve extends ContextBuilder {
    private static final Set<String> OPTIONS = Set.of("loc", "intr");

    final List<ReservedRegion> regions = new ArrayList<>();
    final List<ReservedIntid> intids = new ArrayList<>();

    Reserve(Location location) {
      super(location);
    }

    @Override
    String what() {
      return "reserve";
    }

    @Override
    Set<String> subOptions() {
      return OPTIONS;
    }

    @Override
    void subOption(Word name, WordStream in) throws ConfigException {
      switch (name.text()) {
        case "loc" -> {
          Word w = in.argument(name, "ADDR,LEN");
          int skip = SpecParsers.memPrefix(w);
          long[] r = SpecParsers.addressAndLength(new Word(w.text().substring(skip), w.at(skip)));
          regions.add(new ReservedRegion(r[0], r[1], w.location()));
        }
        case "intr" -> {
          Word w = in.argument(name, "an INTID");
          intids.add(new ReservedIntid(SpecParsers.reservedIntid(w), w.location()));
        }
        default -> throw unknown(name);
      }
    }

    void checkNotEmpty() throws ConfigException {
      if (regions.isEmpty() && intids.isEmpty()) {
        throw new ConfigException(location, "reserve needs loc ADDR,LEN or intr N");
      }
    }
  }

  /**
   * {@code vdev TYPE}: the common sub-options; every other word is kept for the planner, which
   * knows the provider's sub-option names.
   */
  static final class Vdev extends ContextBuilder {
    static final Set<String> COMMON = Set.of("loc", "intr", "name");

    private final String type;
    private OptionalLong loc = OptionalLong.empty();
    private Optional<IntrSpec> intr = Optional.empty();
    private Optional<String> name = Optional.empty();
    private final List<Word> words = new ArrayList<>();

    Vdev(Location location, String type) {
      super(location);
      this.type = type;
    }

    @Override
    String what() {
      return "vdev " + type;
    }

    @Override
    Set<String> subOptions() {
      return COMMON;
    }

    @Override
    void subOption(Word option, WordStream in) throws ConfigException {
      switch (option.text()) {
        case "loc" -> {
          Word w = in.argument(option, "[mem:]ADDR");
          int skip = SpecParsers.memPrefix(w);
          loc = OptionalLong.of(ConfigNumbers.address(w.text().substring(skip), w.at(skip)));
        }
        case "intr" -> intr = Optional.of(SpecParsers.vdevInterrupt(in.argument(option, "PIC:N")));
        case "name" -> name = Optional.of(in.argument(option, "a name").text());
        default -> words.add(option);
      }
    }

    VdevConfig build() {
      return new VdevConfig(type, loc, intr, name, words, location);
    }
  }
}
