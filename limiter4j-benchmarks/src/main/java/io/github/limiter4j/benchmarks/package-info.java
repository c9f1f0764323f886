/** JMH benchmarks and measurements of limiter4j beside the alternatives users would pick. */
package io.github.limiter4j.benchmarks;
