package org.spatialssrl.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import org.spatialssrl.dataset.AtomicFiles;
import org.spatialssrl.dataset.DatasetFiles;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.dataset.ParquetExport;
import org.spatialssrl.dataset.RowJson;
import org.spatialssrl.depth.DepthFormatException;
import org.spatialssrl.depth.DepthMap;
import org.spatialssrl.depth.DepthReader;
import org.spatialssrl.image.ImageDecoder;
import org.spatialssrl.image.ImageRejectedException;
import org.spatialssrl.image.JpegEncoder;
import org.spatialssrl.image.RgbImage;
import org.spatialssrl.seed.Seeds;
import org.spatialssrl.task.InputKind;
import org.spatialssrl.task.PretextTask;
import org.spatialssrl.task.Prompts;
import org.spatialssrl.task.Rejection;
import org.spatialssrl.task.Sample;
import org.spatialssrl.task.SourceImage;
import org.spatialssrl.task.TaskOutcome;
import org.spatialssrl.task.TaskRegistry;

/**
 * Turns a folder of images into a dataset: plans which sample comes from which source, makes
 * the samples on worker threads (each source decoded once), and writes images, JSON lines,
 * parquet, rejects and the dataset card.
 *
 * <p>Every random choice comes from a stream seeded by (run seed, source, task, round, attempt),
 * so output bytes do not depend on the number of threads. Finished sources are journalled, so
 * an interrupted run can be resumed to the same result.
 */
public final class DatasetGenerator {
  /** The name of the train split. */
  public static final String TRAIN = "train";
  /** The name of the validation split. */
  public static final String VAL = "val";
  /** Where built-in scenes are written inside the output folder. */
  public static final String BUILTIN_SOURCES = "sources";

  private final TaskRegistry registry;

  /**
   * Creates a generator.
   *
   * @param registry the tasks available by name
   */
  public DatasetGenerator(TaskRegistry registry) {
    this.registry = registry;
  }

  /** One planned sample. */
  private record Assignment(String split, String task, int taskRank, int index, int round) {
    String id() {
      String base = task + "-" + String.format("%08d", index);
      return split.equals(TRAIN) ? base : split + "-" + base;
    }
  }

