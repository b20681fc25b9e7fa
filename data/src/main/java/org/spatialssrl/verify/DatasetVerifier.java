package org.spatialssrl.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.spatialssrl.dataset.DatasetFiles;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.dataset.RowJson;
import org.spatialssrl.depth.DepthReader;
import org.spatialssrl.image.ImageDecoder;
import org.spatialssrl.image.ImageLimits;
import org.spatialssrl.image.ImageRejectedException;
import org.spatialssrl.image.RgbImage;
import org.spatialssrl.task.Prompts;

/**
 * Re-checks every sample of a dataset without trusting the generator: answer syntax, one
 * {@code <image>} per image, every image decodes, ids are unique, validation sources are disjoint
 * from training sources, and, with the sources at hand, each answer re-derived from pixels.
 */
public final class DatasetVerifier {
  /**
   * One disagreement or defect.
   *
   * @param id the sample id (or the file, for dataset-level problems)
   * @param kind {@code syntax}, {@code placeholders}, {@code image}, {@code rederive},
   *     {@code duplicate-id}, {@code split-overlap}, {@code unknown-task} or {@code source}
   * @param message what is wrong
   */
  public record Problem(String id, String kind, String message) {}

  /**
   * The outcome.
   *
   * @param rows rows checked
   * @param rederived rows whose answer was re-derived from the sources
   * @param problems everything found, in dataset order
   */
  public record Report(int rows, int rederived, List<Problem> problems) {
    /** True when nothing was found. */
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private final Map<String, SampleChecker> checkers;
  private final int threads;
  private final DepthReader depthReader;

  /**
   * A verifier with the checkers on the class path, reading depth files with the defaults.
   *
   * @param threads worker threads
   */
  public DatasetVerifier(int threads) {
    this(threads, DepthReader.DEFAULT);
  }

  /**
   * A verifier with the checkers on the class path.
   *
   * @param threads worker threads
   * @param depthReader how the sources' depth files are read (as the generating run read them)
   */
  public DatasetVerifier(int threads, DepthReader depthReader) {
    Map<String, SampleChecker> m = new HashMap<>();
    ServiceLoader.load(SampleChecker.class, DatasetVerifier.class.getClassLoader())
        .forEach(c -> m.put(c.task(), c));
    this.checkers = Map.copyOf(m);
    this.threads = threads;
    this.depthReader = depthReader;
  }

  /**
   * Verifies a dataset folder.
   *
   * @param dataset the folder holding {@code train.jsonl} (and {@code val.jsonl} if any)
   * @param sources the generating run's input folder, or null to skip re-derivation
   * @return the report
   * @throws IOException when the dataset's row files cannot be read
   */
  public Report verify(Path dataset, Path sources) throws IOException {
    Path train = dataset.resolve(DatasetFiles.TRAIN_JSONL);
    if (!Files.exists(train)) {
      throw new IOException(dataset + ": no " + DatasetFiles.TRAIN_JSONL + " (not a generated dataset?)");
    }
    List<DatasetRow> rows = new ArrayList<>(RowJson.readAll(train));
    int trainCount = rows.size();
    Path val = dataset.resolve(DatasetFiles.VAL_JSONL);
    if (Files.exists(val)) {
      rows.addAll(RowJson.readAll(val));
    }
    List<Problem> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<String> trainSources = new HashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      DatasetRow r = rows.get(i);
      if (!ids.add(r.id())) {
        problems.add(new Problem(r.id(), "duplicate-id", "id appears more than once"));
      }
      if (i < trainCount) {
        trainSources.add(r.source());
      } else if (trainSources.contains(r.source())) {
        problems.add(new Problem(r.id(), "split-overlap",
            "validation sample from training source " + r.source()));
      }
    }

    // Rows of one source are checked together so that the source is decoded once.
    Map<String, List<Integer>> bySource = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      bySource.computeIfAbsent(rows.get(i).source(), k -> new ArrayList<>()).add(i);
    }
    ImageDecoder decoder = new ImageDecoder(new ImageLimits(1, Long.MAX_VALUE / 2));
    @SuppressWarnings("unchecked")
    List<Problem>[] perRow = new List[rows.size()];
    boolean[] rederived = new boolean[rows.size()];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (List<Integer> group : bySource.values()) {
        fs.add(pool.submit(() -> {
          CachingLookup lookup = sources == null ? null : new CachingLookup(sources, decoder, depthReader);
          for (int i : group) {
            perRow[i] = checkRow(rows.get(i), dataset, decoder, lookup, rederived, i);
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IOException("verification failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    int count = 0;
    for (int i = 0; i < rows.size(); i++) {
      problems.addAll(perRow[i]);
      count += rederived[i] ? 1 : 0;
    }
    return new Report(rows.size(), count, problems);
  }

  private List<Problem> checkRow(
      DatasetRow row, Path dataset, ImageDecoder decoder, SourceLookup lookup, boolean[] rederived,
      int index) {
    List<Problem> out = new ArrayList<>();
    SampleChecker checker = checkers.get(row.task());
    if (checker == null) {
      out.add(new Problem(row.id(), "unknown-task", "no checker for task '" + row.task() + "'"));
      return out;
    }
    checker.checkSyntax(row).forEach(m -> out.add(new Problem(row.id(), "syntax", m)));
    int placeholders = Prompts.countImagePlaceholders(row.problem());
    if (placeholders != row.images().size()) {
      out.add(new Problem(row.id(), "placeholders",
          placeholders + " <image> placeholders for " + row.images().size() + " images"));
    }
    List<RgbImage> images = new ArrayList<>();
    for (String rel : row.images()) {
      try {
        images.add(decoder.decode(dataset.resolve(rel)));
      } catch (ImageRejectedException e) {
        out.add(new Problem(row.id(), "image", e.getMessage()));
      }
    }
    if (lookup != null && out.isEmpty()) {
      try {
        checker.rederive(row, images, lookup)
            .forEach(m -> out.add(new Problem(row.id(), "rederive", m)));
        rederived[index] = true;
      } catch (Exception e) {
        out.add(new Problem(row.id(), "source", String.valueOf(e.getMessage())));
      }
    }
    return out;
  }

  /** Decodes each source once per worker group. */
  private static final class CachingLookup implements SourceLookup {
    private final Path root;
    private final ImageDecoder decoder;
    private String cachedId;
    private RgbImage cached;

    private final DepthReader depthReader;

    CachingLookup(Path root, ImageDecoder decoder, DepthReader depthReader) {
      this.root = root;
      this.decoder = decoder;
      this.depthReader = depthReader;
    }

    @Override
    public Path root() {
      return root;
    }

    @Override
    public DepthReader depthReader() {
      return depthReader;
    }

    @Override
    public RgbImage rgb(String sourceId) throws ImageRejectedException {
      if (!sourceId.equals(cachedId)) {
        cached = decoder.decode(root.resolve(sourceId));
        cachedId = sourceId;
      }
      return cached;
    }
  }
}
