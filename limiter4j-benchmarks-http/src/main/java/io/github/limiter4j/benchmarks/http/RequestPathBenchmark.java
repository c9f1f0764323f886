package io.github.limiter4j.benchmarks.http;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import jakarta.servlet.Filter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializerBeans;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The cost of one request through the application's filters, interceptors and controller, without a
 * server or a network: the hello application of the HTTP benchmarks, profile by profile, driven
 * through Spring's MockMvc with the servlet filters the application registers. Run with {@code
 * -prof gc} for the bytes allocated per request; the difference to the {@code default} profile (no
 * limiter) is what the limiter adds; with {@code -bm sample}, its percentiles. The command is in
 * docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestPathBenchmark {
  /** The application profiles: no limiter, limiter4j or bucket4j, one limit or three, memory. */
  @Param({"default", "limiter4j1", "limiter4j3", "bucket4j1", "bucket4j3"})
  public String profile;

  private ConfigurableApplicationContext application;
  private MockMvc mvc;

  /** Creates the benchmark; JMH sets its parameters. */
  public RequestPathBenchmark() {}

  /** Starts the application with the profile (its server on a spare port, never used). */
  @Setup(Level.Trial)
  public void start() {
    application =
        SpringApplication.run(
            HttpBenchmarkApplication.class,
            "--spring.profiles.active=" + profile,
            "--bench.port=0",
            "--logging.level.root=warn");
    WebApplicationContext web = (WebApplicationContext) application;
    // The filters in the order the server would run them, as Spring Boot's own MockMvc set-up does.
    Filter[] filters =
        new ServletContextInitializerBeans(application.getBeanFactory())
            .stream()
                .filter(AbstractFilterRegistrationBean.class::isInstance)
                .map(registration -> ((AbstractFilterRegistrationBean<?>) registration).getFilter())
                .toArray(Filter[]::new);
    mvc = MockMvcBuilders.webAppContextSetup(web).addFilters(filters).build();
  }

  /** Stops the application. */
  @TearDown(Level.Trial)
  public void stop() {
    application.close();
  }

  /** All requests as one client: one key. */
  @Benchmark
  public int oneClient() throws Exception {
    return mvc.perform(get("/hello")).andReturn().getResponse().getStatus();
  }
}
