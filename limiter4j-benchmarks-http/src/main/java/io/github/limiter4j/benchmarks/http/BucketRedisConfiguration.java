package io.github.limiter4j.benchmarks.http;

import com.giffing.bucket4j.spring.boot.starter.config.cache.AbstractCacheResolverTemplate;
import com.giffing.bucket4j.spring.boot.starter.config.cache.SyncCacheResolver;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AbstractProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Bucket4j on Redis through Lettuce for servlet filters. The starter's {@code redis-lettuce}
 * support only provides the asynchronous resolver of its WebFlux and Gateway filters; its
 * documentation leaves a synchronous one to the application, which this is (with the starter's own
 * expiry: a bucket lives 10 s after it would be full again).
 */
@Configuration(proxyBeanMethods = false)
@Profile("bucket4j-redis")
public class BucketRedisConfiguration {
  /** The Lettuce client of the benchmark's Redis. */
  @Bean(destroyMethod = "shutdown")
  public RedisClient bucketRedisClient(@Value("${bench.redis-uri}") String uri) {
    return RedisClient.create(uri);
  }

  /** Resolves every bucket of the starter's filters in Redis. */
  @Bean
  public SyncCacheResolver lettuceCacheResolver(RedisClient bucketRedisClient) {
    LettuceBasedProxyManager<byte[]> buckets =
        Bucket4jLettuce.casBasedBuilder(bucketRedisClient)
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofSeconds(10)))
            .build();
    return new LettuceResolver(buckets);
  }

  private static final class LettuceResolver extends AbstractCacheResolverTemplate<byte[]>
      implements SyncCacheResolver {
    private final LettuceBasedProxyManager<byte[]> buckets;

    LettuceResolver(LettuceBasedProxyManager<byte[]> buckets) {
      this.buckets = buckets;
    }

    @Override
    public byte[] castStringToCacheKey(String key) {
      return key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean isAsync() {
      return false;
    }

    @Override
    public AbstractProxyManager<byte[]> getProxyManager(String cacheName) {
      return buckets;
    }
  }
}
