package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.Route;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Limits the methods of beans that are not controllers through Spring AOP, as Spring's own
 * {@code @Validated} and {@code @Async} support do: each bean with a limited method gets a proxy
 * whose interceptor checks the method's limits before the method runs. A bean whose limits a proxy
 * cannot apply fails start-up, naming the method.
 */
final class MethodLimitPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor
    implements SmartInitializingSingleton {
  private static final long serialVersionUID = 1L;

  private final transient ObjectProvider<HandlerRoutes> routes;
  // The beans given a proxy, by name: each must have its methods' routes once all exist.
  private final transient Map<String, Class<?>> limited = new ConcurrentHashMap<>();
  private transient ConfigurableListableBeanFactory beans;

  MethodLimitPostProcessor(
      boolean proxyTargetClass,
      ObjectProvider<HandlerRoutes> routes,
      ObjectProvider<Limiter> limiter) {
    this.routes = routes;
    setProxyTargetClass(proxyTargetClass);
    // Before other advice (a transaction, a cache): a refused call starts nothing.
    setBeforeExistingAdvisors(true);
    this.advisor = new DefaultPointcutAdvisor(new LimitedMethods(), new Check(routes, limiter));
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    super.setBeanFactory(beanFactory);
    this.beans = beanFactory instanceof ConfigurableListableBeanFactory listable ? listable : null;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Class<?> type = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
    // The interfaces of a JDK proxy (a Spring Data repository) as well as of its target.
    Set<Class<?>> interfaces = new LinkedHashSet<>(ClassUtils.getAllInterfacesForClassAsSet(type));
    interfaces.addAll(ClassUtils.getAllInterfacesForClassAsSet(bean.getClass()));
    Method unimplemented = MethodTargets.unimplementedLimit(interfaces, type);
    if (unimplemented != null) {
      throw new InvalidRateLimitException(
          MethodTargets.origin(unimplemented.getDeclaringClass(), unimplemented),
          "",
          MethodTargets.unimplementedProblem(unimplemented.getDeclaringClass(), beanName),
          null);
    }
    if (!MethodTargets.isController(type) && !MethodTargets.limitedMethods(type).isEmpty()) {
      // Before the proxy is made, which would fail without naming the method.
      MethodTargets.requireProxyable(type, isProxyTargetClass());
      limited.put(beanName, type);
    }
    return super.postProcessAfterInitialization(bean, beanName);
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (beans != null) {
      requireProxied(beans);
      requireClassesKnown(beans);
    }
    if (limited.isEmpty()) {
      return;
    }
    HandlerRoutes known = routes.getObject();
    for (Map.Entry<String, Class<?>> bean : limited.entrySet()) {
      Class<?> type = bean.getValue();
      for (Method method : MethodTargets.limitedMethods(type)) {
        if (known.callRouteOf(type, method) == null) {
          throw new InvalidRateLimitException(
              MethodTargets.origin(type, method),
              "",
              "is on a bean ("
                  + bean.getKey()
                  + ") whose definition does not show its class, so the limiter, built from the"
                  + " bean definitions, has no limit for it: declare the @Bean method's return"
                  + " type as "
                  + ClassUtils.getShortName(type),
              null);
        }
      }
    }
  }

  /**
   * Fails, naming the method, if a singleton with limited methods has no proxy of ours: one made
   * before this post processor was registered (needed early, such as by another bean post
   * processor) never passed through it.
   */
  private void requireProxied(ConfigurableListableBeanFactory beans) {
    for (String name : beans.getSingletonNames()) {
      Object bean = beans.getSingleton(name);
      if (bean == null || bean instanceof FactoryBean<?> || limited.containsKey(name)) {
        continue;
      }
      Class<?> type = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
      if (type.getName().startsWith("org.springframework.")) {
        continue;
      }
      List<Method> methods = MethodTargets.limitedMethods(type);
      if (methods.isEmpty() || hasOurAdvisor(bean)) {
        continue;
      }
      throw new InvalidRateLimitException(
          MethodTargets.origin(type, methods.get(0)),
          "",
          "is on bean '"
              + name
              + "', which was created before the limiter's bean post processor was registered"
              + " (something needed it early, such as another BeanPostProcessor or a"
              + " BeanFactoryPostProcessor), so no proxy limits its calls: inject it lazily"
              + " where it is needed early (@Lazy or ObjectProvider)",
          null);
    }
  }

  private boolean hasOurAdvisor(Object bean) {
    return bean instanceof Advised advised
        && Arrays.asList(advised.getAdvisors()).contains(advisor);
  }

  /**
   * Fails, naming the method, if a bean is known only by an interface with limited methods (a
   * {@code FactoryBean}'s product not made yet, such as a Spring Data repository): the limiter,
   * built from the bean types, has no limit for it.
   */
  private static void requireClassesKnown(ConfigurableListableBeanFactory beans) {
    for (String name : beans.getBeanDefinitionNames()) {
      if (beans.getBeanDefinition(name).isAbstract()) {
        continue;
      }
      Class<?> type;
      try {
        type = beans.getType(name, false);
      } catch (BeansException unresolvable) {
        continue;
      }
      if (type == null || !type.isInterface()) {
        continue;
      }
      Method unimplemented =
          MethodTargets.unimplementedLimit(ClassUtils.getAllInterfacesForClassAsSet(type), null);
      if (unimplemented != null) {
        throw new InvalidRateLimitException(
            MethodTargets.origin(unimplemented.getDeclaringClass(), unimplemented),
            "",
            MethodTargets.unimplementedProblem(unimplemented.getDeclaringClass(), name),
            null);
      }
    }
  }

  /** Matches the limited methods of beans that are not controllers. */
  private static final class LimitedMethods extends StaticMethodMatcherPointcut {
    LimitedMethods() {
      setClassFilter(
          (ClassFilter) type -> !MethodTargets.isController(ClassUtils.getUserClass(type)));
    }

    @Override
    public boolean matches(Method method, Class<?> targetClass) {
      Class<?> type = ClassUtils.getUserClass(targetClass);
      return MethodTargets.isLimited(AopUtils.getMostSpecificMethod(method, type), type);
    }
  }

  /** Checks a call against its method's limits before the method runs. */
  private static final class Check implements MethodInterceptor {
    private final ObjectProvider<HandlerRoutes> routes;
    private final ObjectProvider<Limiter> limiter;

    Check(ObjectProvider<HandlerRoutes> routes, ObjectProvider<Limiter> limiter) {
      this.routes = routes;
      this.limiter = limiter;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
      Object target = invocation.getThis();
      Class<?> type =
          target != null
              ? ClassUtils.getUserClass(AopUtils.getTargetClass(target))
              : invocation.getMethod().getDeclaringClass();
      Method method = AopUtils.getMostSpecificMethod(invocation.getMethod(), type);
      Route route = routes.getObject().callRouteOf(type, method);
      if (route == null) {
        // A bean made after start-up whose class the bean definitions did not show.
        throw new IllegalStateException(
            MethodTargets.origin(type, method)
                + " has no limit in the limiter, which was built from the bean definitions:"
                + " declare the bean's class as its type");
      }
      limiter
          .getObject()
          .checkCall(MethodCall.of(method, invocation.getArguments(), target), route);
      return invocation.proceed();
    }
  }
}
