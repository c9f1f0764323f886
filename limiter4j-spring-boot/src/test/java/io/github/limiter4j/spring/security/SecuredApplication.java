package io.github.limiter4j.spring.security;

import io.github.limiter4j.spring.boot.RateLimit;
import io.github.limiter4j.spring.boot.RateLimitExempt;
import io.github.limiter4j.web.BreachHandler;
import io.github.limiter4j.web.BreachResponse;
import io.github.limiter4j.web.ExemptionScope;
import io.github.limiter4j.web.RateLimitExceededException;
import java.security.Principal;
import java.util.Optional;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * An application secured as the guides show: form login and HTTP Basic, every request but the error
 * page authenticated, and a handler limited per authenticated user. In a package of its own, so
 * that the other test applications do not scan it.
 */
@SpringBootApplication
class SecuredApplication {
  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(
            requests -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated())
        .formLogin(Customizer.withDefaults())
        .httpBasic(Customizer.withDefaults())
        // Tests post logins without first fetching the form's token.
        .csrf(csrf -> csrf.disable());
    return http.build();
  }

  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password("{noop}alice-pw").roles("USER").build(),
        User.withUsername("bob").password("{noop}bob-pw").roles("USER").build());
  }

  @Bean
  BreachHandler teapot() {
    return (limit, request) ->
        Optional.of(BreachResponse.text(418, "short and stout: " + limit.description()));
  }

  /** Answers the refusals of the reports' handlers only. */
  @RestControllerAdvice(assignableTypes = Reports.class)
  static class ReportsAdvice {
    @ExceptionHandler(RateLimitExceededException.class)
    ResponseEntity<String> onLimit(RateLimitExceededException e) {
      return ResponseEntity.status(429).body("reports are rationed: " + e.description());
    }
  }

  @RestController
  static class Reports {
    @GetMapping(path = "/api/reports", name = "reports")
    @RateLimit(value = "2/minute", key = "#{servletRequest.userPrincipal?.name}")
    String reports(Principal user) {
      return "reports of " + user.getName();
    }

    @GetMapping(path = "/api/exports", name = "exports")
    @RateLimit(value = "1/minute", key = "#{servletRequest.userPrincipal?.name}")
    @RateLimit(
        value = "5/minute",
        key = "#{servletRequest.userPrincipal?.name}",
        deductWhen = "#{true}")
    String exports(Principal user) {
      return "exports of " + user.getName();
    }

    @GetMapping(path = "/api/health", name = "health")
    @RateLimitExempt(ExemptionScope.APPLICATION)
    String health() {
      return "healthy";
    }

    @GetMapping(path = "/api/status", name = "status")
    String status() {
      return "up";
    }
  }
}
