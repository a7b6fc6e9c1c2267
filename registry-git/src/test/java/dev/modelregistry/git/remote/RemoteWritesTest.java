package dev.modelregistry.git.remote;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RemoteWritesTest {
  @Test
  void aLoserBacksOffLongerWithEveryLostRaceWithinItsBounds() {
    long attempt = 200_000_000L; // 200 ms from fetch to refused push
    for (int i = 0; i < 2_000; i++) {
      assertTrue(RemoteWrites.backOff(1, attempt) <= 200);
      assertTrue(RemoteWrites.backOff(3, attempt) <= 800);
      assertTrue(RemoteWrites.backOff(30, attempt) <= 1_600, "at most 8 attempts' length");
      assertTrue(RemoteWrites.backOff(30, 60_000_000_000L) <= 5_000, "never more than 5 s");
      assertTrue(RemoteWrites.backOff(1, 0) <= 1);
    }
    long sumFirst = 0;
    long sumLater = 0;
    for (int i = 0; i < 2_000; i++) {
      sumFirst += RemoteWrites.backOff(1, attempt);
      sumLater += RemoteWrites.backOff(4, attempt);
    }
    // means 100 ms and 800 ms: far apart, so random draws cannot blur them
    assertTrue(sumLater > 4 * sumFirst, sumFirst + " vs " + sumLater);
  }
}
