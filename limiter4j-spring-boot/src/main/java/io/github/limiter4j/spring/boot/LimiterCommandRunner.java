package io.github.limiter4j.spring.boot;

import io.github.limiter4j.cli.LimiterCli;
import io.github.limiter4j.cli.LimiterSource;
import io.github.limiter4j.web.Limiter;
import java.util.Arrays;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs {@code java -jar app.jar limiter config|limits|clear ...} in the application's process,
 * against its own limiter, like {@code flask limiter}; then exits with the command's code (unless
 * {@code limiter4j.command.exit=false}, for tests).
 */
final class LimiterCommandRunner implements ApplicationRunner, ExitCodeGenerator {
  static final String COMMAND = "limiter";

  private final Limiter limiter;
  private final String name;
  private final ConfigurableApplicationContext context;
  private final boolean exit;
  private int exitCode;

  LimiterCommandRunner(
      Limiter limiter, String name, ConfigurableApplicationContext context, boolean exit) {
    this.limiter = limiter;
    this.name = name;
    this.context = context;
    this.exit = exit;
  }

  @Override
  public void run(ApplicationArguments arguments) {
    String[] args = arguments.getSourceArgs();
    if (args.length == 0 || !COMMAND.equals(args[0])) {
      return;
    }
    exitCode =
        LimiterCli.run(
            LimiterSource.of(limiter, name),
            Arrays.copyOfRange(args, 1, args.length),
            System.out,
            System.err,
            System.in,
            System.console() != null);
    if (exit) {
      System.exit(SpringApplication.exit(context, this));
    }
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }
}
