package io.github.limiter4j.spring.boot;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.WebApplicationType;
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
  private final SpringApplication application;
  private final boolean command;

  /** Called by Spring Boot with the application's arguments. */
  public LimiterCommandRunListener(SpringApplication application, String[] args) {
    this.application = application;
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
    if (!command) {
      return;
    }
    WebApplicationType type =
        environment.getProperty(
            "spring.main.web-application-type",
            WebApplicationType.class,
            application.getWebApplicationType());
    if (type == WebApplicationType.REACTIVE) {
      // No limiter exists on WebFlux yet; and server.port=-1, which keeps a servlet container
      // from opening a port, is not a port Reactor Netty accepts ("port out of range:-1").
      throw new UnsupportedStackException(true);
    }
    Map<String, Object> properties = new HashMap<>();
    properties.put("spring.main.banner-mode", "off");
    properties.put("spring.main.log-startup-info", "false");
    properties.put("logging.level.root", "WARN");
    if (type == WebApplicationType.SERVLET) {
      // The servlet context and its handler mappings are built (the limits come from them), but
      // the container opens no port.
      properties.put("server.port", "-1");
    }
    // No management server either: the running application may hold its port.
    properties.put("management.server.port", "-1");
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("limiter4j-command", properties));
  }
}
