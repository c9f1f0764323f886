package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.BreachHandler;
import io.github.limiter4j.web.CostFunction;
import io.github.limiter4j.web.KeyFunction;
import io.github.limiter4j.web.LimitProvider;
import io.github.limiter4j.web.RequestCondition;
import io.github.limiter4j.web.ResponseCondition;
import io.github.limiter4j.web.ScopeFunction;
import java.util.function.Function;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.NativeDetector;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * Turns the function references of annotations and properties into functions: the name of a bean of
 * the right type ({@code name}, or explicitly {@code @name}), or a SpEL expression {@code #{...}}.
 * A reference that cannot be resolved fails at start-up with {@link InvalidRateLimitException}.
 */
final class Functions {
  private static final ParameterNameDiscoverer PARAMETER_NAMES =
      new DefaultParameterNameDiscoverer();
  private final BeanFactory beans;
  private final SpelExpressionParser parser;
  // One context for every evaluation: its property accessors cache what reflection finds, and a
  // context per request would look everything up again. The root is given per evaluation.
  private final StandardEvaluationContext context;
  // Whether expressions are evaluated for calls of bean methods (MethodSpelRoot), not requests.
  private final boolean calls;

  Functions(BeanFactory beans) {
    this.calls = false;
    this.beans = beans;
    ClassLoader classLoader =
        beans instanceof ConfigurableBeanFactory configurable
                && configurable.getBeanClassLoader() != null
            ? configurable.getBeanClassLoader()
            : Functions.class.getClassLoader();
    this.parser =
        new SpelExpressionParser(
            new SpelParserConfiguration(compilerMode(NativeDetector.inNativeImage()), classLoader));
    this.context = new StandardEvaluationContext();
    context.setBeanResolver(new BeanFactoryResolver(beans));
  }

  private Functions(Functions requests) {
    this.beans = requests.beans;
    this.parser = requests.parser;
    this.context = requests.context;
    this.calls = true;
  }

  /**
   * Returns the functions of limits on bean methods: their expressions see a {@link
   * MethodSpelRoot}, with the call's arguments as variables, instead of a {@link SpelRoot}.
   */
  Functions forCalls() {
    return calls ? this : new Functions(this);
  }

  /**
   * Expressions run on every request: on the JVM they are compiled to bytecode once they have run a
   * few times, and interpreted again whenever compiled code meets a type it was not compiled for. A
   * native image cannot define classes at run time, so there they are always interpreted, reaching
   * their root's properties and methods by reflection ({@link RateLimitRuntimeHints}).
   */
  static SpelCompilerMode compilerMode(boolean inNativeImage) {
    return inNativeImage ? SpelCompilerMode.OFF : SpelCompilerMode.MIXED;
  }

  static boolean isSpel(String reference) {
    return reference.startsWith("#{") && reference.endsWith("}");
  }

  /** Returns true if {@code reference} is an explicit bean reference {@code @name}. */
  static boolean isBeanReference(String reference) {
    return reference.length() > 1 && reference.startsWith("@");
  }

  static boolean isBlank(String reference) {
    return reference == null || reference.isBlank();
  }

  KeyFunction key(String reference, String origin) {
    if (isBlank(reference)) {
      return null;
    }
    if (isSpel(reference)) {
      Spel spel = spel(reference, origin);
      return described((KeyFunction) request -> stringOf(spel.value(request, null)), reference);
    }
    return bean(reference, KeyFunction.class, origin);
  }

  RequestCondition condition(String reference, String origin) {
    if (isBlank(reference)) {
      return null;
    }
    if (isSpel(reference)) {
      Spel spel = spel(reference, origin);
      return described(
          (RequestCondition) request -> Boolean.TRUE.equals(spel.value(request, null)), reference);
    }
    return bean(reference, RequestCondition.class, origin);
  }

  ResponseCondition responseCondition(String reference, String origin) {
    if (isBlank(reference)) {
      return null;
    }
    if (isSpel(reference)) {
      Spel spel = spel(reference, origin);
      return described(
          (ResponseCondition)
              (request, response) -> Boolean.TRUE.equals(spel.value(request, response)),
          reference);
    }
    return bean(reference, ResponseCondition.class, origin);
  }

  CostFunction cost(String reference, String origin) {
    if (isBlank(reference)) {
      return null;
    }
    if (isSpel(reference)) {
      Spel spel = spel(reference, origin);
      CostFunction cost =
          request -> {
            Object value = spel.value(request, null);
            if (!(value instanceof Number)) {
              throw new IllegalStateException(
                  origin + " gave " + value + " where a cost was expected");
            }
            return ((Number) value).longValue();
          };
      return described(cost, reference);
    }
    return bean(reference, CostFunction.class, origin);
  }

  LimitProvider limits(String reference, String origin) {
    if (isBlank(reference)) {
      return null;
    }
    if (isSpel(reference)) {
      Spel spel = spel(reference, origin);
      return described((LimitProvider) request -> stringOf(spel.value(request, null)), reference);
    }
    return bean(reference, LimitProvider.class, origin);
  }

  ScopeFunction scope(String reference, String origin) {
    if (isSpel(reference)) {
      Expression expression = parse(reference, origin);
      return described(
          (ScopeFunction)
              endpoint ->
                  stringOf(
                      evaluate(
                          expression, context, SpelRoot.ofEndpoint(endpoint), reference, origin)),
          reference);
    }
    return bean(reference, ScopeFunction.class, origin);
  }

  Function<io.github.limiter4j.web.WebRequest, String> message(String reference, String origin) {
    Spel spel = spel(reference, origin);
    return request -> stringOf(spel.value(request, null));
  }

  BreachHandler breachHandler(String reference, String origin) {
    if (isBlank(reference)) {
      return null;
    }
    return bean(reference, BreachHandler.class, origin);
  }

  /** Returns true if {@code name} is the name of a bean of {@code type}. */
  boolean isBeanOf(String name, Class<?> type) {
    try {
      return beans.containsBean(name) && beans.isTypeMatch(name, type);
    } catch (BeansException e) {
      return false;
    }
  }

  /** The bean of {@code reference}: its name, or {@code @name}. */
  private <T> T bean(String reference, Class<T> type, String origin) {
    String name = isBeanReference(reference) ? reference.substring(1) : reference;
    if (!beans.containsBean(name)) {
      throw new InvalidRateLimitException(
          origin,
          reference,
          "names no bean; expected the name of a "
              + type.getSimpleName()
              + " bean (name or @name)"
              // Breach handlers answer the request, which an expression cannot.
              + (type == BreachHandler.class ? "" : " or a SpEL expression #{...}"),
          null);
    }
    try {
      T bean = beans.getBean(name, type);
      // limiter config and the Actuator show a function by its toString: a bean that has none
      // of its own (a lambda) is shown by its name, as Flask-Limiter shows a function's name.
      // Scope functions are shown nowhere, so they stay the bean itself.
      return describesItself(bean) || type == ScopeFunction.class ? bean : described(bean, name);
    } catch (BeansException e) {
      throw new InvalidRateLimitException(
          origin, name, "is not a " + type.getName() + " bean: " + e.getMessage(), e);
    }
  }

  /** An expression of a request's (or a call's) function. */
  @FunctionalInterface
  private interface Spel {
    Object value(
        io.github.limiter4j.web.WebRequest request, io.github.limiter4j.web.WebResponse response);
  }

  private Spel spel(String reference, String origin) {
    Expression expression = parse(reference, origin);
    if (!calls) {
      return (request, response) ->
          evaluate(expression, context, SpelRoot.of(request, response), reference, origin);
    }
    return (request, response) -> {
      MethodCall call =
          request
              .unwrap(MethodCall.class)
              .orElseThrow(
                  () -> new IllegalStateException(origin + " is evaluated for method calls only"));
      // A context per call: the arguments are its variables (#userId, #p0), found lazily.
      MethodBasedEvaluationContext callContext =
          new MethodBasedEvaluationContext(
              call.root(), call.invoked(), call.arguments(), PARAMETER_NAMES);
      callContext.setBeanResolver(context.getBeanResolver());
      return evaluate(expression, callContext, call.root(), reference, origin);
    };
  }

  private Expression parse(String reference, String origin) {
    String source = reference.substring(2, reference.length() - 1);
    try {
      return parser.parseExpression(source);
    } catch (ParseException e) {
      throw new InvalidRateLimitException(
          origin, reference, "is not a valid SpEL expression: " + e.getMessage(), e);
    }
  }

  private static Object evaluate(
      Expression expression,
      EvaluationContext context,
      Object root,
      String reference,
      String origin) {
    try {
      return expression.getValue(context, root);
    } catch (EvaluationException e) {
      throw new IllegalStateException(origin + ": " + reference + " failed: " + e.getMessage(), e);
    }
  }

  private static String stringOf(Object value) {
    return value == null ? null : value.toString();
  }

  /**
   * Whether {@code function} has a {@code toString} of its own: one that says more than Object's
   * class name and hash. Compared, not looked up by reflection, which a native image would need
   * hints for on every function bean's class.
   */
  static boolean describesItself(Object function) {
    // Object.toString() exactly, hashCode() included, which a class may override alone.
    String objects = function.getClass().getName() + "@" + Integer.toHexString(function.hashCode());
    return !objects.equals(String.valueOf(function));
  }

  /** Returns {@code function}, shown as {@code text}: an expression's source, a bean's name. */
  @SuppressWarnings("unchecked")
  private static <T> T described(T function, String text) {
    // Described implements every function type, so the cast to T (one of them) holds.
    return (T) new Described(function, text);
  }

  /**
   * A function of any of the types references resolve to, with a text for {@code toString}; each
   * method is called only through the one type it was made for.
   */
  private static final class Described
      implements KeyFunction,
          RequestCondition,
          ResponseCondition,
          CostFunction,
          LimitProvider,
          ScopeFunction,
          BreachHandler {
    private final Object function;
    private final String text;

    Described(Object function, String text) {
      this.function = function;
      this.text = text;
    }

    @Override
    public String key(io.github.limiter4j.web.WebRequest request) {
      return ((KeyFunction) function).key(request);
    }

    @Override
    public boolean test(io.github.limiter4j.web.WebRequest request) {
      return ((RequestCondition) function).test(request);
    }

    @Override
    public boolean test(
        io.github.limiter4j.web.WebRequest request, io.github.limiter4j.web.WebResponse response) {
      return ((ResponseCondition) function).test(request, response);
    }

    @Override
    public long cost(io.github.limiter4j.web.WebRequest request) {
      return ((CostFunction) function).cost(request);
    }

    @Override
    public String limits(io.github.limiter4j.web.WebRequest request) {
      return ((LimitProvider) function).limits(request);
    }

    @Override
    public String scope(String endpoint) {
      return ((ScopeFunction) function).scope(endpoint);
    }

    @Override
    public java.util.Optional<io.github.limiter4j.web.BreachResponse> onBreach(
        io.github.limiter4j.web.RequestLimit limit, io.github.limiter4j.web.WebRequest request) {
      return ((BreachHandler) function).onBreach(limit, request);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
