package io.github.limiter4j.spring.boot;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;

/**
 * Hints for the application's own beans, found at build time as start-up finds them: every class
 * that carries {@link RateLimit}, {@link SharedLimit}, {@link RateLimitExempt} or {@link
 * LimitGroup} (on itself, its methods, a superclass or an interface) has its methods read for the
 * annotations, and a limited bean's methods are called through a proxy by reflection. The proxies
 * themselves, class proxies and JDK proxies of interfaces ({@code
 * spring.aop.proxy-target-class=false}) alike, are declared by Spring's AOT processing, which asks
 * the limiter's bean post processor for each bean's type.
 */
final class RateLimitBeanHints implements BeanFactoryInitializationAotProcessor {
  RateLimitBeanHints() {}

  @Override
  public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
      ConfigurableListableBeanFactory beanFactory) {
    Set<Class<?>> annotated = new LinkedHashSet<>();
    for (Class<?> type : MethodTargets.beanTypes(beanFactory)) {
      annotated.addAll(annotatedHierarchy(type));
    }
    if (annotated.isEmpty()) {
      return null;
    }
    return (generationContext, code) -> {
      RuntimeHints hints = generationContext.getRuntimeHints();
      for (Class<?> type : annotated) {
        hints
            .reflection()
            .registerType(
                type, MemberCategory.INVOKE_DECLARED_METHODS, MemberCategory.INVOKE_PUBLIC_METHODS);
      }
    };
  }

  /**
   * The classes and interfaces of {@code type}'s hierarchy that carry one of the annotations, which
   * start-up reads; empty if none does.
   */
  static Set<Class<?>> annotatedHierarchy(Class<?> type) {
    Set<Class<?>> found = new LinkedHashSet<>();
    for (Class<?> scanned = type;
        scanned != null && scanned != Object.class;
        scanned = scanned.getSuperclass()) {
      if (carriesAnnotations(scanned)) {
        found.add(scanned);
      }
    }
    for (Class<?> face : ClassUtils.getAllInterfacesForClassAsSet(type)) {
      if (!face.getName().startsWith("org.springframework.") && carriesAnnotations(face)) {
        found.add(face);
      }
    }
    if (!found.isEmpty()) {
      // The bean's own class is scanned even where only an interface or superclass is annotated.
      found.add(type);
    }
    return found;
  }

  private static boolean carriesAnnotations(Class<?> type) {
    if (!AnnotationUtils.isCandidateClass(type, MethodTargets.ANNOTATIONS)) {
      return false;
    }
    if (hasOne(type)) {
      return true;
    }
    for (Method method : type.getDeclaredMethods()) {
      if (hasOne(method)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code element} itself declares one of the annotations, directly or as a meta one. */
  private static boolean hasOne(AnnotatedElement element) {
    MergedAnnotations annotations = MergedAnnotations.from(element, SearchStrategy.DIRECT);
    for (Class<? extends Annotation> ours : MethodTargets.ANNOTATIONS) {
      if (annotations.isPresent(ours)) {
        return true;
      }
    }
    return false;
  }
}
