/** The application the HTTP benchmarks load: a hello endpoint behind one limiter or another. */
package io.github.limiter4j.benchmarks.http;
