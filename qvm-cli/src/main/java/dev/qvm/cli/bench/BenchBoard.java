package dev.qvm.cli.bench;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.ConfigPaths;
import dev.qvm.core.config.LoadConfig;
import dev.qvm.core.config.Location;
import dev.qvm.core.config.QvmConfig;
import dev.qvm.core.config.QvmConfigParser;
import dev.qvm.core.config.RamConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One board the runner boots both ways: its {@code .qvmconf} for qvm and, read from that same
 * file by qvm's own parser, the image QEMU gets as {@code -kernel} and the guest RAM size, so
 * both emulators always run the same bytes.
 *
 * @param name the board's file name without {@code .qvmconf}
 * @param qvmconf the configuration file
 * @param image the first plain {@code load}'s file
 * @param ramBytes the sum of the configured RAM regions
 */
public record BenchBoard(String name, Path qvmconf, Path image, long ramBytes) {

  /** Reads a board; a configuration error is the parser's one-line FILE:LINE:COL message. */
  public static BenchBoard read(Path qvmconf) throws ConfigException {
    QvmConfig config = QvmConfigParser.parse(qvmconf, List.of(), Map.of());
    long ram = 0;
    for (RamConfig r : config.memory()) {
      ram += r.size();
    }
    Path image = null;
    for (LoadConfig l : config.loads()) {
      if (l.type() == LoadConfig.Type.IMAGE) {
        image = ConfigPaths.forConfig(qvmconf).resolve(l.path().text(), l.path().location());
        break;
      }
    }
    if (image == null) {
      throw new ConfigException(new Location(qvmconf, 1, 1), "a benchmark board needs a 'load' of its image");
    }
    String file = qvmconf.getFileName().toString();
    String name = file.endsWith(".qvmconf") ? file.substring(0, file.length() - ".qvmconf".length()) : file;
    return new BenchBoard(name, qvmconf, image.normalize(), ram);
  }

  /** Every {@code *.qvmconf} in {@code directory}, by name. */
  public static List<BenchBoard> discover(Path directory) throws IOException, ConfigException {
    List<Path> files;
    try (Stream<Path> s = Files.list(directory)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".qvmconf")).sorted().toList();
    }
    List<BenchBoard> boards = new ArrayList<>();
    for (Path f : files) {
      boards.add(read(f));
    }
    return boards;
  }
}
