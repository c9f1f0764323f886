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
  private final BeanFactory beans;
  private final SpelExpressionParser parser;
  // One context for every evaluation: its property accessors cache what reflection finds, and a
  // context per request would look everything up again. The root is given per evaluation.
  private final StandardEvaluationContext context;

  Functions(BeanFactory beans) {
    this.beans = beans;
    ClassLoader classLoader =
        beans instanceof ConfigurableBeanFactory configurable
                && configurable.getBeanClassLoader() != null
            ? configurable.getBeanClassLoader()
            : Functions.class.getClassLoader();
    // Expressions run on every request: compiled to bytecode once they have run a few times,
    // interpreted again whenever compiled code meets a type it was not compiled for.
    this.parser =
        new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.MIXED, classLoader));
    this.context = new StandardEvaluationContext();
    context.setBeanResolver(new BeanFactoryResolver(beans));
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
      Function<SpelRoot, Object> spel = spel(reference, origin);
      return request -> stringOf(spel.apply(SpelRoot.of(request, null)));
    }
    return bean(reference, KeyFunction.class, origin);
  }

  RequestCondition condition(String reference, String origin) {
    if (isBlank(reference)) {
      return null;
    }
    if (isSpel(reference)) {
      Function<SpelRoot, Object> spel = spel(reference, origin);
      return request -> Boolean.TRUE.equals(spel.apply(SpelRoot.of(request, null)));
    }
    return bean(reference, RequestCondition.class, origin);
  }

  ResponseCondition responseCondition(String reference, String origin) {
    if (isBlank(reference)) {
      return null;
    }
    if (isSpel(reference)) {
      Function<SpelRoot, Object> spel = spel(reference, origin);
      return (request, response) -> Boolean.TRUE.equals(spel.apply(SpelRoot.of(request, response)));
    }
    return bean(reference, ResponseCondition.class, origin);
  }

  CostFunction cost(String reference, String origin) {
    if (isBlank(reference)) {
      return null;
    }
    if (isSpel(reference)) {
      Function<SpelRoot, Object> spel = spel(reference, origin);
      return request -> {
        Object cost = spel.apply(SpelRoot.of(request, null));
        if (!(cost instanceof Number)) {
          throw new IllegalStateException(origin + " gave " + cost + " where a cost was expected");
        }
        return ((Number) cost).longValue();
      };
    }
    return bean(reference, CostFunction.class, origin);
  }

  LimitProvider limits(String reference, String origin) {
    if (isBlank(reference)) {
      return null;
    }
    if (isSpel(reference)) {
      Function<SpelRoot, Object> spel = spel(reference, origin);
      return request -> stringOf(spel.apply(SpelRoot.of(request, null)));
    }
    return bean(reference, LimitProvider.class, origin);
  }

  ScopeFunction scope(String reference, String origin) {
    if (isSpel(reference)) {
      Function<SpelRoot, Object> spel = spel(reference, origin);
      return endpoint -> stringOf(spel.apply(SpelRoot.ofEndpoint(endpoint)));
    }
    return bean(reference, ScopeFunction.class, origin);
  }

  Function<io.github.limiter4j.web.WebRequest, String> message(String reference, String origin) {
    Function<SpelRoot, Object> spel = spel(reference, origin);
    return request -> stringOf(spel.apply(SpelRoot.of(request, null)));
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
              + " bean (name or @name) or a SpEL expression #{...}",
          null);
    }
    try {
      return beans.getBean(name, type);
    } catch (BeansException e) {
      throw new InvalidRateLimitException(
          origin, name, "is not a " + type.getName() + " bean: " + e.getMessage(), e);
    }
  }

  private Function<SpelRoot, Object> spel(String reference, String origin) {
    String source = reference.substring(2, reference.length() - 1);
    Expression expression;
    try {
      expression = parser.parseExpression(source);
    } catch (ParseException e) {
      throw new InvalidRateLimitException(
          origin, reference, "is not a valid SpEL expression: " + e.getMessage(), e);
    }
    return root -> {
      try {
        return expression.getValue(context, root);
      } catch (EvaluationException e) {
        throw new IllegalStateException(
            origin + ": " + reference + " failed: " + e.getMessage(), e);
      }
    };
  }

  private static String stringOf(Object value) {
    return value == null ? null : value.toString();
  }
}
