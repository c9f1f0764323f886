package io.github.limiter4j.spring.boot;

import java.io.Closeable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.Aware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.stereotype.Controller;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Which methods of a bean that is not a controller are limited (their own {@link RateLimit}, {@link
 * SharedLimit} or {@link RateLimitExempt}, also on the methods they override or implement; or the
 * class's, for its public methods), and whether a Spring AOP proxy can limit them.
 */
final class MethodTargets {
  /** The annotations that limit or exempt a bean's methods, or group them. */
  static final List<Class<? extends java.lang.annotation.Annotation>> ANNOTATIONS =
      List.of(RateLimit.class, SharedLimit.class, RateLimitExempt.class, LimitGroup.class);

  private MethodTargets() {}

  /** Controllers are limited per request by the interceptor, never through a proxy. */
  static boolean isController(Class<?> type) {
    return AnnotatedElementUtils.hasAnnotation(type, Controller.class);
  }

  /** Whether the class's limits (or group) apply to each of its public methods. */
  static boolean isLimitedClass(Class<?> type) {
    return Annotations.hasAny(type, true)
        || AnnotatedElementUtils.hasAnnotation(type, LimitGroup.class);
  }

  /** Whether {@code method} of a bean of {@code type} is limited. */
  static boolean isLimited(Method method, Class<?> type) {
    if (method.getDeclaringClass() == Object.class || method.isSynthetic() || method.isBridge()) {
      return false;
    }
    if (Annotations.hasAny(method, true)) {
      return true;
    }
    int modifiers = method.getModifiers();
    return Modifier.isPublic(modifiers) && !Modifier.isStatic(modifiers) && isLimitedClass(type);
  }

  /** The limited methods of a bean of {@code type}, inherited ones included. */
  static List<Method> limitedMethods(Class<?> type) {
    List<Method> limited = new ArrayList<>();
    if (type.isInterface()
        || !AnnotationUtils.isCandidateClass(type, ANNOTATIONS)
        || isController(type)) {
      return limited;
    }
    for (Method method :
        ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
      if (isLimited(method, type)) {
        limited.add(method);
      }
    }
    return limited;
  }

  /**
   * Returns the first limited method of {@code interfaces} that no method of {@code implementation}
   * implements, or null: such a limit is seen by no proxy of the limiter, as on a Spring Data
   * repository, whose bean is a JDK proxy of its interface.
   *
   * @param implementation the bean's class, or null if only its interfaces are known (a {@code
   *     FactoryBean}'s product, a JDK proxy)
   */
  static Method unimplementedLimit(Set<Class<?>> interfaces, Class<?> implementation) {
    boolean concrete =
        implementation != null
            && !implementation.isInterface()
            && !Proxy.isProxyClass(implementation);
    for (Class<?> face : interfaces) {
      if (!face.isInterface()
          || face.getName().startsWith("org.springframework.")
          || !AnnotationUtils.isCandidateClass(face, ANNOTATIONS)) {
        continue;
      }
      for (Method method : face.getMethods()) {
        if (Modifier.isStatic(method.getModifiers()) || !isLimited(method, face)) {
          continue;
        }
        if (!concrete || !face.isAssignableFrom(implementation)) {
          return method;
        }
        Method implemented = ClassUtils.getMostSpecificMethod(method, implementation);
        if (Modifier.isAbstract(implemented.getModifiers())) {
          return method;
        }
      }
    }
    return null;
  }

  /** The problem of a limit {@link #unimplementedLimit} found on the bean {@code beanName}. */
  static String unimplementedProblem(Class<?> face, String beanName) {
    return "is on a method of the interface "
        + ClassUtils.getShortName(face)
        + ", and bean '"
        + beanName
        + "' has no class of its own implementing it (the bean is a JDK proxy, as a Spring Data"
        + " repository is, or its definition shows only the interface, as a FactoryBean's"
        + " product's does), so the limiter cannot limit it: limit the method of your own bean"
        + " that calls it, or declare the bean's class";
  }

  /**
   * Fails, naming the method, if a proxy of a bean of {@code type} could not limit one of its
   * limited methods.
   *
   * @param proxyTargetClass {@code spring.aop.proxy-target-class}
   */
  static void requireProxyable(Class<?> type, boolean proxyTargetClass) {
    List<Method> limited = limitedMethods(type);
    if (limited.isEmpty()) {
      return;
    }
    boolean classProxy = proxyTargetClass || !hasProxyInterfaces(type);
    for (Method method : limited) {
      int modifiers = method.getModifiers();
      String problem = null;
      if (Modifier.isPrivate(modifiers)) {
        problem =
            "is private, and a proxy limits only the calls that reach it from other beans: make"
                + " the method public";
      } else if (Modifier.isStatic(modifiers)) {
        problem =
            "is static, and no proxy sees calls of a static method: make it an instance method";
      } else if (classProxy && Modifier.isFinal(type.getModifiers())) {
        problem =
            "is a method of the final class "
                + ClassUtils.getShortName(type)
                + ", and a class proxy cannot subclass a final class: make the class non-final";
      } else if (classProxy && Modifier.isFinal(modifiers)) {
        problem =
            "is final, and a class proxy cannot override a final method: make the method"
                + " non-final";
      } else if (!classProxy && !declaredByInterface(method, type)) {
        problem =
            "is declared by no interface of "
                + ClassUtils.getShortName(type)
                + ", and with spring.aop.proxy-target-class=false the bean's proxy implements only"
                + " its interfaces, so no call of this method reaches it: declare the method in an"
                + " interface, or remove spring.aop.proxy-target-class=false";
      }
      if (problem != null) {
        throw new InvalidRateLimitException(origin(type, method), "", problem, null);
      }
    }
  }

  /** Names a limited method in messages: {@code @RateLimit on Reports.daily()}. */
  static String origin(Class<?> type, Method method) {
    String annotation;
    if (!AnnotatedElementUtils.findMergedRepeatableAnnotations(method, RateLimit.class).isEmpty()) {
      annotation = "@RateLimit";
    } else if (!AnnotatedElementUtils.findMergedRepeatableAnnotations(method, SharedLimit.class)
        .isEmpty()) {
      annotation = "@SharedLimit";
    } else if (AnnotatedElementUtils.hasAnnotation(method, RateLimitExempt.class)) {
      annotation = "@RateLimitExempt";
    } else {
      annotation = "the class's limits";
    }
    return annotation + " on " + EndpointNames.describe(type, method);
  }

  /** The classes of the application's bean definitions, as far as each definition shows it. */
  static Set<Class<?>> beanTypes(ConfigurableListableBeanFactory beans) {
    Set<Class<?>> types = new LinkedHashSet<>();
    for (String name : beans.getBeanDefinitionNames()) {
      BeanDefinition definition = beans.getBeanDefinition(name);
      if (definition.isAbstract() || definition.getRole() == BeanDefinition.ROLE_INFRASTRUCTURE) {
        continue;
      }
      Class<?> type;
      try {
        type = beans.getType(name, false);
      } catch (BeansException unresolvable) {
        // Found when the bean is made: the post processor checks every bean it limits.
        continue;
      }
      if (type == null || type.getName().startsWith("org.springframework.")) {
        continue;
      }
      types.add(ClassUtils.getUserClass(type));
    }
    return types;
  }

  private static boolean declaredByInterface(Method method, Class<?> type) {
    for (Class<?> face : ClassUtils.getAllInterfacesForClassAsSet(type)) {
      if (ClassUtils.hasMethod(face, method.getName(), method.getParameterTypes())) {
        return true;
      }
    }
    return false;
  }

  /** Whether Spring would proxy the bean by its interfaces, when not told to proxy classes. */
  private static boolean hasProxyInterfaces(Class<?> type) {
    for (Class<?> face : ClassUtils.getAllInterfacesForClassAsSet(type)) {
      boolean callback =
          Aware.class.isAssignableFrom(face)
              || InitializingBean.class == face
              || DisposableBean.class == face
              || AutoCloseable.class == face
              || Closeable.class == face;
      if (!callback && face.getMethods().length > 0) {
        return true;
      }
    }
    return false;
  }
}
