package org.spatialssrl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.spatialssrl.generate.DatasetGenerator;
import org.spatialssrl.generate.GenerateConfig;
import org.spatialssrl.generate.GenerateListener;
import org.spatialssrl.generate.GenerateSummary;
import org.spatialssrl.image.ImageDecoder;
import org.spatialssrl.image.JpegEncoder;
import org.spatialssrl.image.RgbImage;
import org.spatialssrl.scene.ProceduralScene;
import org.spatialssrl.task.PretextTask;
import org.spatialssrl.task.Sample;
import org.spatialssrl.task.SourceImage;
import org.spatialssrl.task.TaskOutcome;
import org.spatialssrl.task.TaskRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ssrl bench-generate}: per-sample speed of the RGB tasks on one core, the codec floor,
 * and the whole pipeline on several threads, as a markdown section for docs/BENCHMARKS.md.
 */
@Command(
    name = "bench-generate",
    mixinStandardHelpOptions = true,
    description = {
      "Measures generation speed and prints it as markdown.",
      "Samples/s per core of each RGB task (decode + generate + encode + write), the codec-only"
          + " cost, and the full pipeline."
    })
public final class BenchGenerateCommand implements Callable<Integer> {
  @Option(names = "--input", paramLabel = "FILE", description = "Image to time on (repeatable).")
  List<Path> inputs;

  @Option(names = "--seconds", defaultValue = "6", description = "Measured seconds per case (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--threads", defaultValue = "2", description = "Threads for the pipeline case (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--tasks", split = ",", defaultValue = "shuffle,flip,crop", description = "Tasks to time.")
  List<String> tasks;

