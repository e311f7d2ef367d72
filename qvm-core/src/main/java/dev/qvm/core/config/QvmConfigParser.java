package dev.qvm.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads a {@code .qvmconf} (QVMCONF.md) into a {@link QvmConfig}: options in file order, then
 * any words from the command line as if they ended the file. Checks here are the ones a single
 * option can decide (syntax, numbers, names, the order of {@code system}); checks between
 * options (overlaps, INTIDs, files) belong to {@code VmLayoutPlanner}.
 */
public final class QvmConfigParser {

  /** Every top-level option name, for "did you mean". */
  static final Set<String> OPTIONS =
      Set.of(
          "system", "ram", "rom", "cpu", "load", "initrd", "fdt", "data", "cmdline", "pass",
          "reserve", "vdev", "set", "logger", "unsupported", "tolerance", "dryrun", "semihosting",
          "psci", "entry");

  /** QNX's x86 vdevs: they parse, and are refused by name (QVMCONF.md "vdev contexts"). */
  static final Set<String> X86_VDEVS =
      Set.of("ioapic", "ser8250", "timer8254", "hpet", "mc146818", "pci-dummy");

  /** QNX vdevs qvm will have in a later issue. */
  static final Set<String> LATER_VDEVS =
      Set.of("shmem", "virtio-console", "virtio-blk", "virtio-net");

  private final WordStream in;
  private final Path file;
  private Optional<String> system = Optional.empty();
  private final List<RamConfig> memory = new ArrayList<>();
  private final List<LoadConfig> loads = new ArrayList<>();
  private Optional<String> cmdline = Optional.empty();
  private final List<ContextBuilder> contexts = new ArrayList<>();
  private ContextBuilder open;
  private ConfigVariables variables = ConfigVariables.DEFAULT;
  private LoggerConfig logger = LoggerConfig.DEFAULT;
  private UnsupportedPolicy unsupported = UnsupportedPolicy.DEFAULT;
  private OptionalLong tolerance = OptionalLong.empty();
  private boolean dryrun;
  private boolean semihosting;
  private PsciConduit psci = PsciConduit.HVC;
  private Optional<EntryPoint> entry = Optional.empty();

  private QvmConfigParser(Path file, List<Word> words) {
    this.file = file;
    this.in = new WordStream(words);
  }

