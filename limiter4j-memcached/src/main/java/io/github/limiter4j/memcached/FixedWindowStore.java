package io.github.limiter4j.memcached;

import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.internal.KeyedBatch;
import io.github.limiter4j.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fixed window in memcached. As in {@code limits}, a counter is incremented (and created on a
 * miss) and a separate entry tells when the window ends. To end windows at the millisecond rather
 * than when memcached's second-grained expiry gets to them, each window has a counter of its own:
 *
 * <ul>
 *   <li>{@code KEY} holds the last millisecond of the current window; the first hit of a window
 *       writes it (add if missing, compare-and-set over an ended one: one writer wins);
 *   <li>{@code KEY/<end>} counts that window's hits, with atomic increments.
 * </ul>
 *
 * <p>A window's end is remembered in this process, so a request usually reads the end and
 * increments its counter in the same round trip; a request that guessed wrong (the window ended or
 * was cleared elsewhere) gives back its increment and goes on with the end it read.
 *
 * <p>A batch starts a window only once every other key of it is counted and fits, so a refused
 * batch starts none: decrementing the counters it incremented leaves every key as it was. (Only
 * when a concurrent request changes a key between the start and the decision can a refused batch
 * leave a window it started, empty.)
 */
final class FixedWindowStore extends MemcachedWindowStore {
  // Windows this process has seen, by key; a guess, checked on every use.
  private static final int REMEMBERED_WINDOWS = 10_000;
  private static final int MOST_ROUNDS = 16;

  private final Map<String, Long> knownEnds = new ConcurrentHashMap<>();

  FixedWindowStore(MemcachedStorage storage) {
    super(storage);
  }

  @Override
  AcquisitionResult run(KeyedBatch batch, boolean acquiring) {
    for (int attempt = 1; ; attempt++) {
      AcquisitionResult result = new Batch(batch, acquiring).run();
      if (result != null) {
        return result;
      }
      if (attempt == MOST_ATTEMPTS) {
        throw new StorageException(
            "memcached storage: "
                + MOST_ATTEMPTS
                + " compare-and-sets of a fixed window counter lost a race");
      }
      stepAside(attempt);
    }
  }

  @Override
  public void clear(RateLimitItem item, String key) {
    Objects.requireNonNull(item, "item");
    String windowKey = storage.key(Objects.requireNonNull(key, "key"));
    knownEnds.remove(windowKey);
    MetaResponse window = storage.execute(List.of(MetaCommand.get(windowKey, false))).get(0);
    List<MetaCommand> deletes = new ArrayList<>();
    deletes.add(MetaCommand.delete(windowKey));
    if (window.status() == MetaResponse.Status.VA) {
      deletes.add(MetaCommand.delete(storage.key(key + "/" + parseEnd(window, windowKey))));
    }
    storage.execute(deletes);
  }

