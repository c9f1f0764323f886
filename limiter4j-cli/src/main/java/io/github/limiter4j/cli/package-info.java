/**
 * The {@code limiter} command: {@link io.github.limiter4j.cli.LimiterCli}, run in an application's
 * process or against its Actuator endpoint.
 *
 * <p>Null-free: parameters and return values are never null unless marked {@code @Nullable}.
 */
@NullMarked
package io.github.limiter4j.cli;

import org.jspecify.annotations.NullMarked;
