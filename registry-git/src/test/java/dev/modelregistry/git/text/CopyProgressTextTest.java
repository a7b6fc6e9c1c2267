package dev.modelregistry.git.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress lines for a pull: only for large artifacts, in percent and bytes. */
class CopyProgressTextTest {

  @Test
  void aLargePullReportsPercentAndBytesASmallOneNothing() {
    List<String> lines = new ArrayList<>();
    CopyProgressText.ofPull(lines::add).copied(512L << 20, 1L << 30);
    CopyProgressText.ofPull(lines::add).copied(1 << 20, 2 << 20);
    assertEquals(List.of("Fetching and checking: 50% (512.0 MiB of 1.0 GiB)"), lines);
  }
}