  /**
   * Reads {@code file} and appends {@code extraWords} (command-line option words, e.g. {@code set
   * fdt-dump-file x dryrun}) as if at its end.
   *
   * @param env the environment for {@code $env{NAME}} (normally {@link System#getenv()})
   */
  public static QvmConfig parse(Path file, List<String> extraWords, Map<String, String> env)
      throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(null, file + ": cannot read the config file: " + e.getMessage());
    }
    return parse(file, text, extraWords, env);
  }

  /** Like {@link #parse(Path, List, Map)} with the file's text already in hand. */
  public static QvmConfig parse(
      Path file, String text, List<String> extraWords, Map<String, String> env)
      throws ConfigException {
    List<Word> words = new ArrayList<>(QvmConfLexer.lex(file, text, env));
    words.addAll(QvmConfLexer.commandLineWords(extraWords));
    return new QvmConfigParser(file, words).parseAll();
  }

  private QvmConfig parseAll() throws ConfigException {
    while (in.hasNext()) {
      Word w = in.next();
      if (isOption(w)) {
        option(w);
      } else if (open != null) {
        open.subOption(w, in);
      } else {
        throw new ConfigException(
            w.location(), "unknown option '" + w.text() + "'" + Suggestions.didYouMean(w.text(),
                OPTIONS));
      }
    }
    return build();
  }

  /** A load type word is an option only in front of {@code load}, so it stays usable as a value. */
  private boolean isOption(Word w) {
    return switch (w.text()) {
      case "initrd", "fdt", "data" -> in.peek() != null && in.peek().text().equals("load");
      default -> OPTIONS.contains(w.text());
    };
  }

  private void option(Word w) throws ConfigException {
    switch (w.text()) {
      case "system" -> system(w);
      case "ram" -> memory.add(ram(w, RamConfig.Kind.RAM));
      case "rom" -> memory.add(ram(w, RamConfig.Kind.ROM));
      case "load" -> load(w, LoadConfig.Type.IMAGE, w.location());
      case "initrd" -> load(in.next(), LoadConfig.Type.INITRD, w.location());
      case "fdt" -> load(in.next(), LoadConfig.Type.FDT, w.location());
      case "data" -> load(in.next(), LoadConfig.Type.DATA, w.location());
      case "cmdline" -> cmdline = Optional.of(in.argument(w, "\"TEXT\"").text());
      case "cpu" -> openContext(new ContextBuilder.Cpu(w.location()));
      case "pass" -> openContext(new ContextBuilder.Pass(w.location()));
      case "reserve" -> openContext(new ContextBuilder.Reserve(w.location()));
      case "vdev" -> openContext(vdev(w));
      case "set" -> set(w);
      case "logger" -> logger(w);
      case "unsupported" -> unsupported(w);
      case "tolerance" -> {
        Word a = in.argument(w, "MICROSECONDS");
        tolerance = OptionalLong.of(ConfigNumbers.plain(a.text(), a.location()));
      }
      case "dryrun" -> dryrun = true;
      case "semihosting" -> semihosting = true;
      case "psci" -> psci(w);
      case "entry" -> {
        Word a = in.argument(w, "ADDR");
        long ipa = ConfigNumbers.address(a.text(), a.location());
        entry = Optional.of(new EntryPoint(ipa, w.location()));
      }
      default -> throw new IllegalStateException("option table and switch disagree: " + w.text());
    }
  }

  private void system(Word w) throws ConfigException {
    if (in.position() != 0) {
      throw new ConfigException(w.location(), "system must be the first option");
    }
    system = Optional.of(in.argument(w, "a NAME").text());
  }

  private static RamConfig ram(Word w, RamConfig.Kind kind, Word a) throws ConfigException {
    String t = a.text();
    int comma = t.indexOf(',');
    OptionalLong ipa =
        comma < 0
            ? OptionalLong.empty()
            : OptionalLong.of(ConfigNumbers.address(t.substring(0, comma), a.location()));
    Location sizeAt = a.at(comma + 1);
    long size = ConfigNumbers.size(t.substring(comma + 1), sizeAt);
    if (size == 0) {
      throw new ConfigException(sizeAt, w.text() + " size must not be 0");
    }
    return new RamConfig(kind, ipa, size, w.location());
  }

  private RamConfig ram(Word w, RamConfig.Kind kind) throws ConfigException {
    return ram(w, kind, in.argument(w, "[ADDR,]SIZE"));
  }

  private void load(Word loadWord, LoadConfig.Type type, Location at) throws ConfigException {
    Word a = in.argument(loadWord, "[ADDR,]PATH");
    String t = a.text();
    int comma = t.indexOf(',');
    // "[ADDR,]PATH": a path may itself hold a comma, so ADDR is taken only when it reads as one.
    if (comma > 0 && ConfigNumbers.looksLikeAddress(t.substring(0, comma))) {
      long ipa = ConfigNumbers.address(t.substring(0, comma), a.location());
      if (comma == t.length() - 1) {
        throw new ConfigException(a.at(comma + 1), "load names no file after the address");
      }
      loads.add(new LoadConfig(type, OptionalLong.of(ipa),
          new Word(t.substring(comma + 1), a.at(comma + 1)), at));
    } else {
      loads.add(new LoadConfig(type, OptionalLong.empty(), a, at));
    }
  }

  private ContextBuilder vdev(Word w) throws ConfigException {
    Word typeWord = in.argument(w, "a TYPE");
    String type = typeWord.text();
    if (type.startsWith("vdev-")) {
      type = type.substring("vdev-".length());
    }
    if (type.endsWith(".so")) {
      type = type.substring(0, type.length() - ".so".length());
    }
    if (X86_VDEVS.contains(type)) {
      throw new ConfigException(
          typeWord.location(), "vdev " + type + ": x86 vdev, not supported by the AArch64 qvm");
    }
    if (LATER_VDEVS.contains(type)) {
      throw new ConfigException(
          typeWord.location(), "vdev " + type + " is not supported yet by qvm");
    }
    if (type.isEmpty()) {
      throw new ConfigException(typeWord.location(), "vdev needs a TYPE");
    }
    return new ContextBuilder.Vdev(w.location(), type);
  }

  private void openContext(ContextBuilder context) throws ConfigException {
    closeContext();
    open = context;
  }

  private void closeContext() throws ConfigException {
    if (open instanceof ContextBuilder.Reserve r) {
      r.checkNotEmpty();
    }
    if (open != null) {
      contexts.add(open);
    }
    open = null;
  }

  private void set(Word w) throws ConfigException {
    Word name = in.argument(w, "VARIABLE VALUE");
    if (!ConfigVariables.NAMES.contains(name.text())) {
      throw new ConfigException(
          name.location(), "unknown variable '" + name.text() + "'"
              + Suggestions.didYouMean(name.text(), ConfigVariables.NAMES));
    }
    Word v = in.argument(name, "a value");
    ConfigVariables c = variables;
    variables =
        switch (name.text()) {
          case "counter-offset" ->
              new ConfigVariables(ConfigNumbers.plain(v.text(), v.location()), c.exitOnHalt(),
                  c.fdtDumpFile(), c.gicHwassist(), c.icount(), c.cpuModel(), c.systemReset());
          case "exit-on-halt" ->
              new ConfigVariables(c.counterOffset(), onOff(v), c.fdtDumpFile(), c.gicHwassist(),
                  c.icount(), c.cpuModel(), c.systemReset());
          case "fdt-dump-file" ->
              new ConfigVariables(c.counterOffset(), c.exitOnHalt(), Optional.of(v),
                  c.gicHwassist(), c.icount(), c.cpuModel(), c.systemReset());
          case "gic-hwassist" ->
              new ConfigVariables(c.counterOffset(), c.exitOnHalt(), c.fdtDumpFile(), onOff(v),
                  c.icount(), c.cpuModel(), c.systemReset());
          case "icount" ->
              new ConfigVariables(c.counterOffset(), c.exitOnHalt(), c.fdtDumpFile(),
                  c.gicHwassist(), onOff(v), c.cpuModel(), c.systemReset());
          case "system-reset" ->
              new ConfigVariables(c.counterOffset(), c.exitOnHalt(), c.fdtDumpFile(),
                  c.gicHwassist(), c.icount(), c.cpuModel(), systemReset(v));
          default ->
              new ConfigVariables(c.counterOffset(), c.exitOnHalt(), c.fdtDumpFile(),
                  c.gicHwassist(), c.icount(), Optional.of(v), c.systemReset());
        };
  }

  /**
   * (qvm) {@code set system-reset restart|stop|exit}: what PSCI SYSTEM_RESET does. {@code restart}
   * (the default) boots the board again; {@code stop} ends qvm with exit code 0, as QNX's qvm ends
   * on a guest's reboot; {@code exit} with exit code 8, so a script can tell a reboot from a
   * power-off.
   */
  private static ConfigVariables.SystemReset systemReset(Word v) throws ConfigException {
    return switch (v.text()) {
      case "restart" -> ConfigVariables.SystemReset.RESTART;
      case "stop" -> ConfigVariables.SystemReset.STOP;
      case "exit" -> ConfigVariables.SystemReset.EXIT;
      default ->
          throw new ConfigException(v.location(), "system-reset must be restart, stop or exit, got '" + v.text() + "'");
    };
  }


  private static boolean onOff(Word v) throws ConfigException {
    return switch (v.text()) {
      case "on" -> true;
      case "off" -> false;
      default ->
          throw new ConfigException(v.location(), "expected on or off, got '" + v.text() + "'");
    };
  }

  private void logger(Word w) throws ConfigException {
    Word f = in.argument(w, "FILTER[,FILTER...] DEST");
    Set<String> filters = new LinkedHashSet<>();
    int offset = 0;
    for (String filter : f.text().split(",", -1)) {
      if (!LoggerConfig.LEVELS.contains(filter)) {
        throw new ConfigException(f.at(offset), "unknown logger filter '" + filter + "'"
            + Suggestions.didYouMean(filter, LoggerConfig.LEVELS));
      }
      filters.add(filter);
      offset += filter.length() + 1;
    }
    Word d = in.argument(f, "a destination (stdout, stderr or none)");
    if (!LoggerConfig.DESTINATIONS.contains(d.text())) {
      throw new ConfigException(d.location(), "unknown logger destination '" + d.text() + "'"
          + Suggestions.didYouMean(d.text(), LoggerConfig.DESTINATIONS));
    }
    logger = new LoggerConfig(filters, d.text(), w.location());
  }

  private void unsupported(Word w) throws ConfigException {
    Word category = in.argument(w, "instruction|reference|register abort|fail|ignore");
    List<String> categories = List.of("instruction", "reference", "register");
    if (!categories.contains(category.text())) {
      throw new ConfigException(category.location(), "unknown category '" + category.text() + "'"
          + Suggestions.didYouMean(category.text(), categories));
    }
    Word action = in.argument(category, "abort, fail or ignore");
    UnsupportedPolicy.Action a =
        switch (action.text()) {
          case "abort" -> UnsupportedPolicy.Action.ABORT;
          case "fail" -> UnsupportedPolicy.Action.FAIL;
          case "ignore" -> UnsupportedPolicy.Action.IGNORE;
          default ->
              throw new ConfigException(action.location(), "unknown action '" + action.text()
                  + "'"
                  + Suggestions.didYouMean(action.text(), List.of("abort", "fail", "ignore")));
        };
    unsupported = unsupported.with(category.text(), a);
  }

  private void psci(Word w) throws ConfigException {
    Word c = in.argument(w, "hvc or smc");
    psci =
        switch (c.text()) {
          case "hvc" -> PsciConduit.HVC;
          case "smc" -> PsciConduit.SMC;
          default -> throw new ConfigException(c.location(), "psci conduit must be hvc or smc");
        };
  }

  private QvmConfig build() throws ConfigException {
    closeContext();
    List<CpuConfig> cpus = new ArrayList<>();
    List<PassConfig> passes = new ArrayList<>();
    List<ReservedRegion> reservedRegions = new ArrayList<>();
    List<ReservedIntid> reservedIntids = new ArrayList<>();
    List<VdevConfig> vdevs = new ArrayList<>();
    for (ContextBuilder c : contexts) {
      switch (c) {
        case ContextBuilder.Cpu cpu -> cpus.add(cpu.build());
        case ContextBuilder.Pass pass -> passes.add(pass.build());
        case ContextBuilder.Reserve r -> {
          reservedRegions.addAll(r.regions);
          reservedIntids.addAll(r.intids);
        }
        case ContextBuilder.Vdev v -> vdevs.add(v.build());
      }
    }
    return new QvmConfig(file, system, memory, cpus, loads, cmdline, passes, reservedRegions,
        reservedIntids, vdevs, variables, logger, unsupported, tolerance, dryrun, semihosting, psci,
        entry);
  }
}
