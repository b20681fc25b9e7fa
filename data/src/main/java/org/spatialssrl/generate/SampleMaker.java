package org.spatialssrl.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.spatialssrl.dataset.AtomicFiles;
import org.spatialssrl.dataset.DatasetFiles;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.dataset.RowJson;
import org.spatialssrl.depth.DepthFormatException;
import org.spatialssrl.depth.DepthMap;
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

/**
 * Makes the samples of one {@link WorkUnit}: decodes the source (and its depth, when an RGB-D
 * task needs it) once, draws each sample, writes its images atomically under their final names
 * and returns the rows. A pure function of the unit, the source's files and the configuration,
 * safe to call from many threads at once.
 *
 * <p>Round r of a source's stream of a task is made from draws seeded by (run seed, source,
 * task, r, attempt), attempts 0 to {@code maxAttempts - 1}; the first draw the task accepts and
 * that repeats no earlier round of the stream wins. A unit that continues a stream (in a later
 * pass) first redraws the earlier rounds, without writing them, to know what they were.
 */
public final class SampleMaker {
  private final GenerateConfig config;
  private final Map<String, PretextTask> tasks = new LinkedHashMap<>();
  private final DepthPairing depths;
  private final ImageDecoder decoder;
  private final JpegEncoder encoder;

  /**
   * The result of one unit.
   *
   * @param outcome what the planner needs back
   * @param rows the rows of the made samples (their images are written)
   * @param rejects one line per refused file and per stream that ended
   */
  public record UnitResult(UnitOutcome outcome, List<DatasetRow> rows, List<RejectRecord> rejects) {}

  /**
   * Creates a maker.
   *
   * @param config the run's configuration (seed, output folder, limits, image settings)
   * @param tasks the selected tasks
   * @param depths the depth pairing of the input
   */
  public SampleMaker(GenerateConfig config, List<PretextTask> tasks, DepthPairing depths) {
    this.config = config;
    tasks.forEach(t -> this.tasks.put(t.name(), t));
    this.depths = depths;
    this.decoder = new ImageDecoder(config.limits());
    this.encoder = new JpegEncoder(config.jpegQuality());
  }

  /**
   * Makes a unit's samples.
   *
   * @param unit the unit
   * @param file the unit's source file
   * @return the outcome, rows and rejects
   * @throws IOException when an image cannot be written
   */
  public UnitResult make(WorkUnit unit, SourceFile file) throws IOException {
    List<PlannedSample> work = unit.samples();
    List<UnitOutcome.Status> status = new ArrayList<>();
    List<DatasetRow> rows = new ArrayList<>();
    List<RejectRecord> rejects = new ArrayList<>();
    RgbImage rgb;
    try {
      rgb = decoder.decode(file.path());
    } catch (ImageRejectedException e) {
      rejects.add(new RejectRecord(file.id(), null, null, e.reason(), e.getMessage()));
      work.forEach(a -> status.add(UnitOutcome.Status.FAILED));
      return new UnitResult(new UnitOutcome(unit.pass(), unit.source(), status, true, false), rows,
          rejects);
    }
    DepthMap depth = null;
    boolean depthRejected = false;
    if (depths.hasDepth(file.id())
        && work.stream().anyMatch(a -> tasks.get(a.task()).input() == InputKind.RGBD)) {
      try {
        depth = depths.load(file.id(), rgb.width(), rgb.height(), config.depthReader());
      } catch (DepthFormatException e) {
        rejects.add(new RejectRecord(file.id(), null, null, e.reason(), e.getMessage()));
        depthRejected = true;
      }
    }
    SourceImage source = new SourceImage(file.id(), rgb, depth);
    String streamTask = null;
    Set<String> seen = null;
    boolean alive = false;
    int nextRound = 0;
    for (PlannedSample a : work) {
      PretextTask task = tasks.get(a.task());
      if (!a.task().equals(streamTask)) {
        streamTask = a.task();
        seen = new HashSet<>();
        alive = !(depthRejected && task.input() == InputKind.RGBD);
        for (int r = 0; alive && r < a.round(); r++) {
          if (draw(task, source, r, seen).sample() == null) {
            throw new IllegalStateException(file.id() + ": round " + r + " of " + a.task()
                + " was made before but cannot be redrawn");
          }
        }
        nextRound = a.round();
      }
      if (a.round() != nextRound++) {
        throw new IllegalStateException("rounds of " + a.task() + " on " + file.id() + " are not consecutive");
      }
      if (!alive) {
        status.add(depthRejected && task.input() == InputKind.RGBD
            ? UnitOutcome.Status.FAILED : UnitOutcome.Status.NOT_TRIED);
        continue;
      }
      Draw d = draw(task, source, a.round(), seen);
      if (d.sample() != null) {
        rows.add(write(d, a, file));
        status.add(UnitOutcome.Status.MADE);
      } else {
        rejects.add(new RejectRecord(file.id(), a.task(), null, d.last().reason(),
            d.last().message() + " (after " + config.maxAttempts() + " draws; this source gives no"
                + " more " + a.task() + " samples)"));
        status.add(UnitOutcome.Status.FAILED);
        alive = false;
      }
    }
    return new UnitResult(new UnitOutcome(unit.pass(), unit.source(), status, false, depthRejected),
        rows, rejects);
  }

  /** A draw that was accepted (sample set) or the last rejection. */
  private record Draw(Sample sample, long seed, int attempt, Rejection last) {}

  private Draw draw(PretextTask task, SourceImage source, int round, Set<String> seen) {
    Rejection last = null;
    for (int attempt = 0; attempt < config.maxAttempts(); attempt++) {
      long seed = Seeds.derive(config.seed(), source.id(), task.name(), round, attempt);
      TaskOutcome outcome;
      try {
        outcome = task.generate(source, new SplittableRandom(seed));
      } catch (RuntimeException e) {
        outcome = new Rejection("task-error", source.id() + ": " + task.name() + " failed: " + e);
      }
      if (outcome instanceof Rejection r) {
        last = r;
        continue;
      }
      Sample s = (Sample) outcome;
      if (!seen.add(s.variant() + "|" + s.answer() + "|" + s.metadata())) {
        last = new Rejection("exhausted", source.id() + ": every draw repeated an earlier "
            + task.name() + " sample of this source (it has few distinct samples)");
        continue;
      }
      return new Draw(s, seed, attempt, null);
    }
    return new Draw(null, 0, config.maxAttempts(), last);
  }

  private DatasetRow write(Draw d, PlannedSample a, SourceFile src) throws IOException {
    Sample s = d.sample();
    Path dir = config.output().resolve(DatasetFiles.IMAGES).resolve(s.task());
    Files.createDirectories(dir);
    List<String> paths = new ArrayList<>();
    String id = a.id();
    for (int i = 0; i < s.images().size(); i++) {
      String name = s.images().size() == 1 ? id + ".jpg" : id + "_" + i + ".jpg";
      AtomicFiles.write(dir.resolve(name), encoder.encode(s.images().get(i)));
      paths.add(DatasetFiles.IMAGES + "/" + s.task() + "/" + name);
    }
    Map<String, Object> meta = new LinkedHashMap<>(s.metadata());
    meta.put("round", a.round());
    meta.put("attempt", d.attempt());
    String problem = config.formatPrompt() ? Prompts.withFormatPrompt(s.question()) : s.question();
    return new DatasetRow(id, s.task(), s.variant(), src.id(), d.seed(), problem, s.answer(), paths,
        RowJson.MAPPER.writeValueAsString(meta));
  }
}
