package dev.qvm.cli.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One tested shell session in a Markdown page: a fenced block whose info string starts with
 * {@code console}. Lines that start with {@code "$ "} are commands; the lines after a command,
 * up to the next command or the end of the block, are what it prints.
 *
 * <p>The info string may add {@code requires=PATH[,PATH...]} (files under the repository root
 * the block needs, e.g. a fetched Linux kernel): the block is skipped, loudly, when one is
 * missing.
 *
 * @param file the page, relative to the repository root (for messages)
 * @param line the 1-based line of the opening fence
 * @param requires repository-relative paths the block needs
 * @param commands the commands in order
 */
record DocBlock(Path file, int line, List<String> requires, List<Command> commands) {

  /**
   * One {@code $ } line and the output the page shows for it.
   *
   * @param line 1-based line of the command in the page
   * @param text the command without {@code "$ "}
   * @param expected the lines shown after it
   */
  record Command(int line, String text, List<String> expected) {}

  /** Where a command sits, as {@code docs/guide.md:42}, for failure messages. */
  String where(Command c) {
    return file + ":" + c.line();
  }

  /** Every {@code console} block of a page, in order. */
  static List<DocBlock> parse(Path repo, Path page) throws IOException {
    List<String> lines = Files.readAllLines(page);
    Path relative = repo.relativize(page);
    List<DocBlock> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String fence = lines.get(i).strip();
      if (!fence.startsWith("```")) {
        continue;
      }
      String[] info = fence.substring(3).strip().split("\\s+");
      int open = i;
      int close = i + 1;
      while (close < lines.size() && !lines.get(close).strip().startsWith("```")) {
        close++;
      }
      i = close;
      if (!info[0].equals("console")) {
        continue;
      }
      List<String> requires = new ArrayList<>();
      for (int k = 1; k < info.length; k++) {
        if (info[k].startsWith("requires=")) {
          requires.addAll(List.of(info[k].substring("requires=".length()).split(",")));
        }
      }
      List<Command> commands = new ArrayList<>();
      int cmdLine = -1;
      String cmd = null;
      List<String> expected = new ArrayList<>();
      for (int k = open + 1; k < close; k++) {
        String l = lines.get(k);
        if (l.startsWith("$ ")) {
          if (cmd != null) {
            commands.add(new Command(cmdLine, cmd, List.copyOf(expected)));
          }
          cmd = l.substring(2).strip();
          cmdLine = k + 1;
          expected.clear();
        } else if (cmd != null) {
          expected.add(l);
        } else if (!l.isBlank()) {
          throw new IllegalStateException(relative + ":" + (k + 1) + ": a console block must start with a '$ ' command line");
        }
      }
      if (cmd != null) {
        commands.add(new Command(cmdLine, cmd, List.copyOf(expected)));
      }
      blocks.add(new DocBlock(relative, open + 1, List.copyOf(requires), List.copyOf(commands)));
    }
    return blocks;
  }
}
