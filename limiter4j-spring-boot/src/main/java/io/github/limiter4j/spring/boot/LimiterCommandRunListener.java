package io.github.limiter4j.spring.boot;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Prepares {@code java -jar app.jar limiter ...}: the application starts without opening a port
 * (its server's or a separate management server's, which the running application may hold) and
 * quietly, so that the {@code limiter} command's output stands alone.
 */
public final class LimiterCommandRunListener
    implements SpringApplicationRunListener, org.springframework.core.Ordered {
  private final boolean command;

  /** Called by Spring Boot with the application's arguments. */
  public LimiterCommandRunListener(SpringApplication application, String[] args) {
    this.command = args.length > 0 && LimiterCommandRunner.COMMAND.equals(args[0]);
    if (command) {
      // Logging starts before any property source can quiet it; this JVM runs the command only.
      System.setProperty("logging.level.root", "WARN");
    }
  }

  /** Runs before Spring Boot's own listener, so that logging starts quiet. */
  @Override
  public int getOrder() {
    return -1;
  }

  @Override
  public void environmentPrepared(
      ConfigurableBootstrapContext bootstrapContext, ConfigurableEnvironment environment) {
    if (command) {
      environment
          .getPropertySources()
          .addFirst(
              new MapPropertySource(
                  "limiter4j-command",
                  Map.of(
                      "server.port", "-1",
                      // No management server either: the running application may hold its port.
                      "management.server.port", "-1",
                      "spring.main.banner-mode", "off",
                      "spring.main.log-startup-info", "false",
                      "logging.level.root", "WARN")));
    }
  }
}