  /**
   * Runs generation.
   *
   * @param config the configuration
   * @param resume continue an interrupted run in the same output folder
   * @param listener progress callbacks
   * @return what was made
   * @throws GenerateException when the run cannot start (the message says why) or fails
   * @throws IOException on an I/O failure of the output
   */
  public GenerateSummary run(GenerateConfig config, boolean resume, GenerateListener listener)
      throws GenerateException, IOException {
    List<PretextTask> tasks = new ArrayList<>();
    for (String name : config.tasks()) {
      try {
        tasks.add(registry.get(name));
      } catch (IllegalArgumentException e) {
        throw new GenerateException(e.getMessage(), e);
      }
    }
    Path out = config.output();
    Path state = out.resolve(DatasetFiles.STATE);
    Path configFile = state.resolve("config.json");
    Path journalFile = state.resolve("journal.jsonl");
    String configText = RowJson.MAPPER.writeValueAsString(config.describe());
    prepareOutput(out, state, configFile, configText, resume);

    Path input = config.input();
    if (input == null) {
      input = writeBuiltinScenes(config);
    }
    DepthPairing depths =
        DepthPairing.scan(input, SourceFile.scan(input, config.input() == null ? null : out));
    List<SourceFile> sources = depths.rgbSources();
    ImageDecoder decoder = new ImageDecoder(config.limits());

    List<RejectRecord> sourceRejects = new ArrayList<>();
    boolean[] usable = probe(sources, decoder, config.threads(), sourceRejects);
    List<Integer> train = new ArrayList<>();
    List<Integer> val = new ArrayList<>();
    split(sources, usable, config, train, val);

    Map<Integer, List<Assignment>> units = new TreeMap<>();
    IntPredicate hasDepth = i -> depths.hasDepth(sources.get(i).id());
    long planned = plan(config, tasks, train, TRAIN, units, hasDepth)
        + plan(config, tasks, val, VAL, units, hasDepth);

    Set<String> done = Journal.repair(journalFile);
    long alreadyDone = 0;
    deleteTemporaries(out.resolve(DatasetFiles.IMAGES));

    List<Integer> todo = new ArrayList<>();
    for (Map.Entry<Integer, List<Assignment>> u : units.entrySet()) {
      if (done.contains(sources.get(u.getKey()).id())) {
        alreadyDone += u.getValue().size();
      } else {
        todo.add(u.getKey());
      }
    }
    listener.planned(planned - alreadyDone, alreadyDone);

    JpegEncoder encoder = new JpegEncoder(config.jpegQuality());
    Map<String, PretextTask> byName = new TreeMap<>();
    tasks.forEach(t -> byName.put(t.name(), t));
    ExecutorService pool = Executors.newFixedThreadPool(config.threads());
    try (Journal journal = new Journal(journalFile)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int idx : todo) {
        SourceFile src = sources.get(idx);
        List<Assignment> work = units.get(idx);
        futures.add(
            pool.submit(
                () -> {
                  Journal.Entry entry =
                      makeSource(src, work, byName, decoder, encoder, config, depths);
                  try {
                    journal.append(entry);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                  listener.sourceDone(work.size());
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          pool.shutdownNow();
          Throwable c = e.getCause();
          if (c instanceof UncheckedIOException u) {
            throw u.getCause();
          }
          throw new GenerateException("generation failed: " + c, c);
        } catch (InterruptedException e) {
          pool.shutdownNow();
          Thread.currentThread().interrupt();
          throw new GenerateException("interrupted; rerun with --resume to finish", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }

    return finish(config, sources.size(), train.size() + val.size(), planned, journalFile,
        sourceRejects, tasks);
  }

  private static void prepareOutput(
      Path out, Path state, Path configFile, String configText, boolean resume)
      throws GenerateException, IOException {
    if (Files.isDirectory(state)) {
      if (!resume) {
        throw new GenerateException(
            out + " holds an unfinished run; rerun the same command with --resume to finish it,"
                + " or choose another --output");
      }
      String previous = Files.exists(configFile) ? Files.readString(configFile) : "";
      if (!previous.equals(configText)) {
        throw new GenerateException(
            out + ": --resume needs the same settings as the interrupted run.\n  then: "
                + previous + "\n  now:  " + configText);
      }
      return;
    }
    if (Files.exists(out.resolve(DatasetFiles.TRAIN_JSONL))
        || Files.exists(out.resolve(DatasetFiles.TRAIN_PARQUET))) {
      throw new GenerateException(
          out + " already holds a finished dataset; choose another --output or delete it first");
    }
    Files.createDirectories(state);
    AtomicFiles.write(configFile, configText.getBytes(StandardCharsets.UTF_8));
  }

  private static Path writeBuiltinScenes(GenerateConfig config) throws IOException {
    Path dir = config.output().resolve(BUILTIN_SOURCES);
    BuiltinScenes.write(dir, config.seed(), config.builtinScenes());
    return dir;
  }

  private static boolean[] probe(
      List<SourceFile> sources, ImageDecoder decoder, int threads, List<RejectRecord> rejects)
      throws GenerateException {
    boolean[] ok = new boolean[sources.size()];
    String[][] why = new String[sources.size()][];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < sources.size(); i++) {
        int idx = i;
        fs.add(
            pool.submit(
                () -> {
                  try {
                    decoder.probe(sources.get(idx).path());
                    ok[idx] = true;
                  } catch (ImageRejectedException e) {
                    why[idx] = new String[] {e.reason(), e.getMessage()};
                  }
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } catch (ExecutionException | InterruptedException e) {
      throw new GenerateException("probing the inputs failed: " + e, e);
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < sources.size(); i++) {
      if (why[i] != null) {
        rejects.add(new RejectRecord(sources.get(i).id(), null, null, why[i][0], why[i][1]));
      }
    }
    return ok;
  }

  private static void split(
      List<SourceFile> sources, boolean[] usable, GenerateConfig config, List<Integer> train,
      List<Integer> val) {
    double lowest = 2;
    int lowestIdx = -1;
    for (int i = 0; i < sources.size(); i++) {
      if (!usable[i]) {
        continue;
      }
      double u = Seeds.unit(config.seed(), "split", sources.get(i).id());
      if (u < config.valFraction()) {
        val.add(i);
      } else {
        train.add(i);
      }
      if (u < lowest) {
        lowest = u;
        lowestIdx = i;
      }
    }
    // A requested validation split is never empty while two or more sources exist.
    if (config.valFraction() > 0 && val.isEmpty() && train.size() >= 2) {
      train.remove(Integer.valueOf(lowestIdx));
      val.add(lowestIdx);
    }
  }

  private long plan(
      GenerateConfig config, List<PretextTask> tasks, List<Integer> allSources, String split,
      Map<Integer, List<Assignment>> units, IntPredicate hasDepth) {
    long total = 0;
    int nTasks = tasks.size();
    for (int t = 0; t < nTasks; t++) {
      String task = tasks.get(t).name();
      // RGB-D tasks draw only from sources that have depth.
      List<Integer> splitSources = tasks.get(t).input() == InputKind.RGBD
          ? allSources.stream().filter(hasDepth::test).toList() : allSources;
      int count = countFor(config, task, t, nTasks, split, splitSources.size());
      if (count == 0 || splitSources.isEmpty()) {
        continue;
      }
      List<Integer> order = new ArrayList<>(splitSources);
      SplittableRandom rng = Seeds.random(config.seed(), "order", split, task);
      for (int i = order.size() - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        Integer tmp = order.get(i);
        order.set(i, order.get(j));
        order.set(j, tmp);
      }
      for (int k = 0; k < count; k++) {
        int src = order.get(k % order.size());
        units.computeIfAbsent(src, x -> new ArrayList<>())
            .add(new Assignment(split, task, t, k, k / order.size()));
      }
      total += count;
    }
    return total;
  }

  /** Samples of one task in one split. */
  private static int countFor(
      GenerateConfig config, String task, int taskIndex, int nTasks, String split, int sources) {
    Integer explicit = config.perTaskCounts().get(task);
    if (explicit == null && config.count() != null) {
      explicit = config.count() / nTasks + (taskIndex < config.count() % nTasks ? 1 : 0);
    }
    if (explicit == null) {
      return sources; // one sample per source of this split
    }
    if (config.valFraction() == 0) {
      return split.equals(TRAIN) ? explicit : 0;
    }
    int valCount = (int) Math.round(explicit * config.valFraction());
    return split.equals(VAL) ? valCount : explicit - valCount;
  }

  private Journal.Entry makeSource(
      SourceFile src, List<Assignment> work, Map<String, PretextTask> tasks, ImageDecoder decoder,
      JpegEncoder encoder, GenerateConfig config, DepthPairing depths) throws IOException {
    List<DatasetRow> rows = new ArrayList<>();
    List<RejectRecord> rejects = new ArrayList<>();
    RgbImage rgb;
    try {
      rgb = decoder.decode(src.path());
    } catch (ImageRejectedException e) {
      rejects.add(new RejectRecord(src.id(), null, null, e.reason(), e.getMessage()));
      for (Assignment a : work) {
        rejects.add(new RejectRecord(src.id(), a.task(), a.id(), "source-" + e.reason(),
            "sample not made: its source was rejected"));
      }
      return new Journal.Entry(src.id(), rows, rejects);
    }
    DepthMap depth = null;
    if (depths.hasDepth(src.id())
        && work.stream().anyMatch(a -> tasks.get(a.task()).input() == InputKind.RGBD)) {
      try {
        depth = depths.load(src.id(), rgb.width(), rgb.height(), DepthReader.DEFAULT);
      } catch (DepthFormatException e) {
        rejects.add(new RejectRecord(src.id(), null, null, e.reason(), e.getMessage()));
      }
    }
    SourceImage source = new SourceImage(src.id(), rgb, depth);
    Map<String, Set<String>> seen = new TreeMap<>();
    List<Assignment> ordered = new ArrayList<>(work);
    ordered.sort(Comparator.comparing(Assignment::split).thenComparingInt(Assignment::taskRank)
        .thenComparingInt(Assignment::index));
    for (Assignment a : ordered) {
      PretextTask task = tasks.get(a.task());
      Set<String> signatures = seen.computeIfAbsent(a.task(), k -> new HashSet<>());
      Rejection last = null;
      boolean made = false;
      for (int attempt = 0; attempt < config.maxAttempts() && !made; attempt++) {
        long seed = Seeds.derive(config.seed(), src.id(), a.task(), a.round(), attempt);
        TaskOutcome outcome;
        try {
          outcome = task.generate(source, new SplittableRandom(seed));
        } catch (RuntimeException e) {
          outcome = new Rejection("task-error", src.id() + ": " + a.task() + " failed: " + e);
        }
        if (outcome instanceof Rejection r) {
          last = r;
          continue;
        }
        Sample s = (Sample) outcome;
        String signature = s.variant() + "|" + s.answer() + "|" + s.metadata();
        if (!signatures.add(signature)) {
          last = new Rejection("exhausted", src.id() + ": every draw repeated an earlier "
              + a.task() + " sample of this source (it has few distinct samples)");
          continue;
        }
        rows.add(write(s, a, src, seed, attempt, encoder, config));
        made = true;
      }
      if (!made) {
        rejects.add(new RejectRecord(src.id(), a.task(), a.id(), last.reason(),
            last.message() + " (after " + config.maxAttempts() + " draws)"));
      }
    }
    return new Journal.Entry(src.id(), rows, rejects);
  }

  private DatasetRow write(
      Sample s, Assignment a, SourceFile src, long seed, int attempt, JpegEncoder encoder,
      GenerateConfig config) throws IOException {
    Path dir = config.output().resolve(DatasetFiles.IMAGES).resolve(s.task());
    Files.createDirectories(dir);
    List<String> paths = new ArrayList<>();
    String id = a.id();
    for (int i = 0; i < s.images().size(); i++) {
      String name = s.images().size() == 1 ? id + ".jpg" : id + "_" + i + ".jpg";
      AtomicFiles.write(dir.resolve(name), encoder.encode(s.images().get(i)));
      paths.add(DatasetFiles.IMAGES + "/" + s.task() + "/" + name);
    }
    Map<String, Object> meta = new java.util.LinkedHashMap<>(s.metadata());
    meta.put("round", a.round());
    meta.put("attempt", attempt);
    String problem = config.formatPrompt() ? Prompts.withFormatPrompt(s.question()) : s.question();
    return new DatasetRow(id, s.task(), s.variant(), src.id(), seed, problem, s.answer(), paths,
        RowJson.MAPPER.writeValueAsString(meta));
  }

  private static void deleteTemporaries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith(".") && n.endsWith(".tmp")) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private GenerateSummary finish(
      GenerateConfig config, int sourceCount, int usableCount, long planned, Path journalFile,
      List<RejectRecord> sourceRejects, List<PretextTask> tasks) throws IOException {
    Path out = config.output();
    List<String> order = tasks.stream().map(PretextTask::name).toList();
    List<RejectRecord> rejects = new ArrayList<>(sourceRejects);
    Map<String, Long> byVariant = new TreeMap<>();
    long[] made = {0};
    try (SortedRows sorted = new SortedRows(journalFile.resolveSibling("sort.duckdb"))) {
      Journal.forEach(journalFile, e -> {
        for (DatasetRow r : e.rows()) {
          String split = r.id().startsWith(VAL + "-") ? VAL : TRAIN;
          sorted.add(split, order.indexOf(r.task()), r.id(), RowJson.toLine(r));
          byVariant.merge(split + "/" + r.task() + "/" + r.variant(), 1L, Long::sum);
          made[0]++;
        }
        rejects.addAll(e.rejects());
      });
      sorted.write(TRAIN, out.resolve(DatasetFiles.TRAIN_JSONL));
      if (config.valFraction() > 0) {
        sorted.write(VAL, out.resolve(DatasetFiles.VAL_JSONL));
      }
    }
    ParquetExport.write(out.resolve(DatasetFiles.TRAIN_JSONL), out.resolve(DatasetFiles.TRAIN_PARQUET),
        out, config.embedImages());
    if (config.valFraction() > 0) {
      ParquetExport.write(out.resolve(DatasetFiles.VAL_JSONL), out.resolve(DatasetFiles.VAL_PARQUET),
          out, config.embedImages());
    }
    rejects.sort(
        Comparator.comparing(RejectRecord::source)
            .thenComparing(r -> r.task() == null ? "" : r.task())
            .thenComparing(r -> r.sampleId() == null ? "" : r.sampleId()));
    StringBuilder rj = new StringBuilder();
    for (RejectRecord r : rejects) {
      rj.append(RowJson.MAPPER.writeValueAsString(r)).append('\n');
    }
    AtomicFiles.write(out.resolve(DatasetFiles.REJECTS), rj.toString().getBytes(StandardCharsets.UTF_8));

    Map<String, Long> byReason = new TreeMap<>();
    rejects.forEach(r -> byReason.merge(r.reason(), 1L, Long::sum));
    GenerateSummary summary = new GenerateSummary(planned, made[0], byVariant, byReason,
        sourceCount, usableCount);
    AtomicFiles.write(out.resolve(DatasetFiles.CARD),
        DatasetCard.render(config, summary, order).getBytes(StandardCharsets.UTF_8));
    AtomicFiles.deleteRecursively(out.resolve(DatasetFiles.STATE));
    return summary;
  }

}