  @Option(names = "--write", paramLabel = "FILE", description = "Replace this command's section in FILE (docs/BENCHMARKS.md).")
  Path write;

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("ssrl-bench");
    try {
      List<Path> files = new ArrayList<>();
      if (inputs != null) {
        files.addAll(inputs);
      }
      Path jpeg640 = work.resolve("scene-640x480.jpg");
      Files.write(jpeg640, new JpegEncoder(90).encode(ProceduralScene.render(11, 640, 480)));
      files.add(jpeg640);
      TaskRegistry registry = TaskRegistry.load();
      StringBuilder md = new StringBuilder();
      md.append("### RGB tasks: samples per second on one core\n\n");
      md.append("Each sample: read + decode the source, make the sample, encode its JPEG(s) (q95),"
          + " write them. Codec floor: the same decode + encodes + writes alone."
          + " Ratio = pipeline time / codec time.\n\n");
      md.append("| input | task | samples/s | ms/sample | decode ms | task ms | encode+write ms | codec-only ms | ratio |\n");
      md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Path f : files) {
        for (String t : tasks) {
          md.append(timeTask(f, registry.get(t), work));
          System.err.println(md.substring(md.lastIndexOf("\n", md.length() - 2) + 1).trim());
        }
      }
      md.append('\n').append(timePipeline(files.get(0), work, registry));
      String section = header() + md;
      System.out.println(section);
      if (write != null) {
        replaceSection(write, section);
        System.err.println("updated " + write);
      }
      return 0;
    } finally {
      try (Stream<Path> w = Files.walk(work)) {
        w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private String header() throws IOException {
    String cpu = "unknown CPU";
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.exists(cpuinfo)) {
      cpu = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.replaceAll(".*:\\s*", "")).orElse(cpu);
    }
    StringBuilder cmd = new StringBuilder("bin/ssrl bench-generate");
    if (inputs != null) {
      inputs.forEach(i -> cmd.append(" --input ").append(i));
    }
    cmd.append(" --seconds ").append(seconds).append(" --threads ").append(threads);
    return String.format(Locale.ROOT,
        "## Generation (RGB tasks)\n\n- command: `%s`\n- machine: %s, %d cores, Java %s\n- date: %s\n\n",
        cmd, cpu, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        LocalDate.now(ZoneOffset.UTC));
  }

  private String timeTask(Path file, PretextTask task, Path work) throws Exception {
    ImageDecoder decoder = new ImageDecoder();
    JpegEncoder encoder = new JpegEncoder(95);
    Path out = work.resolve("out");
    Files.createDirectories(out);
    long[] phase = new long[3];
    int n = 0;
    long start = 0;
    long warmEnd = System.nanoTime() + (long) 2e9;
    long end = Long.MAX_VALUE;
    List<RgbImage> lastImages = null;
    for (int i = 0; System.nanoTime() < end; i++) {
      if (start == 0 && System.nanoTime() > warmEnd) {
        start = System.nanoTime();
        end = start + (long) (seconds * 1e9);
        phase = new long[3];
        n = 0;
      }
      long t0 = System.nanoTime();
      RgbImage img = decoder.decode(file);
      long t1 = System.nanoTime();
      Sample s = null;
      for (int a = 0; s == null; a++) {
        TaskOutcome o = task.generate(new SourceImage("bench", img), new SplittableRandom(i * 31L + a));
        s = o instanceof Sample ok ? ok : null;
      }
      long t2 = System.nanoTime();
      for (int k = 0; k < s.images().size(); k++) {
        Files.write(out.resolve(k + ".jpg"), encoder.encode(s.images().get(k)));
      }
      long t3 = System.nanoTime();
      phase[0] += t1 - t0;
      phase[1] += t2 - t1;
      phase[2] += t3 - t2;
      n++;
      lastImages = s.images();
    }
    double total = (phase[0] + phase[1] + phase[2]) / 1e6 / n;
    double codec = codecOnly(file, lastImages, decoder, encoder, out);
    return String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f |\n",
        file.getFileName(), task.name(), 1000 / total, total, phase[0] / 1e6 / n, phase[1] / 1e6 / n,
        phase[2] / 1e6 / n, codec, total / codec);
  }

  private double codecOnly(Path file, List<RgbImage> images, ImageDecoder decoder, JpegEncoder encoder,
      Path out) throws Exception {
    long end = System.nanoTime() + (long) (Math.max(2, seconds / 2) * 1e9);
    long total = 0;
    int n = 0;
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      decoder.decode(file);
      for (int k = 0; k < images.size(); k++) {
        Files.write(out.resolve(k + ".jpg"), encoder.encode(images.get(k)));
      }
      total += System.nanoTime() - t0;
      n++;
    }
    return total / 1e6 / n;
  }

  private String timePipeline(Path file, Path work, TaskRegistry registry) throws Exception {
    Path in = work.resolve("pipeline-in");
    Files.createDirectories(in);
    int copies = 24;
    String ext = file.getFileName().toString().replaceAll(".*\\.", "");
    for (int i = 0; i < copies; i++) {
      Files.copy(file, in.resolve("copy" + i + "." + ext));
    }
    StringBuilder md = new StringBuilder();
    md.append("### Full pipeline (`ssrl generate` on ").append(copies).append(" copies of ")
        .append(file.getFileName()).append(", parquet and card included)\n\n");
    md.append("Each source is decoded once per run and feeds all of its samples, so with several"
        + " samples per source the decode is shared.\n\n");
    md.append("| tasks | samples per source | threads | samples | seconds | samples/s |\n"
        + "|---|---:|---:|---:|---:|---:|\n");
    List<List<String>> taskSets = new ArrayList<>();
    taskSets.add(tasks);
    tasks.forEach(t -> taskSets.add(List.of(t)));
    for (List<String> set : taskSets) {
      int[][] cases = set.size() > 1
          ? new int[][] {{1, 1}, {1, threads}}
          : new int[][] {{1, 1}, {3, 1}};
      for (int[] c : cases) {
        int perSource = c[0] * set.size();
        md.append(timeRun(in, work, registry, set, copies * perSource, c[1], perSource));
      }
    }
    return md.toString();
  }

  private String timeRun(Path in, Path work, TaskRegistry registry, List<String> set, int count,
      int t, int perSource) throws Exception {
    String row = "";
    for (int round = 0; round < 2; round++) { // the first round warms the JIT
      Path out = work.resolve("pipeline-out-" + String.join("-", set) + "-" + count + "-" + t + "-" + round);
      GenerateConfig c = GenerateConfig.builder().setOutput(out).optInput(in).optTasks(set)
          .optCount(count).optThreads(t).build();
      long t0 = System.nanoTime();
      GenerateSummary s = new DatasetGenerator(registry).run(c, false, GenerateListener.NONE);
      double secs = (System.nanoTime() - t0) / 1e9;
      row = String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %.1f |\n",
          String.join(",", set), perSource, t, s.made(), secs, s.made() / secs);
    }
    System.err.print(row);
    return row;
  }

  /** Replaces the text from this section's heading to the next {@code ## } heading. */
  static void replaceSection(Path file, String section) throws IOException {
    String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
    String heading = "## Generation (RGB tasks)";
    int at = text.indexOf(heading);
    if (at < 0) {
      text = text + (text.endsWith("\n\n") ? "" : "\n") + section;
    } else {
      int next = text.indexOf("\n## ", at + heading.length());
      text = text.substring(0, at) + section + (next < 0 ? "" : text.substring(next + 1));
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
