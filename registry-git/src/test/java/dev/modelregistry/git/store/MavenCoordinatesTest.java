package dev.modelregistry.git.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.model.InvalidInputException;
import org.junit.jupiter.api.Test;

class MavenCoordinatesTest {

  @Test
  void formatsWhatItParses() {
    for (String uri :
        new String[] {
          "mvn:com.example.models:risk_model:v1.2.0:bin",
          "mvn:com.example:m:1.0:onnx:linux-x86_64",
          "mvn:org.acme:a-b_c:20250117.2:tar.gz"
        }) {
      assertEquals(uri, MavenCoordinates.parse(uri).uri());
    }
  }

  @Test
  void threePartsMeanAJarAsInMaven() {
    MavenCoordinates c = MavenCoordinates.parse("mvn:com.example:m:1.0");
    assertEquals("jar", c.type());
    assertEquals("", c.classifier());
    assertEquals("mvn:com.example:m:1.0:jar", c.uri());
    assertEquals("com/example/m/1.0/m-1.0.jar", c.path());
  }

  @Test
  void pathFollowsTheDefaultLayout() {
    assertEquals(
        "com/example/models/risk_model/v1.2.0/risk_model-v1.2.0-cpu.bin",
        MavenCoordinates.parse("mvn:com.example.models:risk_model:v1.2.0:bin:cpu").path());
    assertEquals(
        "mvn:g:a:1:bin.sha256",
        MavenCoordinates.parse("mvn:g:a:1:bin").withType("bin.sha256").uri());
  }

  @Test
  void refusesMalformedUris() {
    for (String bad :
        new String[] {
          "com.example:m:1.0",
          "mvn:com.example:m",
          "mvn:com.example::1.0",
          "mvn:a:b:c:d:e:f",
          "mvn:com example:m:1.0",
          "mvn:com.example:m:1.0/../x",
          "mvn:g:a:1:bin:",
        }) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> MavenCoordinates.parse(bad), bad);
      assertTrue(
          e.getMessage().contains("mvn:<group>:<artifact>:<version>")
              || e.getMessage().contains("ids are letters"),
          e.getMessage());
    }
  }

  @Test
  void refusesSnapshots() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> MavenCoordinates.parse("mvn:com.example:m:1.0-SNAPSHOT:bin"));
    assertTrue(e.getMessage().contains("SNAPSHOT"), e.getMessage());
    assertTrue(e.getMessage().contains("release version"), e.getMessage());
    assertThrows(
        InvalidInputException.class,
        () -> new MavenCoordinates("g", "a", "2.0-SNAPSHOT", "bin", null));
  }
}
