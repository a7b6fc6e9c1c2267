package dev.modelregistry.model;

/**
 * Losing periods in a row: a negative return adds one, a positive return ends the streak, and a
 * return of exactly zero (no trade, a flat period) does neither.
 */
final class LossStreak {
  private int streak;

  void add(double periodReturn) {
    if (periodReturn < 0) {
      streak++;
    } else if (periodReturn > 0) {
      streak = 0;
    }
  }

  int length() {
    return streak;
  }
}
