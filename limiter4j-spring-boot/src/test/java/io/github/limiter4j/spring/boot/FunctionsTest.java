package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.servlet.ServletWebRequest;
import io.github.limiter4j.web.CostFunction;
import io.github.limiter4j.web.KeyFunction;
import io.github.limiter4j.web.WebRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.web.MockHttpServletRequest;

class FunctionsTest {
  // SpEL compiles an expression after 100 interpreted evaluations; every test runs past that.
  private static final int PAST_COMPILATION = 1_000;

  private final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
  private final Functions functions = new Functions(beans);

  private static WebRequest requestWithHeader(String name, String value) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
    if (value != null) {
      request.addHeader(name, value);
    }
    return new ServletWebRequest(request);
  }

  @Test
  void aKeyExpressionGivesEachRequestItsOwnKeyBeforeAndAfterItIsCompiled() {
    KeyFunction key = functions.key("#{request.header('X-Client') ?: 'everyone'}", "test");

    for (int i = 0; i < PAST_COMPILATION; i++) {
      String client = i % 3 == 0 ? null : "client-" + i;
      assertThat(key.key(requestWithHeader("X-Client", client)))
          .isEqualTo(client == null ? "everyone" : client);
    }
  }

  @Test
  void anExpressionWhoseValueChangesTypeAfterCompilationKeepsGivingTheRightValue() {
    CostFunction cost =
        functions.cost(
            "#{request.header('X-Big') != null ? 10000000000L : request.header('X-Cost').length()}",
            "test");

    for (int i = 0; i < PAST_COMPILATION; i++) {
      assertThat(cost.cost(requestWithHeader("X-Cost", "abc"))).isEqualTo(3);
    }
    assertThat(cost.cost(requestWithHeader("X-Big", "yes"))).isEqualTo(10_000_000_000L);
    assertThat(cost.cost(requestWithHeader("X-Cost", "abcd"))).isEqualTo(4);
  }

  @Test
  void anExpressionReachesBeansByName() {
    beans.registerSingleton("tenants", new Tenants());
    KeyFunction key = functions.key("#{@tenants.of(request.header('X-Tenant'))}", "test");

    for (int i = 0; i < PAST_COMPILATION; i++) {
      assertThat(key.key(requestWithHeader("X-Tenant", "t" + i))).isEqualTo("tenant-t" + i);
    }
  }

  @Test
  void threadsEvaluatingOneExpressionAtOnceEachSeeTheirOwnRequest() throws Exception {
    KeyFunction key = functions.key("#{request.header('X-Client')}", "test");
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> mismatches = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String client = "client-" + t;
        mismatches.add(
            threads.submit(
                () -> {
                  int wrong = 0;
                  for (int i = 0; i < PAST_COMPILATION * 5; i++) {
                    if (!client.equals(key.key(requestWithHeader("X-Client", client)))) {
                      wrong++;
                    }
                  }
                  return wrong;
                }));
      }
      for (Future<Integer> each : mismatches) {
        assertThat(each.get()).isZero();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /** A bean an expression calls. */
  public static final class Tenants {
    /** Returns the key of a tenant. */
    public String of(String tenant) {
      return "tenant-" + tenant;
    }
  }
}
