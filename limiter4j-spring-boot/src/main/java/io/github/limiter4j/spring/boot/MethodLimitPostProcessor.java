package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.Route;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
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
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Class<?> type = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
    if (!MethodTargets.isController(type) && !MethodTargets.limitedMethods(type).isEmpty()) {
      // Before the proxy is made, which would fail without naming the method.
      MethodTargets.requireProxyable(type, isProxyTargetClass());
      limited.put(beanName, type);
    }
    return super.postProcessAfterInitialization(bean, beanName);
  }

  @Override
  public void afterSingletonsInstantiated() {
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
