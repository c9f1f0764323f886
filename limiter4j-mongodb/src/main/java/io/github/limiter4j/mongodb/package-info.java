/**
 * MongoDB storage: {@link io.github.limiter4j.mongodb.MongoStorage}, found by {@code
 * Storages.fromUri("mongodb://...")} through {@link
 * io.github.limiter4j.mongodb.MongoStorageProvider}.
 */
package io.github.limiter4j.mongodb;
