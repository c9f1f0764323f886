/**
 * The {@code limiter} command: {@link io.github.limiter4j.cli.LimiterCli}, run in an application's
 * process or against its Actuator endpoint.
 */
package io.github.limiter4j.cli;
