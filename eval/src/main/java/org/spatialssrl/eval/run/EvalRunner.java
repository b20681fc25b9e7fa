package org.spatialssrl.eval.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.spatialssrl.eval.Benchmark;
import org.spatialssrl.eval.EvalItem;
import org.spatialssrl.eval.ModelSettings;
import org.spatialssrl.eval.PromptPart;
import org.spatialssrl.eval.backend.ModelBackend;
import org.spatialssrl.eval.media.MediaPreparer;

/**
 * Asks a backend every item that the prediction cache does not already answer, writing each
 * outcome to the cache as it arrives. A rerun after an interruption asks only what is left, so
 * every item is answered once; items whose request failed are asked again on later runs, up to
 * {@code maxAttempts} lines in all. Items that cannot be asked (a malformed row, a missing
 * image) get an error line and cost nothing else.
 */
public final class EvalRunner {
  private final Benchmark benchmark;
  private final ModelBackend backend;
  private final MediaPreparer media;
  private final ModelSettings settings;
  private final String promptMode;
  private final int maxAttempts;
  private final JsonNode settingsJson;

  /**
   * A runner.
   *
   * @param benchmark the benchmark
   * @param backend the model
   * @param media prepares images and video frames
   * @param settings the model-side settings
   * @param promptMode the prompt mode id (recorded in the cache)
   * @param maxAttempts the most failed lines per item before it is left failed
   */
  public EvalRunner(Benchmark benchmark, ModelBackend backend, MediaPreparer media, ModelSettings settings,
      String promptMode, int maxAttempts) {
    this.benchmark = benchmark;
    this.backend = backend;
    this.media = media;
    this.settings = settings;
    this.promptMode = promptMode;
    this.maxAttempts = maxAttempts;
    this.settingsJson = CacheRecord.JSON.valueToTree(settings.toMap());
  }

  /** Progress callbacks (from worker threads). */
  public interface Listener {
    /**
     * Before the first request.
     *
     * @param toAsk items to ask in this run
     * @param alreadyDone items the cache already answers
     */
    default void started(int toAsk, int alreadyDone) {}

    /**
     * After an item's line is queued.
     *
     * @param ok whether it got a response
     */
    default void itemDone(boolean ok) {}
  }

  /**
   * What a run did.
   *
   * @param items the items of the run
   * @param alreadyDone answered by the cache before the run
   * @param asked asked in this run
   * @param answered asked and answered
   * @param failed asked (or not askable) and failed
   * @param givenUp failed too often before, not asked again
   * @param seconds wall time
   * @param records the lines this run wrote, in the order they were written
   */
  public record Summary(int items, int alreadyDone, int asked, int answered, int failed, int givenUp, double seconds,
      List<CacheRecord> records) {}

  /**
   * Thrown when the cache holds answers made with another model, prompt or settings.
   */
  public static final class CacheConflictException extends IOException {
    private static final long serialVersionUID = 1L;

    CacheConflictException(String message) {
      super(message);
    }
  }

  /**
   * The cache key of an item (EVALUATION.md 6.2).
   *
   * @param item the item
   * @return the hex SHA-256
   */
  public String key(EvalItem item) {
    return sha256(benchmark.id() + "|" + item.id() + "|" + promptMode + "|" + backend.modelId() + "|"
        + settingsJson + "|" + promptSha(item));
  }