  private static long parseEnd(MetaResponse response, String windowKey) {
    String text = new String(response.value(), StandardCharsets.US_ASCII);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new StorageException(
          "memcached key " + windowKey + " holds \"" + text + "\", not the end of a window", e);
    }
  }

  /**
   * One attempt to acquire or test a batch: rounds of pipelined commands until every key is known.
   * The counter of a limit above {@link #LARGEST_OPTIMISTIC_AMOUNT} is read, with its CAS token,
   * rather than incremented; once the batch fits it is incremented if unchanged (or added if still
   * missing), and if one changed the attempt gives back everything and the batch starts again.
   */
  private final class Batch {
    private final KeyedBatch batch;
    private final boolean acquiring;
    private final int groups;
    private final long now;
    private final String[] windowKeys;
    // Per group: the step to take next, the window's end (0 while none is known or started) and
    // the CAS token of an ended window's entry, the count read, and whether it includes our take.
    private final Step[] steps;
    private final long[] ends;
    private final long[] endCas;
    private final long[] counts;
    private final boolean[] took;
    // The CAS token of a checked group's counter as read, 0 if it was missing.
    private final long[] counterCas;
    // The increment of a window start that lost to another request's, until the window is read.
    private final MetaResponse[] lostStart;
    private final List<MetaCommand> undos = new ArrayList<>();

    Batch(KeyedBatch batch, boolean acquiring) {
      this.batch = batch;
      this.acquiring = acquiring;
      this.groups = batch.groups();
      this.now = storage.now();
      windowKeys = new String[groups];
      steps = new Step[groups];
      ends = new long[groups];
      endCas = new long[groups];
      counts = new long[groups];
      took = new boolean[groups];
      counterCas = new long[groups];
      lostStart = new MetaResponse[groups];
      for (int g = 0; g < groups; g++) {
        windowKeys[g] = storage.key(batch.key(g));
        steps[g] = Step.READ_END;
      }
    }

    /** Returns the outcome, or null if a checked counter changed and the batch must start again. */
    AcquisitionResult run() {
      for (int round = 0; hasWork(); round++) {
        if (round == MOST_ROUNDS) {
          giveBackAll();
          throw new StorageException(
              "memcached storage: the windows of "
                  + windowKeys[firstUnsettled()]
                  + " kept changing under this request ("
                  + MOST_ROUNDS
                  + " tries)");
        }
        round();
      }
      boolean[] breached = new boolean[groups];
      boolean allowed = true;
      for (int g = 0; g < groups; g++) {
        breached[g] = !fits(g);
        allowed &= !breached[g];
      }
      if (allowed) {
        if (!takeChecked()) {
          return null;
        }
      } else {
        giveBackAll();
      }
      long[] remaining = new long[groups];
      long[] resets = new long[groups];
      for (int g = 0; g < groups; g++) {
        long amount = batch.item(g).amount();
        remaining[g] = Long.compareUnsigned(counts[g], amount) >= 0 ? 0 : amount - counts[g];
        resets[g] = ends[g] != 0 ? ends[g] : now;
      }
      return batch.result(breached, remaining, resets);
    }

    /**
     * Runs the pending give-backs and takes the checked groups, each if its counter is unchanged
     * since read. Returns false, having given back everything the attempt took, if one changed.
     */
    private boolean takeChecked() {
      List<MetaCommand> commands = new ArrayList<>(undos);
      undos.clear();
      int first = commands.size();
      for (int g = 0; g < groups; g++) {
        if (checks(g)) {
          String counter = counterKey(g, ends[g]);
          commands.add(
              counterCas[g] != 0
                  ? MetaCommand.incrementIfUnchanged(counter, batch.take(g), counterCas[g])
                  : MetaCommand.add(
                      counter,
                      Long.toString(batch.take(g)).getBytes(StandardCharsets.US_ASCII),
                      MemcachedStorage.exptime(ends[g] - now)));
        }
      }
      if (commands.isEmpty()) {
        return true;
      }
      List<MetaResponse> responses = storage.execute(commands);
      boolean lost = false;
      for (int g = 0, at = first; g < groups; g++) {
        if (checks(g)) {
          MetaResponse written = responses.get(at++);
          if (written.ok()) {
            took[g] = true;
            counts[g] =
                written.status() == MetaResponse.Status.VA
                    ? written.count()
                    : counts[g] + batch.take(g);
          } else {
            lost = true;
          }
        }
      }
      if (lost) {
        giveBackAll();
      }
      return !lost;
    }

    /** Gives back every taking of the batch, and the pending give-backs. */
    private void giveBackAll() {
      for (int g = 0; g < groups; g++) {
        if (took[g]) {
          undos.add(MetaCommand.decrement(counterKey(g, ends[g]), batch.take(g)));
          counts[g] = counts[g] - batch.take(g);
          took[g] = false;
        }
        if (lostStart[g] != null) {
          giveBack(g, ends[g], lostStart[g]);
          lostStart[g] = null;
        }
      }
      if (!undos.isEmpty()) {
        storage.execute(undos);
      }
    }

    private boolean hasWork() {
      return firstUnsettled() >= 0;
    }

    private int firstUnsettled() {
      for (int g = 0; g < groups; g++) {
        if (steps[g] != Step.DONE) {
          return g;
        }
      }
      return -1;
    }

    /** Sends every unsettled group's next commands at once, then reads what they found. */
    private void round() {
      // Give-backs of earlier rounds ride along; finding nothing to give back is fine (the counter
      // expired or was cleared).
      List<MetaCommand> commands = new ArrayList<>(undos);
      undos.clear();
      boolean[] waiting = holdBackStarts();
      int[] first = new int[groups];
      long[] guessed = new long[groups];
      MetaResponse[] guesses = new MetaResponse[groups];
      for (int g = 0; g < groups; g++) {
        first[g] = commands.size();
        switch (steps[g]) {
          case READ_END:
            commands.add(MetaCommand.get(windowKeys[g], true));
            if (lostStart[g] != null) {
              // Check the window we failed to start: if another request started one with the
              // same end, our increment is in its counter and stands.
              guessed[g] = ends[g];
              guesses[g] = lostStart[g];
              lostStart[g] = null;
              break;
            }
            Long known = knownEnds.get(windowKeys[g]);
            if (known != null && known >= now) {
              guessed[g] = known;
              commands.add(countCommand(g, known));
            }
            break;
          case COUNT:
            commands.add(countCommand(g, ends[g]));
            break;
          case START:
            if (waiting[g]) {
              break;
            }
            byte[] end = Long.toString(ends[g]).getBytes(StandardCharsets.US_ASCII);
            long exptime = MemcachedStorage.exptime(ends[g] - now);
            commands.add(
                endCas[g] == 0
                    ? MetaCommand.add(windowKeys[g], end, exptime)
                    : MetaCommand.replace(windowKeys[g], end, exptime, endCas[g]));
            commands.add(countCommand(g, ends[g]));
            break;
          default:
            break;
        }
      }
      List<MetaResponse> responses = storage.execute(commands);
      for (int g = 0; g < groups; g++) {
        int at = first[g];
        switch (steps[g]) {
          case READ_END:
            if (guesses[g] == null && guessed[g] != 0) {
              guesses[g] = responses.get(at + 1);
            }
            readEnd(g, responses.get(at), guessed[g], guesses[g]);
            break;
          case COUNT:
            counted(g, responses.get(at));
            break;
          case START:
            if (waiting[g]) {
              break;
            }
            if (responses.get(at).ok()) {
              knownEnds.put(windowKeys[g], ends[g]);
              counted(g, responses.get(at + 1));
            } else {
              // Another request started the window first. Giving our increment back at once
              // could refuse a concurrent request for nothing if that window has our end.
              lostStart[g] = responses.get(at + 1);
              steps[g] = Step.READ_END;
            }
            break;
          default:
            break;
        }
      }
    }

    /**
     * Decides which window starts wait for this round: all of them while another key is still being
     * counted, so that a batch that key refuses starts none. Once a key is refused, the starts are
     * dropped: their keys are settled as without a window, which they are.
     */
    private boolean[] holdBackStarts() {
      boolean[] waiting = new boolean[groups];
      boolean counting = false;
      boolean refused = false;
      for (int g = 0; g < groups; g++) {
        counting |= steps[g] == Step.READ_END || steps[g] == Step.COUNT;
        refused |= steps[g] == Step.DONE && !fits(g);
      }
      for (int g = 0; g < groups; g++) {
        if (steps[g] != Step.START) {
          continue;
        }
        if (refused) {
          ends[g] = 0;
          counts[g] = 0;
          steps[g] = Step.DONE;
        } else {
          waiting[g] = counting;
        }
      }
      return waiting;
    }

    private void readEnd(int g, MetaResponse window, long guessed, MetaResponse guess) {
      long end = window.status() == MetaResponse.Status.VA ? parseEnd(window, windowKeys[g]) : 0;
      boolean current = end >= now;
      if (guess != null) {
        if (current && end == guessed) {
          ends[g] = end;
          counted(g, guess);
          return;
        }
        giveBack(g, guessed, guess);
      }
      if (current) {
        ends[g] = end;
        remember(g, end);
        steps[g] = Step.COUNT;
      } else if (takes(g)) {
        // The window starts now and covers [now, now + length], its last millisecond included.
        ends[g] = saturatedAdd(now, batch.item(g).windowMillis());
        endCas[g] = window.status() == MetaResponse.Status.VA ? window.cas() : 0;
        steps[g] = Step.START;
      } else {
        knownEnds.remove(windowKeys[g]);
        ends[g] = 0;
        counts[g] = 0;
        steps[g] = Step.DONE;
      }
    }

    private void counted(int g, MetaResponse response) {
      if (increments(g)) {
        if (response.status() != MetaResponse.Status.VA) {
          throw MemcachedStorage.unexpected("an increment", counterKey(g, ends[g]), response);
        }
        took[g] = true;
      } else if (checks(g)) {
        counterCas[g] = response.status() == MetaResponse.Status.VA ? response.cas() : 0;
      }
      counts[g] = response.count();
      steps[g] = Step.DONE;
    }

    private void giveBack(int g, long end, MetaResponse increment) {
      if (increments(g) && increment.status() == MetaResponse.Status.VA) {
        undos.add(MetaCommand.decrement(counterKey(g, end), batch.take(g)));
      }
    }

    private void remember(int g, long end) {
      if (knownEnds.size() >= REMEMBERED_WINDOWS) {
        knownEnds.clear();
      }
      knownEnds.put(windowKeys[g], end);
    }

    /**
     * An increment if the group takes optimistically, else a read of the counter (with its CAS
     * token if the group takes once checked).
     */
    private MetaCommand countCommand(int g, long end) {
      String counter = counterKey(g, end);
      return increments(g)
          ? MetaCommand.increment(counter, batch.take(g), MemcachedStorage.exptime(end - now))
          : MetaCommand.get(counter, checks(g));
    }

    private String counterKey(int g, long end) {
      return storage.key(batch.key(g) + "/" + end);
    }

    /** True if an acquire takes from this group: something to take, and it could ever fit. */
    private boolean takes(int g) {
      return acquiring && batch.take(g) > 0 && batch.need(g) <= batch.item(g).amount();
    }

    /** True if the group takes by an increment before the check, given back if refused. */
    private boolean increments(int g) {
      return takes(g) && !comparesAndSets(batch.item(g));
    }

    /**
     * True if the group takes by an increment after the check, only if the counter is unchanged.
     */
    private boolean checks(int g) {
      return takes(g) && comparesAndSets(batch.item(g));
    }

    /** True if the group's need fits beside what others counted. */
    private boolean fits(int g) {
      long amount = batch.item(g).amount();
      long need = batch.need(g);
      if (need > amount) {
        return false;
      }
      long others = took[g] ? counts[g] - batch.take(g) : counts[g];
      return Long.compareUnsigned(others, amount) <= 0 && need <= amount - others;
    }
  }

  private enum Step {
    READ_END,
    COUNT,
    START,
    DONE
  }
}
