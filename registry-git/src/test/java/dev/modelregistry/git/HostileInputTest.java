package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.artifact;
import static dev.modelregistry.git.TestRegistry.filesUnder;
import static dev.modelregistry.git.TestRegistry.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.UnsafeCharacters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs built to get something past the registry's rules: each is refused before anything is
 * written, with a message that names the rule.
 */
class HostileInputTest {
  /** One of each kind of character that must never reach a name (see UnsafeCharacters). */
  static final List<Integer> HOSTILE = List.of(0x01, 0x0a, 0x1b, 0x7f, 0x85, 0x9b, 0x2028, 0x2029, 0x061c, 0x200e, 0x200f,
      0x202a, 0x202e, 0x2066, 0x2069);

  @TempDir Path dir;
  Registry registry;
  Path model;

  @BeforeEach
  void setUp() {
    registry = TestRegistry.create(dir);
    model = artifact(dir.resolve("build"), "model.bin", 10_000, 1);
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  /** Runs a registration that must be refused, proves nothing was written, returns the refusal's message. */
  private String refused(Consumer<RegisterCommand> setup) {
    ObjectId tip = registry.tip("main");
    Path storeRoot = ((LocalArtifactStore) registry.store()).root();
    List<String> before = filesUnder(storeRoot);
    RegisterCommand c = registry.register().model("risk_model").version("v1.0.0").artifact(model);
    setup.accept(c);
    RegistryRefusedException e = assertThrows(RegistryRefusedException.class, c::call);
    assertEquals(tip, registry.tip("main"), "no commit");
    assertEquals(before, filesUnder(storeRoot), "no file left in the store");
    return e.getMessage();
  }

  // --- 2. file names and principals holding control, separator or bidirectional characters

  @Test
  void anArtifactNameWithALineSeparatorOrABidiControlIsRefusedWithTheRule() throws Exception {
    for (int c : HOSTILE) {
      if (c == 0x0a || c == 0x01 || c == 0x1b || c == 0x7f) {
        continue; // refused before (C0 and DEL)
      }
      Path named = artifact(dir.resolve("named-" + c), "model" + Character.toString(c) + ".bin", 100, c);
      String msg = refused(r -> r.artifact(named));
      assertTrue(msg.contains("it holds " + UnsafeCharacters.name(c)) && msg.contains(UnsafeCharacters.RULE), msg);
    }
  }

  @Test
  void aPrincipalWithAControlSeparatorOrBidiCharacterIsRefused() {
    String pub = SshKeys.generateEd25519(dir.resolve("keys/ops"), "ops");
    for (int c : HOSTILE) {
      String principal = "ops" + Character.toString(c) + "@example.com";
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> TrustedSigners.line(principal, pub),
          UnsafeCharacters.name(c));
      assertTrue(e.getMessage().contains(UnsafeCharacters.RULE), e.getMessage());
      assertTrue(e.getMessage().codePoints().noneMatch(UnsafeCharacters::isUnsafe), e.getMessage());
    }
    assertTrue(TrustedSigners.line("opérations@example.com", pub).startsWith("opérations@example.com ssh-ed25519 "));
  }

}
