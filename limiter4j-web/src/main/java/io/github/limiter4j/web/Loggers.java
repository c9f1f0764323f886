package io.github.limiter4j.web;

import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The loggers of this module: SLF4J's when the application has an SLF4J provider, otherwise the
 * JDK's {@link System.Logger} (java.util.logging by default). Without a provider SLF4J drops every
 * line, and a plain Servlet application often has none: it would never hear of a storage outage.
 */
final class Loggers {
  private Loggers() {}

  /** The logger named after {@code type}. */
  static Logger of(Class<?> type) {
    return slf4jHasProvider()
        ? LoggerFactory.getLogger(type)
        : new SystemLogger(System.getLogger(type.getName()));
  }

  /** Whether SLF4J would find a provider, as it looks for one, without starting it. */
  private static boolean slf4jHasProvider() {
    if (System.getProperty("slf4j.provider") != null) {
      return true; // chosen explicitly, also when that is SLF4J's NOP provider
    }
    return ServiceLoader.load(SLF4JServiceProvider.class, LoggerFactory.class.getClassLoader())
        .stream()
        .findAny()
        .isPresent();
  }

  /** SLF4J calls formatted as SLF4J does, written to a {@link System.Logger}. */
  private static final class SystemLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    private final transient System.Logger logger;

    SystemLogger(System.Logger logger) {
      this.logger = logger;
      this.name = logger.getName();
    }

    @Override
    public boolean isTraceEnabled() {
      return logger.isLoggable(System.Logger.Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
      return logger.isLoggable(System.Logger.Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return logger.isLoggable(System.Logger.Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
      return logger.isLoggable(System.Logger.Level.WARNING);
    }

    @Override
    public boolean isErrorEnabled() {
      return logger.isLoggable(System.Logger.Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return SystemLogger.class.getName();
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable failure) {
      System.Logger.Level jdkLevel = jdkLevel(level);
      if (!logger.isLoggable(jdkLevel)) {
        return;
      }
      String message = MessageFormatter.basicArrayFormat(pattern, arguments);
      if (failure == null) {
        logger.log(jdkLevel, message);
      } else {
        logger.log(jdkLevel, message, failure);
      }
    }

    private static System.Logger.Level jdkLevel(Level level) {
      switch (level) {
        case ERROR:
          return System.Logger.Level.ERROR;
        case WARN:
          return System.Logger.Level.WARNING;
        case INFO:
          return System.Logger.Level.INFO;
        case DEBUG:
          return System.Logger.Level.DEBUG;
        default:
          return System.Logger.Level.TRACE;
      }
    }
  }
}
