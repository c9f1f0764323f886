package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.WebRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a SpEL expression in a limit on a bean method (not a controller's) sees: {@code args}, the
 * call's arguments ({@code #{args[0]}}); {@code method}; {@code target}, the bean; and {@code
 * request} and {@code servletRequest}, the request the call happens in, both null outside a
 * request. Each argument is also a variable named after its parameter ({@code #{#userId}}, with
 * classes compiled with {@code -parameters}, as Spring Boot's build plugins do) and {@code #p0},
 * {@code #a0}.
 *
 * @param args the arguments of the call, in order; an element is null where the argument is
 * @param method the method called
 * @param target the bean whose method is called
 * @param request the request the call happens in, or null outside a request
 * @param servletRequest the servlet request the call happens in, or null outside a request
 */
public record MethodSpelRoot(
    List<Object> args,
    Method method,
    Object target,
    @Nullable WebRequest request,
    @Nullable HttpServletRequest servletRequest) {}
