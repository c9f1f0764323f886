package io.github.limiter4j.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.github.limiter4j.Acquisition;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.StorageException;
import io.github.limiter4j.storage.Storages;
import io.github.limiter4j.storage.spi.WindowStore;
import io.github.limiter4j.testing.ManualClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The MongoDB storage's URIs, options, layout, round trips and failures, on mongo-java-server. */
class MongoStorageTest {
  private static final RateLimitItem ONE_PER_MINUTE = RateLimitItem.parse("1/minute");
  private static final String DATABASE = "limiter4j_storage_test";

  private static MongoClient client;
  private static MongoDatabase database;

  @BeforeAll
  static void connect() {
    client = MongoClients.create(MongoTestServers.uri("java-server"));
    database = client.getDatabase(DATABASE);
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  private static MongoStorage.Builder storage() {
    return MongoStorage.builder(MongoTestServers.uri("java-server")).databaseName(DATABASE);
  }

  @Test
  void aUriMakesAMongoStorageThroughTheProviderRegistry() {
    String uri = MongoTestServers.uri("java-server") + "/?database_name=" + DATABASE;
    try (Storage storage = Storages.fromUri(uri)) {
      assertThat(storage).isInstanceOf(MongoStorage.class);
      assertThat(storage.isHealthy()).isTrue();
      assertThat(storage.toString()).isEqualTo(uri);
      assertThat(((MongoStorage) storage).databaseName()).isEqualTo(DATABASE);
      RateLimiter limiter = RateLimiter.of(Strategy.MOVING_WINDOW, storage);
      assertThat(limiter.hit(ONE_PER_MINUTE, "uri-client")).isTrue();
      assertThat(limiter.hit(ONE_PER_MINUTE, "uri-client")).isFalse();
      limiter.clear(ONE_PER_MINUTE, "uri-client");
      assertThat(limiter.hit(ONE_PER_MINUTE, "uri-client")).isTrue();
    }
  }

  @Test
  void badUrisAreExplainedWithoutTheirSecrets() {
    assertThatThrownBy(() -> Storages.fromUri("mongodb://"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name a server");
    assertThatThrownBy(() -> Storages.fromUri("mongodb://user:secret@h/?colour=red"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option colour")
        .hasMessageContaining("maxPoolSize")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> Storages.fromUri("mongodb://user:secret@h/?maxPoolSize=many"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxpoolsize")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> Storages.fromUri("mongodb+srv://a.example.com:27017"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
    assertThatThrownBy(() -> Storages.fromUri("mongodb://h/?timeout=0s"))
        .hasMessageContaining("timeout option must be positive");
    assertThatThrownBy(() -> Storages.fromUri("mongodb://h/?database_name=a.b"))
        .hasMessageContaining("the database-name option \"a.b\" has a character");
    assertThatThrownBy(() -> Storages.fromUri("mongodb://h/?windows_collection=counters"))
        .hasMessageContaining("must differ, but both are \"counters\"");
  }

  @Test
  void anAtSignInAnOptionIsNotAUserPart() {
    MongoClientSettings driver =
        MongoSettings.parse("mongodb://db1:27017,db2:27018/?appName=shop@eu", Map.of())
            .clientSettings;
    assertThat(driver.getClusterSettings().getHosts())
        .extracting(Object::toString)
        .containsExactly("db1:27017", "db2:27018");
    assertThat(driver.getCredential()).isNull();
    assertThat(driver.getApplicationName()).isEqualTo("shop@eu");
  }

  @Test
  void optionsOfTheStorageAndOfTheDriverComeFromTheUriOrTheBuilder() {
    MongoSettings settings =
        MongoSettings.parse(
            "mongodb://u:p%40ss@db1,db2:27018/admin?maxPoolSize=7&replicaSet=rs0"
                + "&counters_collection=fixed&windows-collection=logs",
            Map.of("timeout", "250ms", "appName", "shop"));
    assertThat(settings.databaseName).isEqualTo("limits");
    assertThat(settings.countersCollection).isEqualTo("fixed");
    assertThat(settings.windowsCollection).isEqualTo("logs");
    MongoClientSettings driver = settings.clientSettings;
    assertThat(driver.getConnectionPoolSettings().getMaxSize()).isEqualTo(7);
    assertThat(driver.getClusterSettings().getRequiredReplicaSetName()).isEqualTo("rs0");
    assertThat(driver.getClusterSettings().getHosts())
        .extracting(Object::toString)
        .containsExactly("db1:27017", "db2:27018");
    assertThat(driver.getCredential().getUserName()).isEqualTo("u");
    assertThat(driver.getCredential().getPassword()).containsExactly("p@ss".toCharArray());
    assertThat(driver.getCredential().getSource()).isEqualTo("admin");
    assertThat(driver.getApplicationName()).isEqualTo("shop");
    // The storage's timeout bounds every wait the URI leaves unbounded.
    assertThat(driver.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS))
        .isEqualTo(250);
    assertThat(driver.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(250);
    assertThat(driver.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS))
        .isEqualTo(250);

    MongoClientSettings given =
        MongoSettings.parse(
                "mongodb://h/?serverSelectionTimeoutMS=5000&socketTimeoutMS=0", Map.of())
            .clientSettings;
    assertThat(given.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS))
        .isEqualTo(5000);
    assertThat(given.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isZero();
    assertThat(given.getApplicationName()).isEqualTo("limiter4j");

    // The driver's own operation timeout replaces the storage's bounds.
    MongoClientSettings operationTimeout =
        MongoSettings.parse("mongodb://h/?timeoutMS=5000", Map.of()).clientSettings;
    assertThat(operationTimeout.getTimeout(TimeUnit.MILLISECONDS)).isEqualTo(5000);
    assertThat(
            operationTimeout.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS))
        .isEqualTo(30_000);
  }

  @Test
  void aSeedListUriIsTakenAndLooksUpItsServersOnlyWhenUsed() {
    try (MongoStorage storage =
        MongoStorage.builder("mongodb+srv://cluster0.example.invalid/?timeout=200ms").build()) {
      assertThat(storage.toString())
          .isEqualTo("mongodb+srv://cluster0.example.invalid/?timeout=200ms");
      assertThat(storage.isHealthy()).isFalse();
    }
  }

  @Test
  void documentsFollowTheLayoutOfLimits() {
    ManualClock clock = new ManualClock(java.time.Instant.ofEpochMilli(1_000_000_000L));
    try (MongoStorage storage = storage().timeSource(clock).build()) {
      RateLimitItem item = RateLimitItem.parse("5/minute");
      storage.fixedWindow().hit(item, "layout", 2);
      storage.slidingWindowCounter().hit(item, "layout", 3);
      storage.movingWindow().hit(item, "layout-moving", 2);

      Document fixed =
          database.getCollection("counters").find(new Document("_id", "layout")).first();
      assertThat(fixed)
          .containsEntry("count", 2L)
          .containsEntry("expireAt", new Date(1_000_000_000L + 60_000));
      long bucket = 1_000_000_000L / 60_000;
      Document sliding =
          database.getCollection("windows").find(new Document("_id", "layout")).first();
      assertThat(sliding)
          .containsEntry("bucket", bucket)
          .containsEntry("previous", 0L)
          .containsEntry("current", 3L)
          .containsEntry("expireAt", new Date((bucket + 2) * 60_000));
      Document moving =
          database.getCollection("windows").find(new Document("_id", "layout-moving")).first();
      assertThat(moving)
          .containsEntry("entries", List.of(1_000_000_000L, 1_000_000_000L))
          .containsEntry("expireAt", new Date(1_000_000_000L + 60_000));
    }
  }

  @Test
  void eachCollectionGetsItsTtlIndexOnFirstUse() {
    MongoDatabase fresh = client.getDatabase("limiter4j_ttl_test");
    fresh.drop();
    try (MongoStorage storage =
        MongoStorage.builder(MongoTestServers.uri("java-server"))
            .databaseName("limiter4j_ttl_test")
            .build()) {
      assertThat(fresh.listCollectionNames()).isEmpty();
      storage.fixedWindow().hit(ONE_PER_MINUTE, "first", 1);
      assertThat(fresh.listCollectionNames()).containsExactly("counters");
      storage.movingWindow().hit(ONE_PER_MINUTE, "first", 1);
      for (String collection : List.of("counters", "windows")) {
        assertThat(fresh.getCollection(collection).listIndexes())
            .filteredOn(index -> index.get("key", Document.class).containsKey("expireAt"))
            .singleElement()
            .satisfies(
                index ->
                    assertThat(((Number) index.get("expireAfterSeconds")).longValue())
                        .isEqualTo(60));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Strategy.class)
  void keysOfAnyTextAreStoredDistinctly(Strategy strategy) {
    List<String> keys =
        List.of(
            "",
            "with space",
            "tab\there",
            "new\nline",
            "nul\0char",
            "ключ-😀",
            "x".repeat(5_000),
            "\uD800",
            "\uDC00",
            "?",
            "\uD800x",
            "LIMITER/a/b",
            "$where",
            "a.b");
    try (MongoStorage storage = storage().build()) {
      storage.reset();
      WindowStore store = strategy.storeIn(storage);
      for (String key : keys) {
        assertThat(store.hit(ONE_PER_MINUTE, key, 1)).as("first hit of %s", key).isTrue();
      }
      for (String key : keys) {
        assertThat(store.hit(ONE_PER_MINUTE, key, 1)).as("second hit of %s", key).isFalse();
      }
    }
  }

  @Test
  void resetRemovesEveryLimitOfTheStorageAndNothingElse() {
    try (MongoStorage storage = storage().build()) {
      storage.reset();
      storage.fixedWindow().hit(ONE_PER_MINUTE, "a", 1);
      storage.fixedWindow().hit(ONE_PER_MINUTE, "b", 1);
      storage.slidingWindowCounter().hit(ONE_PER_MINUTE, "c", 1);
      database.getCollection("unrelated").insertOne(new Document("_id", "kept"));

      assertThat(storage.reset()).isEqualTo(3);

      assertThat(storage.fixedWindow().hit(ONE_PER_MINUTE, "a", 1)).isTrue();
      assertThat(database.getCollection("unrelated").countDocuments()).isOne();
    }
  }

  @Test
  void aSlidingWindowCountsFromZeroAfterAReset() {
    ManualClock clock = new ManualClock(java.time.Instant.ofEpochMilli(6_000_000L));
    RateLimitItem tenPerMinute = RateLimitItem.parse("10/minute");
    try (MongoStorage storage = storage().timeSource(clock).build()) {
      WindowStore store = storage.slidingWindowCounter();
      assertThat(store.hit(tenPerMinute, "after-reset", 10)).isTrue();
      clock.advance(Duration.ofMinutes(1));
      assertThat(store.stats(tenPerMinute, "after-reset").remaining()).isZero();
      storage.reset();
      assertThat(store.hit(tenPerMinute, "after-reset", 1)).isTrue();
      assertThat(store.stats(tenPerMinute, "after-reset").remaining()).isEqualTo(9);
    }
  }

  @Test
  void anInstanceWhoseClockIsBehindWeighsANewerBucketAsAtItsStart() {
    RateLimitItem tenPerMinute = RateLimitItem.parse("10/minute");
    long bucketStart = 100_000 * 60_000L;
    ManualClock behind = new ManualClock(java.time.Instant.ofEpochMilli(bucketStart + 59_000));
    ManualClock ahead = new ManualClock(java.time.Instant.ofEpochMilli(bucketStart + 60_001));
    try (MongoStorage late = storage().timeSource(behind).build();
        MongoStorage early = storage().timeSource(ahead).build()) {
      String key = "skew-" + System.nanoTime();
      assertThat(late.slidingWindowCounter().hit(tenPerMinute, key, 10)).isTrue();
      // The next bucket: the previous 10 weigh 9.
      assertThat(early.slidingWindowCounter().hit(tenPerMinute, key, 1)).isTrue();
      // Still in the old bucket by its clock, the late instance must not see the previous count
      // faded to nothing.
      assertThat(late.slidingWindowCounter().hit(tenPerMinute, key, 1)).isFalse();
      assertThat(late.slidingWindowCounter().stats(tenPerMinute, key).remaining()).isZero();
    }
  }

  @Test
  void aBatchThatFailsGivesBackWhatItTook() {
    database.getCollection("counters").deleteOne(new Document("_id", "broken"));
    database
        .getCollection("counters")
        .insertOne(
            new Document("_id", "broken")
                .append("count", "many")
                .append("expireAt", new Date(Long.MAX_VALUE)));
    try (MongoStorage storage = storage().build()) {
      WindowStore store = storage.fixedWindow();
      String healthy = "healthy-" + System.nanoTime();
      assertThatThrownBy(
              () ->
                  store.acquire(
                      List.of(
                          new Acquisition(ONE_PER_MINUTE, healthy, 1),
                          new Acquisition(ONE_PER_MINUTE, "broken", 1))))
          .isInstanceOf(StorageException.class);
      assertThat(store.stats(ONE_PER_MINUTE, healthy).remaining()).isOne();
    }
  }

  @Test
  void anUnacknowledgedWriteConcernIsRefused() {
    assertThatThrownBy(() -> Storages.fromUri("mongodb://h/?w=0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unacknowledged");
  }

  @Test
  void aResetOfManyLimitsRemovesThemAll() {
    try (MongoStorage storage = storage().build()) {
      storage.reset();
      List<Document> many = new ArrayList<>();
      for (int i = 0; i < 2_500; i++) {
        many.add(new Document("_id", "many-" + i).append("count", 1L));
      }
      many.add(new Document("_id", new org.bson.types.ObjectId()));
      database.getCollection("counters").insertMany(many);
      storage.fixedWindow().hit(ONE_PER_MINUTE, "\uD800", 1); // a binary id
      assertThat(storage.reset()).isEqualTo(2_502);
      assertThat(database.getCollection("counters").countDocuments()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Strategy.class)
  void aDocumentHoldingSomethingElseFailsClearlyAndIsLeftAsItWas(Strategy strategy) {
    Document foreign =
        new Document("_id", "foreign-" + strategy)
            .append("count", "many")
            .append("bucket", "one")
            .append("entries", "none")
            .append("expireAt", "later");
    String collection = strategy == Strategy.FIXED_WINDOW ? "counters" : "windows";
    MongoCollection<Document> documents = database.getCollection(collection);
    documents.deleteOne(new Document("_id", foreign.get("_id")));
    documents.insertOne(foreign);
    try (MongoStorage storage = storage().build()) {
      WindowStore store = strategy.storeIn(storage);
      assertThatThrownBy(() -> store.hit(ONE_PER_MINUTE, "foreign-" + strategy, 1))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("foreign-" + strategy)
          .hasMessageContaining(strategy == Strategy.MOVING_WINDOW ? "entries" : collection);
      assertThat(documents.find(new Document("_id", foreign.get("_id"))).first())
          .isEqualTo(foreign);
    }
  }

  @ParameterizedTest
  @EnumSource(Strategy.class)
  void aRequestIsOneRoundTripPerKeyAloneAndTwoForSeveralKeys(Strategy strategy) {
    ManualClock clock = new ManualClock(java.time.Instant.ofEpochMilli(7_000_000L));
    try (MongoStorage storage = storage().timeSource(clock).build()) {
      WindowStore store = strategy.storeIn(storage);
      RateLimitItem perSecond = RateLimitItem.parse("10/second");
      RateLimitItem perMinute = RateLimitItem.parse("100/minute");
      RateLimitItem perHour = RateLimitItem.parse("1000/hour");
      String client = "trips-" + strategy + "-" + System.nanoTime();
      store.hit(perSecond, client + "/s", 1); // creates the TTL index first

      long before = storage.roundTrips();
      assertThat(store.hit(perSecond, client + "/s", 1)).isTrue();
      assertThat(storage.roundTrips() - before).as("one limit").isOne();

      before = storage.roundTrips();
      assertThat(
              store
                  .acquire(
                      List.of(
                          new Acquisition(perSecond, client + "/s", 1),
                          new Acquisition(perMinute, client + "/m", 1),
                          new Acquisition(perHour, client + "/h", 1)))
                  .allowed())
          .isTrue();
      assertThat(storage.roundTrips() - before).as("three limits: writes, then reads").isEqualTo(2);

      before = storage.roundTrips();
      store.stats(perMinute, client + "/m");
      assertThat(storage.roundTrips() - before).as("stats").isOne();
    }
  }

  @Test
  void aRefusalOfOneKeyIsTwoRoundTripsAndChangesNothing() {
    try (MongoStorage storage = storage().build()) {
      WindowStore store = storage.fixedWindow();
      String key = "refused-" + System.nanoTime();
      assertThat(store.hit(ONE_PER_MINUTE, key, 1)).isTrue();
      Document before = database.getCollection("counters").find(new Document("_id", key)).first();
      long trips = storage.roundTrips();
      assertThat(store.hit(ONE_PER_MINUTE, key, 1)).isFalse();
      assertThat(storage.roundTrips() - trips).isEqualTo(2);
      assertThat(database.getCollection("counters").find(new Document("_id", key)).first())
          .isEqualTo(before);
    }
  }

  @Test
  void anUnreachableServerFailsWithinTheTimeoutAndClearly() throws IOException {
    int port;
    try (ServerSocket spare = new ServerSocket(0)) {
      port = spare.getLocalPort();
    }
    try (MongoStorage storage =
        MongoStorage.builder("mongodb://127.0.0.1:" + port)
            .timeout(Duration.ofMillis(300))
            .build()) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> storage.fixedWindow().hit(ONE_PER_MINUTE, "down", 1))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith("MongoDB storage: rate limit down failed")
          .hasCauseInstanceOf(com.mongodb.MongoTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
      assertThat(storage.isHealthy()).isFalse();
    }
  }

  @Test
  void aServerThatNeverAnswersFailsWithinTheTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0)) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept());
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      try (MongoStorage storage =
          MongoStorage.builder("mongodb://127.0.0.1:" + silent.getLocalPort())
              .timeout(Duration.ofMillis(300))
              .build()) {
        long started = System.nanoTime();
        assertThatThrownBy(() -> storage.slidingWindowCounter().hit(ONE_PER_MINUTE, "mute", 1))
            .isInstanceOf(StorageException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
      }
    }
  }

  @Test
  void theMovingWindowTakesAmountsUpToWhatADocumentHolds() {
    try (MongoStorage storage = storage().build()) {
      RateLimitItem tooLarge = RateLimitItem.of(100_001, io.github.limiter4j.Granularity.HOUR);
      assertThatThrownBy(() -> storage.movingWindow().hit(tooLarge, "large", 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("amounts up to 100000, not 100001 per 1 hour")
          .hasMessageContaining("sliding window counter");
    }
  }
}
