package io.github.limiter4j.examples.secured;

import io.github.limiter4j.spring.boot.RateLimit;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A per-plan API keyed by the {@code X-Api-Key} header, whose Actuator endpoints only the {@code
 * OPS} role may use: with HTTP basic authentication, or with the operators' bearer token. The
 * {@code limiter} command reaches it with {@code --user}/{@code --password} or {@code --token}.
 */
@SpringBootApplication
public class SecuredApplication {
  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(SecuredApplication.class, args);
  }

  /** The Actuator endpoints need the OPS role; the API is open (the limiter protects it). */
  @Bean
  SecurityFilterChain security(HttpSecurity http, @Value("${ops.token}") String token)
      throws Exception {
    return http.authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(EndpointRequest.toAnyEndpoint())
                    .hasRole("OPS")
                    .anyRequest()
                    .permitAll())
        .httpBasic(basic -> {})
        .addFilterBefore(new BearerToken(token), BasicAuthenticationFilter.class)
        .csrf(csrf -> csrf.ignoringRequestMatchers(EndpointRequest.toAnyEndpoint()))
        .build();
  }

  /** The operator who may read and clear the limits. */
  @Bean
  UserDetailsService users(@Value("${ops.password}") String password) {
    return new InMemoryUserDetailsManager(
        User.withUsername("ops").password("{noop}" + password).roles("OPS").build());
  }

  /** Plans by API key: free keys get little. */
  @Bean
  Plans plans() {
    return new Plans();
  }

  /** The limit of each plan, named by the API key's prefix. */
  public static final class Plans {
    /** Returns the limits of the plan of {@code apiKey}. */
    public String limitsOf(String apiKey) {
      return apiKey != null && apiKey.startsWith("free") ? "2/minute" : "100/minute";
    }
  }

  /** The API. */
  @RestController
  static class Items {
    @GetMapping("/items")
    @RateLimit(
        limits = "#{@plans.limitsOf(request.header('X-Api-Key'))}",
        key = "#{request.header('X-Api-Key') ?: request.remoteAddress()}",
        exemptWhen = "#{request.header('X-Internal') != null}",
        costFunction = "#{request.parameter('bulk') != null ? 2 : 1}")
    List<String> items() {
      return List.of("apple", "pear");
    }
  }

  /** Authenticates {@code Authorization: Bearer <token>} as the operator. */
  static final class BearerToken extends OncePerRequestFilter {
    private final byte[] token;

    BearerToken(String token) {
      this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String header = request.getHeader("Authorization");
      if (header != null && header.startsWith("Bearer ")) {
        byte[] given = header.substring(7).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
          response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
          return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                "ops-token", null, List.of(new SimpleGrantedAuthority("ROLE_OPS"))));
        SecurityContextHolder.setContext(context);
      }
      chain.doFilter(request, response);
    }
  }
}
