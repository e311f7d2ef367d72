package dev.qvm.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QvmConfLexerTest {

  private static final Path F = Path.of("x.qvmconf");

  private static List<String> texts(String input, Map<String, String> env) throws ConfigException {
    return QvmConfLexer.lex(F, input, env).stream().map(Word::text).toList();
  }

  @Test
  void lineBreaksAndIndentationAreMereSeparators() throws ConfigException {
    assertThat(texts("vdev pl011\n\tloc 0x9000000   intr\ngic:33", Map.of()))
        .containsExactly("vdev", "pl011", "loc", "0x9000000", "intr", "gic:33");
  }

  @Test
  void hashStartsACommentToTheEndOfTheLine() throws ConfigException {
    assertThat(texts("pass loc 0xe6055400,0x050,rwn intr gic:42   # GPIO6\ncpu", Map.of()))
        .containsExactly("pass", "loc", "0xe6055400,0x050,rwn", "intr", "gic:42", "cpu");
  }

  @Test
  void everyWordKeepsItsLineAndColumn() throws ConfigException {
    List<Word> w = QvmConfLexer.lex(F, "ram 1M\n  cpu sched 8", Map.of());
    assertThat(w.get(1).location()).isEqualTo(new Location(F, 1, 5));
    assertThat(w.get(2).location()).isEqualTo(new Location(F, 2, 3));
    assertThat(w.get(3).location()).isEqualTo(new Location(F, 2, 7));
  }

  @Test
  void quotesHoldSpacesNewlinesBecomeSpacesBackslashNewlineVanishes() throws ConfigException {
    String input = "cmdline \"console=ttyAMA0\n  earlycon ro\\\not\"";
    assertThat(texts(input, Map.of()))
        .containsExactly("cmdline", "console=ttyAMA0   earlycon root");
  }

  @Test
  void quotesInsideAWordAreDroppedAndHashInsideQuotesIsText() throws ConfigException {
    assertThat(texts("hostdev >\"|tee out#1\"", Map.of()))
        .containsExactly("hostdev", ">|tee out#1");
  }

  @Test
  void envSubstitutionInPlainAndQuotedText() throws ConfigException {
    Map<String, String> env = Map.of("IMG", "/tmp/img", "ROOT", "/dev/vda");
    assertThat(texts("load $env{IMG}/Image cmdline \"root=$env{ROOT} rw\"", env))
        .containsExactly("load", "/tmp/img/Image", "cmdline", "root=/dev/vda rw");
  }

  @Test
  void unsetEnvironmentVariableIsAnErrorAtItsColumn() {
    assertThatThrownBy(() -> texts("ram 1M\nload $env{NOPE}", Map.of()))
        .hasMessage("x.qvmconf:2:6: environment variable NOPE is not set");
  }

  @Test
  void unterminatedQuoteIsAnErrorAtTheQuote() {
    assertThatThrownBy(() -> texts("cpu\ncmdline \"abc", Map.of()))
        .hasMessage("x.qvmconf:2:9: unterminated quoted string");
  }

  @Test
  void commandLineWordsArePlacedInTheCommandLinePseudoFile() {
    List<Word> w = QvmConfLexer.commandLineWords(List.of("set", "fdt-dump-file", "x", "dryrun"));
    assertThat(w.get(3).location().toString()).isEqualTo("<command line>:1:21");
    assertThat(w.get(3).fromCommandLine()).isTrue();
  }
}
