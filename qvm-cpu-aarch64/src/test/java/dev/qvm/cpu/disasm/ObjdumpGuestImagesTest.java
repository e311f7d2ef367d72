package dev.qvm.cpu.disasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every instruction of every guest image ELF disassembles exactly as {@code objdump -d} prints
 * it (after white space normalisation, without objdump's {@code <symbol>}s), against the
 * committed listings and, when objdump is installed, against a fresh listing as well.
 */
class ObjdumpGuestImagesTest {

  @Test
  void committedListingsOfEveryGuestImageMatch() throws Exception {
    Path root = DisasmReferences.repoRoot();
    if (DisasmReferences.regenerating() && ExternalObjdump.availableOrSkip("regeneration")) {
      DisasmReferences.regenerateGuestListings(root);
    }
    List<Path> elfs = DisasmReferences.guestElfs(root);
    assertThat(elfs).as("guest images").isNotEmpty();
    for (Path elf : elfs) {
      Path listing = DisasmReferences.testResources(root).resolve(DisasmReferences.listingName(elf));
      assertThat(listing)
          .as("reference listing for %s: regenerate with -Dqvm.regenerate=true", elf)
          .exists();
      List<ObjdumpListing.Line> lines = ObjdumpListing.parse(Files.newBufferedReader(listing));
      assertThat(lines).as("instructions in %s", listing).hasSizeGreaterThan(100);
      assertThat(ObjdumpListing.mismatches(lines)).as("mismatches in %s", elf).isEmpty();
    }
  }

  @Test
  void liveObjdumpOfEveryGuestImageMatches() throws Exception {
    if (!ExternalObjdump.availableOrSkip("the live comparison of the guest images")) {
      return;
    }
    Path root = DisasmReferences.repoRoot();
    for (Path elf : DisasmReferences.guestElfs(root)) {
      String listing = ExternalObjdump.disassembleElf(root, elf);
      List<ObjdumpListing.Line> lines =
          ObjdumpListing.parse(new BufferedReader(new StringReader(listing)));
      assertThat(lines).as("instructions in %s", elf).isNotEmpty();
      assertThat(ObjdumpListing.mismatches(lines)).as("mismatches in %s", elf).isEmpty();
    }
  }
}
