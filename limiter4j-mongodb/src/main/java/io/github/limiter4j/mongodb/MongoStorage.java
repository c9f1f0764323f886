package io.github.limiter4j.mongodb;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.StorageException;
import io.github.limiter4j.storage.spi.MovingWindowSupport;
import io.github.limiter4j.storage.spi.SlidingWindowCounterSupport;
import io.github.limiter4j.storage.spi.WindowStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits counted in MongoDB, shared by every application instance that uses the same database: a
 * standalone server, a replica set or a sharded cluster, with the official Java driver.
 *
 * <pre>{@code
 * MongoStorage storage = MongoStorage.builder("mongodb://db1:27017,db2:27017/?replicaSet=rs0").build();
 * }</pre>
 *
 * <p>Each limit of a key is one document, in the collection {@code counters} (fixed window) or
 * {@code windows} (moving window, sliding window counter) of the database {@code limits}. Every
 * decision on a key is one atomic conditional update of its document, so no limit ever admits more
 * than its amount, across any number of application instances. A request with several keys sends
 * their updates together (one round trip) and reads what it needs in a second; a request with one
 * key takes one round trip. MongoDB has no atomic update of several documents outside transactions:
 * a batch takes its limits key by key and gives back what it took if one does not fit, so a
 * concurrent request may briefly see a taking that is then given back. Times are this process's
 * clock; documents carry an {@code expireAt} date, and a TTL index, created on first use, lets
 * MongoDB delete them a minute after they stop mattering.
 */
