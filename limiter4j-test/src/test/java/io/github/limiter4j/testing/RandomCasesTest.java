package io.github.limiter4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RandomCasesTest {
  @Test
  void runsTheGivenNumberOfCasesEachWithItsOwnSeed() {
    List<Long> firsts = new ArrayList<>();
    RandomCases.check(10_000, random -> firsts.add(random.nextLong()));
    assertThat(firsts).hasSize(10_000);
    assertThat(new HashSet<>(firsts)).hasSize(10_000);
  }

  @Test
  void theSameSeedGivesTheSameCases() {
    List<Long> first = new ArrayList<>();
    List<Long> second = new ArrayList<>();
    RandomCases.check(42, 100, random -> first.add(random.nextLong()));
    RandomCases.check(42, 100, random -> second.add(random.nextLong()));
    assertThat(first).isEqualTo(second);
    List<Long> other = new ArrayList<>();
    RandomCases.check(43, 100, random -> other.add(random.nextLong()));
    assertThat(other).doesNotContainAnyElementsOf(first);
  }

  @Test
  void aFailingCaseNamesItsSeedAndThatSeedRunsItFirst() {
    RandomCases.Case failsNowAndThen =
        random -> assertThat(random.nextInt(1_000)).as("the number").isNotZero();
    AssertionError failure =
        catchThrowableOfType(
            AssertionError.class, () -> RandomCases.check(7, 100_000, failsNowAndThen));
    Matcher matcher =
        Pattern.compile(
                "^Case (\\d+) of 100000 failed with seed (-?\\d+); to run it first, run the test"
                    + " again with -Dlimiter4j.seed=\\2: .*the number.*",
                Pattern.DOTALL)
            .matcher(failure.getMessage());
    assertThat(matcher.matches()).as(failure.getMessage()).isTrue();
    assertThat(Integer.parseInt(matcher.group(1))).isGreaterThan(1);
    assertThat(failure).hasCauseInstanceOf(AssertionError.class);

    long seed = Long.parseLong(matcher.group(2));
    assertThatThrownBy(() -> RandomCases.check(seed, 100_000, failsNowAndThen))
        .hasMessageStartingWith("Case 1 of 100000 failed with seed " + seed + ";");
  }

  @Test
  void anExceptionOfACaseIsReportedWithItsSeed() {
    assertThatThrownBy(
            () ->
                RandomCases.check(
                    5,
                    3,
                    random -> {
                      throw new IOException("no disk");
                    }))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Case 1 of 3 failed with seed 5;")
        .hasMessageEndingWith("java.io.IOException: no disk")
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void theSeedPropertyGivesTheFirstSeed() {
    String before = System.getProperty(RandomCases.SEED_PROPERTY);
    try {
      System.setProperty(RandomCases.SEED_PROPERTY, " -12345 ");
      assertThat(RandomCases.firstSeed()).isEqualTo(-12345);
      System.setProperty(RandomCases.SEED_PROPERTY, "0x1f");
      assertThatThrownBy(RandomCases::firstSeed)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("-Dlimiter4j.seed must be a long, such as 42, but was \"0x1f\"");
    } finally {
      if (before == null) {
        System.clearProperty(RandomCases.SEED_PROPERTY);
      } else {
        System.setProperty(RandomCases.SEED_PROPERTY, before);
      }
    }
  }

  @Test
  void aCountBelowOneIsRefused() {
    assertThatThrownBy(() -> RandomCases.check(0, random -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must be positive but was 0");
  }
}
