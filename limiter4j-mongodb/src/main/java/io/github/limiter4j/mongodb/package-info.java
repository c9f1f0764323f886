/**
 * MongoDB storage: {@link io.github.limiter4j.mongodb.MongoStorage}, found by {@code
 * Storages.fromUri("mongodb://...")} through {@link
 * io.github.limiter4j.mongodb.MongoStorageProvider}.
 *
 * <p>Null-free: parameters and return values are never null unless marked {@code @Nullable}.
 */
@NullMarked
package io.github.limiter4j.mongodb;

import org.jspecify.annotations.NullMarked;
