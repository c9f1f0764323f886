package io.github.limiter4j.cli;

import io.github.limiter4j.web.LimitsQuery;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The {@code limiter} command: {@code config}, {@code limits} and {@code clear}, as Flask-Limiter's
 * {@code flask limiter}. Runs in an application's process (its limiter) or against a running
 * application's Actuator endpoint ({@code --url}).
 *
 * <p>A secured endpoint is reached with a bearer token ({@code --token} or {@code LIMITER_TOKEN}),
 * or a user and password for HTTP basic authentication ({@code --user} and {@code --password}, the
 * URL's user part, or {@code LIMITER_USER} and {@code LIMITER_PASSWORD}); every secret is masked in
 * what the command prints.
 *
 * <p>Exit codes: 0 done, 1 failed (a filter that matches nothing, a storage or endpoint that cannot
 * be reached), 2 usage.
 */
@Command(
    name = "limiter",
    mixinStandardHelpOptions = true,
    versionProvider = LimiterCli.Version.class,
    description = "limiter4j maintenance and utility commands.",
    subcommands = {LimiterCli.Config.class, LimiterCli.Limits.class, LimiterCli.Clear.class})
public final class LimiterCli implements Callable<Integer> {
  @Option(
      names = "--url",
      description =
          "The Actuator endpoint of a running application, such as"
              + " http://localhost:8080/actuator/ratelimits (a user and password may be in it:"
              + " http://user:password@host/...).")
  String url;

  @Option(
      names = "--user",
      description = "The user for HTTP basic authentication (default: $" + Credentials.USER + ").")
  String user;

  @Option(
      names = "--password",
      arity = "0..1",
      fallbackValue = ASK,
      description =
          "The password for HTTP basic authentication; asked for if given without a value"
              + " (default: $"
              + Credentials.PASSWORD
              + ").")
  String password;

  @Option(
      names = "--token",
      description =
          "A bearer token to send instead of a user and password (default: $"
              + Credentials.TOKEN
              + ").")
  String token;

  // What --password holds when given without a value: ask for it.
  private static final String ASK = "\u0000ask";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private LimiterSource local;
  private LimiterSource remote;
  private Map<String, String> env;
  private Credentials masking;
  private PrintStream out;
  // One reader of the input for everything the command reads (an asked password, then clear's
  // confirmation): a second reader would lose what the first had buffered.
  private BufferedReader in;
  private Style style;

  private LimiterCli() {}

  /** Runs the command against the Actuator endpoint given with {@code --url}, then exits. */
  public static void main(String[] args) {
    System.exit(run(null, args, System.out, System.err, System.in, System.console() != null));
  }

  /**
   * Runs the command.
   *
   * @param local the limiter of this process, or null to read {@code --url}
   * @param args the command line, such as {@code limits --key 10.0.0.1}
   * @param out where results go
   * @param err where errors go
   * @param in where {@code clear} reads its confirmation
   * @param terminal true to draw with box characters and colour
   * @return the exit code: 0 done, 1 failed, 2 usage
   */
  public static int run(
      @Nullable LimiterSource local,
      String[] args,
      PrintStream out,
      PrintStream err,
      InputStream in,
      boolean terminal) {
    return run(local, args, out, err, in, terminal, System.getenv());
  }

  /** {@link #run}, with the environment variables to read credentials from. */
  static int run(
      LimiterSource local,
      String[] args,
      PrintStream out,
      PrintStream err,
      InputStream in,
      boolean terminal,
      Map<String, String> env) {
    LimiterCli cli = new LimiterCli();
    cli.local = local;
    cli.env = env;
    // Secrets are masked in every error, usage errors about a mistyped option included.
    cli.masking = Credentials.none(Credentials.inArguments(args, env));
    cli.out = out;
    cli.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    cli.style = new Style(terminal && System.getenv("NO_COLOR") == null);
    CommandLine line = new CommandLine(cli);
    line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    line.setErr(
        new PrintWriter(
            new MaskingWriter(
                new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), cli::mask),
            true));
    line.setExecutionExceptionHandler(
        (e, command, result) -> {
          if (e instanceof IllegalArgumentException
              || e instanceof IllegalStateException
              || e instanceof UncheckedIOException
              || e instanceof io.github.limiter4j.storage.StorageException) {
            // An I/O failure's message is its cause's: "cannot connect to ...".
            String message =
                e instanceof UncheckedIOException && e.getCause() != null
                    ? e.getCause().getMessage()
                    : e.getMessage();
            command.getErr().println(cli.style.fail("Error: " + cli.mask(message)));
            return 1;
          }
          throw e;
        });
    return line.execute(args);
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(out);
    return 0;
  }

  LimiterSource source() {
    if (local != null) {
      return local;
    }
    if (remote == null) {
      // Built once: an asked password is asked once, however often the command reads.
      remote = remoteSource();
    }
    return remote;
  }

  private LimiterSource remoteSource() {
    if (url == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Missing --url of the application's Actuator ratelimits endpoint");
    }
    URI address;
    try {
      address = new URI(url.strip());
    } catch (java.net.URISyntaxException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--url " + mask(Credentials.shown(url)) + " is not a URL: " + e.getReason());
    }
    if (address.getScheme() == null || address.getHost() == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--url "
              + mask(Credentials.shown(url))
              + " is not an http:// or https:// address of the ratelimits endpoint");
    }
    Credentials credentials;
    try {
      credentials = Credentials.of(address, user, askedPassword(), token, env);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), mask(e.getMessage()));
    }
    masking = credentials.plus(masking);
    return new RemoteSource(address, credentials);
  }

  /** The password option, asked for (without echo on a terminal) if given without a value. */
  private String askedPassword() {
    if (!ASK.equals(password)) {
      return password;
    }
    java.io.Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("Password: ");
      return typed == null ? "" : new String(typed);
    }
    try {
      String line = in.readLine();
      return line == null ? "" : line;
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns {@code text} with every secret the command knows of masked. */
  String mask(String text) {
    return text == null ? null : masking.mask(text);
  }

  /** {@code limiter config}. */
  @Command(
      name = "config",
      mixinStandardHelpOptions = true,
      description = "View the limiter's configuration.")
  static final class Config implements Callable<Integer> {
    @ParentCommand LimiterCli cli;

    @Override
    public Integer call() {
      Map<String, Object> configuration = cli.source().configuration();
      List<List<String>> rows = new ArrayList<>();
      String section = null;
      for (Object entry : list(configuration.get("settings"))) {
        Map<String, Object> setting = map(entry);
        String current = String.valueOf(setting.get("section"));
        rows.add(
            List.of(
                current.equals(section) ? "" : current,
                String.valueOf(setting.get("name")),
                String.valueOf(setting.get("value"))));
        section = current;
      }
      cli.print(
          cli.style.table("limiter4j Config", List.of("Notes", "Configuration", "Value"), rows));
      return 0;
    }
  }

  /** The options that select limits. */
  static class Selection {
    @Option(names = "--endpoint", description = "Only the route of this endpoint.")
    String endpoint;

    @Option(names = "--path", description = "Only the route serving this path.")
    String path;

    @Option(names = "--method", description = "Only limits that apply to this HTTP method.")
    String method;

    LimitsQuery query(String key) {
      return LimitsQuery.of(key, endpoint, path, method);
    }
  }

  /** {@code limiter limits}. */
  @Command(
      name = "limits",
      mixinStandardHelpOptions = true,
      description = "Enumerate the limits of every route, and a key's standing against them.")
  static final class Limits extends Selection implements Callable<Integer> {
    @ParentCommand LimiterCli cli;

    @Option(names = "--key", description = "Show this key's status against each limit.")
    String key;

    @Option(names = "--watch", description = "Redraw every second until interrupted.")
    boolean watch;

    @Override
    public Integer call() throws InterruptedException {
      LimitsQuery built = query(key);
      boolean everything = endpoint == null && path == null;
      if (!watch) {
        cli.print(cli.limitsTree(cli.source().limits(built), everything, null));
        return 0;
      }
      while (!Thread.currentThread().isInterrupted()) {
        List<String> lines = cli.limitsTree(cli.source().limits(built), everything, null);
        if (cli.style.terminal) {
          cli.out.print("\033[H\033[2J");
        }
        cli.print(lines);
        cli.out.flush();
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return 0;
        }
      }
      return 0;
    }
  }

  /** {@code limiter clear}. */
  @Command(
      name = "clear",
      mixinStandardHelpOptions = true,
      description = "Clear the limits of a key (all of them, or of an endpoint, path or method).")
  static final class Clear extends Selection implements Callable<Integer> {
    @ParentCommand LimiterCli cli;

    @Option(names = "--key", required = true, description = "The key to clear.")
    String key;

    @Option(
        names = {"-y", "--yes"},
        description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() throws java.io.IOException {
      boolean everything = endpoint == null && path == null;
      Map<String, Object> selected = cli.source().limits(query(null));
      cli.print(cli.limitsTree(selected, everything, null));
      if (!yes) {
        cli.out.print(
            "Proceed with resetting limits for key: " + cli.style.fail(key) + "? [y/n]: ");
        cli.out.flush();
        String answer = cli.in.readLine();
        if (answer == null
            || !(answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) {
          cli.out.println("Nothing cleared.");
          return 1;
        }
      }
      Map<String, Object> cleared = cli.source().clear(query(key));
      cli.print(cli.limitsTree(cleared, everything, cli.style.pass("Cleared")));
      return 0;
    }
  }

  /**
   * The limits tree: meta and application limits (when nothing is filtered), then the routes by
   * group. {@code suffix} replaces the status of each line (for {@code clear}).
   */
  List<String> limitsTree(Map<String, Object> limits, boolean everything, String suffix) {
    List<String> lines = new ArrayList<>();
    if (Boolean.FALSE.equals(limits.get("storageAvailable"))) {
      lines.add(style.fail("Storage not available"));
    }
    if (everything) {
      section(lines, "Meta Limits", list(limits.get("meta")), suffix);
      section(lines, "Application Limits", list(limits.get("application")), suffix);
      section(lines, "Default Limits", list(limits.get("defaults")), suffix);
    }
    String name = limits.get("name") == null ? "application" : String.valueOf(limits.get("name"));
    Map<String, Style.Node> groups = new LinkedHashMap<>();
    List<Map<String, Object>> routes = new ArrayList<>();
    for (Object route : list(limits.get("routes"))) {
      routes.add(map(route));
    }
    routes.sort(
        Comparator.comparing((Map<String, Object> route) -> String.valueOf(route.get("path")))
            .thenComparing(route -> String.valueOf(route.get("endpoint"))));
    for (Map<String, Object> route : routes) {
      String group = route.get("group") == null ? name : String.valueOf(route.get("group"));
      Style.Node groupNode = groups.computeIfAbsent(group, g -> new Style.Node(style.group(g)));
      String label = String.valueOf(route.get("endpoint"));
      if (route.get("path") != null) {
        label = label + ": " + route.get("path");
      }
      Style.Node routeNode = groupNode.add(label);
      List<Object> routeLimits = list(route.get("limits"));
      if (Boolean.TRUE.equals(route.get("exempt"))) {
        routeNode.add(style.quiet("Exempt"));
      } else if (routeLimits.isEmpty()) {
        routeNode.add(style.quiet("Not limited"));
      }
      for (Object line : routeLimits) {
        routeNode.add(line(map(line), suffix));
      }
    }
    for (Style.Node group : groups.values()) {
      lines.addAll(style.tree(group));
    }
    return lines;
  }

  private void section(List<String> lines, String title, List<Object> items, String suffix) {
    if (items.isEmpty()) {
      return;
    }
    Style.Node node = new Style.Node(style.heading(title));
    for (Object item : items) {
      node.add(line(map(item), suffix));
    }
    lines.addAll(style.tree(node));
  }

  private String line(Map<String, Object> line, String suffix) {
    String text = String.valueOf(line.get("limit"));
    if (line.get("method") != null) {
      text = text + " (" + line.get("method") + ")";
    }
    if (suffix != null) {
      // A dynamic limit as a whole in what was cleared: what clearing could not reach, as the
      // limiter says it.
      return text.startsWith("(dynamic) ") ? style.quiet(text) : text + ": " + suffix;
    }
    Object status = line.get("status");
    if (status == null) {
      return text;
    }
    Map<String, Object> standing = map(status);
    String verdict =
        (Boolean.TRUE.equals(standing.get("passes")) ? "Pass" : "Fail")
            + " ("
            + standing.get("remaining")
            + " out of "
            + standing.get("amount")
            + " remaining)";
    return text
        + ": "
        + (Boolean.TRUE.equals(standing.get("passes")) ? style.pass(verdict) : style.fail(verdict));
  }

  void print(List<String> lines) {
    for (String line : lines) {
      out.println(line);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map ? (Map<String, Object>) value : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return value instanceof List ? (List<Object>) value : List.of();
  }

  /** The version of limiter4j, for {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"limiter4j " + io.github.limiter4j.web.Limiter.version()};
    }
  }
}