public final class MongoStorage
    implements Storage, MovingWindowSupport, SlidingWindowCounterSupport {
  /** The default database: {@code limits}, as the Python {@code limits} library uses. */
  public static final String DEFAULT_DATABASE_NAME = "limits";

  /** The default bound on how long a request waits for MongoDB. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  /**
   * How long after its {@code expireAt} date MongoDB may delete a document: room for the clocks of
   * the application and the database to differ.
   */
  static final long EXPIRY_SLACK_SECONDS = 60;

  private static final Logger LOG = LoggerFactory.getLogger(MongoStorage.class);

  private final LongAdder commands = new LongAdder();
  private final MongoClient client;
  private final MongoDatabase database;
  private final TimeSource timeSource;
  private final String description;
  private final Collection counters;
  private final Collection windows;
  private final FixedWindowStore fixedWindow;
  private final SlidingWindowStore slidingWindowCounter;
  private final MovingWindowStore movingWindow;

  MongoStorage(MongoSettings settings, TimeSource timeSource) {
    this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
    this.client =
        MongoClients.create(
            MongoClientSettings.builder(settings.clientSettings)
                .addCommandListener(
                    new CommandListener() {
                      @Override
                      public void commandStarted(CommandStartedEvent event) {
                        commands.increment();
                      }
                    })
                .build());
    this.database = client.getDatabase(settings.databaseName);
    this.description = settings.description;
    this.counters = new Collection(settings.countersCollection);
    this.windows = new Collection(settings.windowsCollection);
    this.fixedWindow = new FixedWindowStore(this, counters);
    this.slidingWindowCounter = new SlidingWindowStore(this, windows);
    this.movingWindow = new MovingWindowStore(this, windows);
  }

  /**
   * Returns a builder of a storage for a MongoDB connection string: {@code
   * mongodb://[user:password@]host[:port][,host[:port]...][/authDatabase][?options]} or {@code
   * mongodb+srv://[user:password@]cluster.example.com[/authDatabase][?options]}.
   */
  public static Builder builder(String uri) {
    return new Builder(Objects.requireNonNull(uri, "uri"));
  }

  @Override
  public WindowStore fixedWindow() {
    return fixedWindow;
  }

  @Override
  public WindowStore movingWindow() {
    return movingWindow;
  }

  @Override
  public WindowStore slidingWindowCounter() {
    return slidingWindowCounter;
  }

  /** Returns true if the database answers a ping within the timeout. */
  @Override
  public boolean isHealthy() {
    try {
      database.runCommand(new Document("ping", 1));
      return true;
    } catch (MongoException e) {
      return false;
    }
  }

  /**
   * Deletes every document of the storage's two collections, in batches of 1,000 (each short enough
   * for the timeout), until none is left. The collections and their indexes stay.
   *
   * @return how many limits were removed
   */
  @Override
  public long reset() {
    slidingWindowCounter.forget();
    long removed = 0;
    for (Collection collection : List.of(counters, windows)) {
      removed += call("reset " + collection.name, () -> deleteAll(collection.get()));
    }
    return removed;
  }

  private static long deleteAll(MongoCollection<Document> collection) {
    long removed = 0;
    while (true) {
      List<Object> ids = new ArrayList<>();
      for (Document document :
          collection.find().projection(Projections.include("_id")).limit(1000)) {
        ids.add(document.get("_id"));
      }
      if (ids.isEmpty()) {
        return removed;
      }
      removed += collection.deleteMany(Filters.in("_id", ids)).getDeletedCount();
    }
  }

  /** Closes the driver's connections and threads. Idempotent. */
  @Override
  public void close() {
    client.close();
  }

  /** Returns the name of the database the limits are kept in. */
  public String databaseName() {
    return database.getName();
  }

  /** Returns the servers the storage counts in, password masked. */
  @Override
  public String toString() {
    return description;
  }

  /** Returns how many commands the storage has sent: each is one round trip. */
  long roundTrips() {
    return commands.sum();
  }

  long now() {
    return timeSource.currentTimeMillis();
  }

  /**
   * Runs a call to MongoDB, turning the driver's failures into {@link StorageException}s that keep
   * them as cause.
   */
  <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (MongoException e) {
      throw failed(operation, e);
    }
  }

  /** Returns the {@link StorageException} for a failed operation, the driver's failure as cause. */
  static StorageException failed(String operation, MongoException e) {
    return new StorageException("MongoDB storage: " + operation + " failed: " + e.getMessage(), e);
  }

  /**
   * Returns the document id of a limit key: the key itself, or, for a key that is not well-formed
   * text (a lone UTF-16 surrogate, which UTF-8 cannot encode), its UTF-16 code units as binary
   * data, which no string id can equal.
   */
  static Object id(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < key.length()
          && Character.isLowSurrogate(key.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        // Each code unit as it is: the JDK's UTF-16 encoder would replace the lone surrogate.
        byte[] units = new byte[2 * key.length()];
        for (int j = 0; j < key.length(); j++) {
          units[2 * j] = (byte) (key.charAt(j) >> 8);
          units[2 * j + 1] = (byte) key.charAt(j);
        }
        return new Binary(units);
      }
    }
    return key;
  }

  /** One of the storage's collections, its TTL index created on first use. */
  final class Collection {
    private final String name;
    private final MongoCollection<Document> collection;
    private volatile boolean indexed;

    Collection(String name) {
      this.name = name;
      // Decisions read what they just wrote: from the primary, whatever the URI says for the
      // application's other reads.
      this.collection =
          database
              .getCollection(name)
              .withReadPreference(ReadPreference.primary())
              .withReadConcern(ReadConcern.DEFAULT);
    }

    String name() {
      return name;
    }

    MongoCollection<Document> get() {
      if (!indexed) {
        createTtlIndex(collection);
        indexed = true;
      }
      return collection;
    }

    private void createTtlIndex(MongoCollection<Document> collection) {
      try {
        collection.createIndex(
            Indexes.ascending(MongoWindowStore.EXPIRE_AT),
            new IndexOptions().expireAfter(EXPIRY_SLACK_SECONDS, TimeUnit.SECONDS));
      } catch (MongoCommandException e) {
        // 85, 86: an index on expireAt exists with other options (one of limits, or made by
        // hand): it expires documents too, so it stays.
        if (e.getErrorCode() != 85 && e.getErrorCode() != 86) {
          throw e;
        }
        LOG.warn(
            "MongoDB collection {}.{} already has an index on expireAt with other options;"
                + " keeping it: {}",
            database.getName(),
            name,
            e.getErrorMessage());
      }
    }
  }

  /** Builds a {@link MongoStorage}. Single use: {@link #build()} may be called once. */
  public static final class Builder {
    private final String uri;
    private final Map<String, Object> options = new LinkedHashMap<>();
    private TimeSource timeSource = TimeSource.system();
    private boolean built;

    private Builder(String uri) {
      this.uri = uri;
    }

    /** Keeps limits in database {@code name}; by default {@code limits}. */
    public Builder databaseName(String name) {
      return option(MongoSettings.DATABASE_NAME, Objects.requireNonNull(name, "name"));
    }

    /** Bounds how long a request waits for MongoDB; by default one second. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the timeout must be positive but was " + timeout);
      }
      return option(MongoSettings.TIMEOUT, timeout);
    }

    /** Adds an option, as if it were in the URI's query. */
    public Builder option(String name, Object value) {
      options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    /** Reads time from {@code timeSource}; by default the system clock. */
    public Builder timeSource(TimeSource timeSource) {
      this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
      return this;
    }

    /**
     * Returns the storage. It connects on first use, so it can be built while MongoDB is down.
     *
     * @throws IllegalArgumentException if the URI or an option is wrong, naming it
     */
    public MongoStorage build() {
      if (built) {
        throw new IllegalStateException("this builder has already built its storage");
      }
      built = true;
      return new MongoStorage(MongoSettings.parse(uri, options), timeSource);
    }
  }
}