  /**
   * The SHA-256 of an item's prompt: its texts and its media references.
   *
   * @param item the item
   * @return the hex digest
   */
  public String promptSha(EvalItem item) {
    StringBuilder sb = new StringBuilder();
    if (item.problem() == null) {
      for (PromptPart p : benchmark.prompt(item)) {
        sb.append(p instanceof PromptPart.Text t ? "T:" + t.text() : "M:" + ((PromptPart.Media) p).ref().describe())
            .append('\u0000');
      }
    }
    return sha256(sb.toString());
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs.
   *
   * @param items the items (already filtered by type and limit)
   * @param cacheFile the prediction cache (appended to), or null to keep the answers in memory only
   * @param listener progress
   * @return what happened
   * @throws IOException when the cache cannot be read or written, or holds other settings'
   *     answers for these items
   */
  public Summary run(List<EvalItem> items, Path cacheFile, Listener listener) throws IOException {
    long t0 = System.nanoTime();
    Map<String, List<CacheRecord>> byItem = new HashMap<>();
    List<CacheRecord> previous = cacheFile == null ? List.of() : PredictionCache.read(cacheFile).records();
    for (CacheRecord r : previous) {
      byItem.computeIfAbsent(r.itemId(), k -> new ArrayList<>()).add(r);
    }
    List<EvalItem> pending = new ArrayList<>();
    Map<String, Integer> attempts = new HashMap<>();
    int done = 0;
    int givenUp = 0;
    for (EvalItem item : items) {
      String key = key(item);
      boolean ok = false;
      int failedLines = 0;
      for (CacheRecord r : byItem.getOrDefault(item.id(), List.of())) {
        if (!r.key().equals(key)) {
          throw new CacheConflictException(cacheFile + " already answers item " + item.id() + " of " + benchmark.id()
              + " with other settings (model '" + r.model() + "', prompt mode '" + r.promptMode()
              + "', or another prompt or decoding setting); use another --output folder, or delete the file");
        }
        if (r.ok()) {
          ok = true;
        } else {
          failedLines++;
        }
      }
      if (ok) {
        done++;
      } else if (failedLines >= maxAttempts) {
        givenUp++;
      } else {
        pending.add(item);
        attempts.put(item.id(), failedLines);
      }
    }
    listener.started(pending.size(), done);
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    java.util.Queue<CacheRecord> written = new java.util.concurrent.ConcurrentLinkedQueue<>();
    try (PredictionCache cache = cacheFile == null ? PredictionCache.none() : PredictionCache.open(cacheFile)) {
      List<List<EvalItem>> batches = new ArrayList<>();
      for (int i = 0; i < pending.size(); i += backend.batchSize()) {
        batches.add(pending.subList(i, Math.min(pending.size(), i + backend.batchSize())));
      }
      ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(backend.parallelism(), batches.size())), r -> {
        Thread t = new Thread(r, "eval-worker");
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (List<EvalItem> batch : batches) {
          futures.add(pool.submit(() -> ask(batch, attempts, new Sink(cache, written), listener, answered, failed)));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IOException("an evaluation worker failed: " + e.getCause(), e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    return new Summary(items.size(), done, pending.size(), answered.get(), failed.get(), givenUp,
        (System.nanoTime() - t0) / 1e9, List.copyOf(written));
  }

  /** Where lines go: the cache file and this run's list. */
  private record Sink(PredictionCache cache, java.util.Queue<CacheRecord> written) {}

  private void ask(List<EvalItem> batch, Map<String, Integer> attempts, Sink cache, Listener listener,
      AtomicInteger answered, AtomicInteger failed) {
    List<ModelBackend.Request> requests = new ArrayList<>();
    List<EvalItem> asked = new ArrayList<>();
    Map<String, List<String>> notes = new LinkedHashMap<>();
    for (EvalItem item : batch) {
      if (item.problem() != null) {
        write(cache, item, List.of(), ModelBackend.Completion.failed(item.problem(), 0), 0, attempts);
        failed.incrementAndGet();
        listener.itemDone(false);
        continue;
      }
      try {
        MediaPreparer.Prepared p = media.prepare(benchmark.prompt(item), settings);
        requests.add(new ModelBackend.Request(item.id(), p.parts(), settings));
        asked.add(item);
        notes.put(item.id(), p.media());
      } catch (IOException | RuntimeException e) {
        write(cache, item, List.of(), ModelBackend.Completion.failed(e.getMessage(), 0), 0, attempts);
        failed.incrementAndGet();
        listener.itemDone(false);
      }
    }
    if (requests.isEmpty()) {
      return;
    }
    long t0 = System.nanoTime();
    List<ModelBackend.Completion> out = backend.complete(requests);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    for (int i = 0; i < asked.size(); i++) {
      ModelBackend.Completion c = out.get(i);
      write(cache, asked.get(i), notes.get(asked.get(i).id()), c, ms, attempts);
      (c.error() == null ? answered : failed).incrementAndGet();
      listener.itemDone(c.error() == null);
    }
  }

  private void write(Sink sink, EvalItem item, List<String> notes, ModelBackend.Completion c, long ms,
      Map<String, Integer> attempts) {
    int previous = attempts.getOrDefault(item.id(), 0);
    CacheRecord r = new CacheRecord(key(item), benchmark.id(), item.id(), promptMode, backend.modelId(), settingsJson,
        promptSha(item), notes, c.error() == null ? c.text() : null, c.finishReason(), c.promptTokens(),
        c.completionTokens(), ms, previous + Math.max(1, c.attempts()), c.error(), Instant.now().toString());
    sink.cache().append(r);
    sink.written().add(r);
  }
}
