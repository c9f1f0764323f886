package io.github.limiter4j;

/** The wall clock; an enum so that there is exactly one, without a mutable static. */
enum SystemTimeSource implements TimeSource {
  INSTANCE;

  @Override
  public long currentTimeMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public String toString() {
    return "TimeSource.system()";
  }
}
