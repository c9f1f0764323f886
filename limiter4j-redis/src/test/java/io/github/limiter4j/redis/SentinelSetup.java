package io.github.limiter4j.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A master, a replica of it, and three sentinels monitoring them as {@code mymaster}. */
final class SentinelSetup implements AutoCloseable {
  static final String SERVICE = "mymaster";

  RedisServer master;
  final RedisServer replica;
  final List<RedisServer> sentinels;

  private SentinelSetup(RedisServer master, RedisServer replica, List<RedisServer> sentinels) {
    this.master = master;
    this.replica = replica;
    this.sentinels = sentinels;
  }

  static SentinelSetup start() throws IOException {
    RedisServer master = RedisServer.start();
    RedisServer replica = RedisServer.start("replicaof 127.0.0.1 " + master.port);
    List<RedisServer> sentinels = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sentinels.add(
          RedisServer.startOn(
              "redis-sentinel",
              RedisServer.sparePort(),
              new String[] {
                "sentinel monitor " + SERVICE + " 127.0.0.1 " + master.port + " 2",
                "sentinel down-after-milliseconds " + SERVICE + " 1000",
                "sentinel failover-timeout " + SERVICE + " 5000",
                "sentinel parallel-syncs " + SERVICE + " 1"
              }));
    }
    SentinelSetup setup = new SentinelSetup(master, replica, sentinels);
    Runtime.getRuntime().addShutdownHook(new Thread(setup::close));
    setup.awaitReplication(Duration.ofSeconds(30));
    return setup;
  }

  String uri() {
    List<String> hosts = new ArrayList<>();
    for (RedisServer sentinel : sentinels) {
      hosts.add("127.0.0.1:" + sentinel.port);
    }
    return "redis+sentinel://" + String.join(",", hosts) + "/" + SERVICE;
  }

  /** Returns the port of the master the sentinels currently name. */
  int masterPort() throws IOException {
    String answer = cli(sentinels.get(0).port, "SENTINEL", "get-master-addr-by-name", SERVICE);
    String[] lines = answer.split("\\R");
    return Integer.parseInt(lines[lines.length - 1].trim());
  }

  private void awaitReplication(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!cli(replica.port, "INFO", "replication").contains("master_link_status:up")) {
      if (System.nanoTime() > deadline) {
        throw new IOException("the replica did not sync: " + replica.log());
      }
      RedisTestServers.sleep(100);
    }
    // The sentinels must know the replica before a failover can promote it.
    while (!cli(sentinels.get(0).port, "SENTINEL", "replicas", SERVICE)
        .contains(Integer.toString(replica.port))) {
      if (System.nanoTime() > deadline) {
        throw new IOException("the sentinels did not find the replica");
      }
      RedisTestServers.sleep(100);
    }
  }

  static String cli(int port, String... command) throws IOException {
    return RedisTestServers.cli(port, null, command);
  }

  @Override
  public void close() {
    for (RedisServer sentinel : sentinels) {
      sentinel.close();
    }
    replica.close();
    master.close();
  }
}
