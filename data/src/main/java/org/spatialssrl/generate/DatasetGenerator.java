package org.spatialssrl.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.spatialssrl.dataset.AtomicFiles;
import org.spatialssrl.dataset.DatasetFiles;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.dataset.ParquetExport;
import org.spatialssrl.dataset.RowJson;
import org.spatialssrl.image.ImageDecoder;
import org.spatialssrl.task.PretextTask;
import org.spatialssrl.task.TaskRegistry;

/**
 * Turns a folder of images into a dataset in three steps that a distributed runner can also
 * take: <em>probe</em> every source's header ({@link SourceProbe}, in parallel), <em>plan</em>
 * which source makes which sample ({@link SamplePlanner}, a pure function of the probes, the
 * configuration and the seed), and <em>make</em> the planned samples ({@link SampleMaker}, one
 * {@link WorkUnit} per source and pass, each a pure function of its unit). A sample that cannot
 * be made (its source turns out broken, its depth flat, its draws all rejected) costs nothing:
 * the planner gives it to another source in a further pass. Rows are written in plan order.
 *
 * <p>Every random choice comes from a stream seeded by (run seed, source, task, round, attempt),
 * so output bytes do not depend on the number of threads. Finished units are journalled, so an
 * interrupted run can be resumed to the same result.
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
    ExecutorService pool = Executors.newFixedThreadPool(config.threads());
    try {
      ImageDecoder decoder = new ImageDecoder(config.limits());
      List<SourceProbe> probes =
          parallel(pool, sources, f -> SourceProbe.of(f, decoder, depths), "probing the inputs");
      SamplePlanner planner = new SamplePlanner(config,
          tasks.stream().map(SamplePlanner.TaskSpec::of).toList(), probes);
      int headerOk = (int) probes.stream().filter(SourceProbe::usable).count();
      listener.plan(planner.budget(), sources.size(), headerOk);

      Map<String, UnitOutcome> done = Journal.repair(journalFile);
      deleteTemporaries(out.resolve(DatasetFiles.IMAGES));
      SampleMaker maker = new SampleMaker(config, tasks, depths);
      int decodeRejected = 0;
      try (Journal journal = new Journal(journalFile)) {
        for (List<WorkUnit> units = planner.nextPass(); !units.isEmpty(); units = planner.nextPass()) {
          List<WorkUnit> todo = new ArrayList<>();
          long alreadyDone = 0;
          for (WorkUnit u : units) {
            UnitOutcome previous = done.get(Journal.key(u.pass(), u.sourceId()));
            if (previous == null) {
              todo.add(u);
            } else {
              if (previous.source() != u.source() || previous.status().size() != u.samples().size()) {
                throw new GenerateException(out + ": the interrupted run planned " + u.sourceId()
                    + " differently; did the input folder change? Delete " + state
                    + " to start again, or restore the input");
              }
              planner.record(previous);
              alreadyDone += u.samples().size();
              decodeRejected += previous.sourceRejected() ? 1 : 0;
            }
          }
          listener.planned(todo.stream().mapToLong(u -> u.samples().size()).sum(), alreadyDone);
          List<UnitOutcome> outcomes = parallel(pool, todo, u -> {
            SampleMaker.UnitResult r = maker.make(u, sources.get(u.source()));
            journal.append(new Journal.Entry(u.sourceId(), r.outcome(), r.rows(), r.rejects()));
            listener.sourceDone(u.samples().size());
            return r.outcome();
          }, "generation");
          for (UnitOutcome o : outcomes) {
            planner.record(o);
            decodeRejected += o.sourceRejected() ? 1 : 0;
          }
        }
      }
      List<RejectRecord> probeRejects =
          probes.stream().map(SourceProbe::reject).filter(r -> r != null).toList();
      return finish(config, sources.size(), headerOk - decodeRejected, planner, journalFile,
          probeRejects, tasks);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Work on one item that may fail with an I/O error. */
  private interface Job<T, R> {
    R apply(T item) throws IOException;
  }

  /** Applies a job to every item on the pool; results in item order. */
  private static <T, R> List<R> parallel(ExecutorService pool, List<T> items, Job<T, R> job,
      String what) throws GenerateException, IOException {
    List<Future<R>> futures = new ArrayList<>();
    for (T item : items) {
      futures.add(pool.submit(() -> {
        try {
          return job.apply(item);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }));
    }
    List<R> results = new ArrayList<>();
    try {
      for (Future<R> f : futures) {
        results.add(f.get());
      }
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      Throwable c = e.getCause();
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw new GenerateException(what + " failed: " + c, c);
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new GenerateException("interrupted; rerun with --resume to finish", e);
    }
    return results;
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
      GenerateConfig config, int sourceCount, int usableCount, SamplePlanner planner,
      Path journalFile, List<RejectRecord> sourceRejects, List<PretextTask> tasks) throws IOException {
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
    List<TaskCounts> counts = planner.counts();
    GenerateSummary summary = new GenerateSummary(
        counts.stream().mapToLong(TaskCounts::requested).sum(), made[0], planner.countGiven(),
        counts, byVariant, byReason, sourceCount, usableCount);
    AtomicFiles.write(out.resolve(DatasetFiles.CARD),
        DatasetCard.render(config, summary, order, rejects).getBytes(StandardCharsets.UTF_8));
    AtomicFiles.deleteRecursively(out.resolve(DatasetFiles.STATE));
    return summary;
  }

}
