package org.spatialssrl.coldstart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.spatialssrl.dataset.AtomicFiles;
import org.spatialssrl.dataset.DatasetFiles;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.dataset.RowJson;
import org.spatialssrl.generate.DatasetGenerator;
import org.spatialssrl.seed.Seeds;
import org.spatialssrl.task.Prompts;

/**
 * Turns a generated dataset into cold-start SFT data: for every kept row, the question verbatim as
 * the user turn and a templated chain of thought plus the boxed answer (see {@link Reasoning}) as
 * the assistant turn, written as JSON lines for the Java SFT trainer and as LLaMA-Factory ShareGPT
 * JSON with its {@code dataset_info.json} entry, the images beside them.
 *
 * <p>Two passes over the input: the first checks every row of the chosen splits (fields, answer,
 * metadata that gives the answer, one {@code <image>} per image, every image file present) and
 * draws the capped selection, so bad input stops the run before anything is written; the second
 * writes everything into a hidden sibling folder, which is renamed to the output at the end.
 * Images are hard links into the dataset (no extra space; the folder stays self-contained, and
 * since the generator replaces files by renaming, a later run into the dataset folder cannot
 * change them); where linking fails (another file system) or with {@code copyImages}, copies.
 */
public final class ColdStartWriter {
  /** The LLaMA-Factory dataset registry file. */
  public static final String DATASET_INFO = "dataset_info.json";
  /** The card. */
  public static final String CARD = "README.md";
  /** The first line of the card, which marks a folder as this command's output. */
  public static final String CARD_TITLE = "# Spatial-SSRL cold-start SFT data";

  private static final List<String> SPLITS = List.of(DatasetGenerator.TRAIN, DatasetGenerator.VAL);

  /** Progress of a run. */
  public interface Listener {
    /** Does nothing. */
    Listener NONE = new Listener() {};

    /** @param rows rows that will be written */
    default void planned(long rows) {}

    /** @param rows rows written since the last call */
    default void written(int rows) {}
  }

  /**
   * Makes the cold-start folder.
   *
   * @param config what to make
   * @param listener progress
   * @return what was written
   * @throws ColdStartException on bad input or an output folder that must not be replaced (nothing
   *     written)
   * @throws IOException when writing fails (the output folder is then untouched)
   */
  public ColdStartSummary run(ColdStartConfig config, Listener listener)
      throws ColdStartException, IOException {
    Path dataset = config.dataset().toAbsolutePath().normalize();
    Path output = config.output().toAbsolutePath().normalize();
    if (!Files.isDirectory(dataset)) {
      throw new ColdStartException(config.dataset() + ": no such dataset folder");
    }
    checkOutput(config, dataset, output);
    Reasoning reasoning = Reasoning.load(config.seed());

    List<Scan> scans = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (String split : splits(config, dataset)) {
      scans.add(scan(split, dataset, reasoning, config.seed(), ids));
    }
    long planned = 0;
    for (Scan s : scans) {
      s.selected = select(s, config);
      planned += s.selected.cardinality();
    }
    if (planned == 0) {
      throw new ColdStartException(config.dataset() + ": the chosen splits hold no rows");
    }
    listener.planned(planned);

    Path tmp = sibling(output, ".sft-data-tmp");
    AtomicFiles.deleteRecursively(tmp);
    Files.createDirectories(tmp);
    try {
      Output out = new Output(tmp, dataset, config.copyImages());
      ObjectNode info = RowJson.MAPPER.createObjectNode();
      for (Scan s : scans) {
        if (s.selected.isEmpty()) {
          continue;
        }
        String name = ColdStartCard.name(config, s.split);
        write(s, name, reasoning, out, listener);
        info.set(name, infoEntry(name + ".json"));
      }
      Files.writeString(tmp.resolve(DATASET_INFO),
          RowJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(info) + "\n",
          StandardCharsets.UTF_8);
      ColdStartSummary summary = out.summary(output, scans);
      Files.writeString(tmp.resolve(CARD), ColdStartCard.render(config, summary,
          reasoning.templates(), out.formatPrompts, out.rows), StandardCharsets.UTF_8);
      publish(tmp, output);
      return summary;
    } catch (IOException | ColdStartException | RuntimeException e) {
      AtomicFiles.deleteRecursively(tmp);
      throw e;
    }
  }

  /** The splits to convert: the configured ones (each must exist) or those present. */
  private static List<String> splits(ColdStartConfig config, Path dataset) throws ColdStartException {
    List<String> out = new ArrayList<>();
    for (String split : config.splits() == null ? SPLITS : config.splits()) {
      Path f = dataset.resolve(split + ".jsonl");
      if (Files.isRegularFile(f)) {
        out.add(split);
      } else if (config.splits() != null) {
        throw new ColdStartException(f + ": no such file (split '" + split + "' was asked for)");
      }
    }
    if (out.isEmpty()) {
      throw new ColdStartException(dataset.resolve(DatasetFiles.TRAIN_JSONL)
          + ": no such file; DATASET must be a folder written by ssrl generate");
    }
    return out;
  }

  private static void checkOutput(ColdStartConfig config, Path dataset, Path output)
      throws ColdStartException, IOException {
    if (output.getParent() == null) {
      throw new ColdStartException(output + ": cannot write cold-start data to a file-system root");
    }
    if (dataset.startsWith(output)) {
      throw new ColdStartException(config.output() + ": the output folder holds the dataset");
    }
    if (Files.exists(output)) {
      if (!Files.isDirectory(output)) {
        throw new ColdStartException(config.output() + ": exists and is not a folder");
      }
      if (!isEmptyFolder(output) && !isEarlierOutput(output)) {
        throw new ColdStartException(config.output() + ": exists, is not empty and is not an earlier"
            + " ssrl sft-data output; give a new or empty folder");
      }
    }
  }

  private static boolean isEmptyFolder(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.findAny().isEmpty();
    }
  }

  /** Whether a folder was written by this command (its card's title and the registry file). */
  static boolean isEarlierOutput(Path dir) throws IOException {
    Path card = dir.resolve(CARD);
    if (!Files.isRegularFile(card) || !Files.isRegularFile(dir.resolve(DATASET_INFO))) {
      return false;
    }
    try (BufferedReader in = Files.newBufferedReader(card, StandardCharsets.UTF_8)) {
      return CARD_TITLE.equals(in.readLine());
    }
  }

  // ---------------------------------------------------------------- pass 1: check and select

  /** One split's rows, as far as the selection needs them. */
  static final class Scan {
    final String split;
    final Path jsonl;
    String sha256;
    int rows;
    /** Per task, in order of first appearance: (selection key, row index) pairs. */
    final Map<String, Keys> byTask = new LinkedHashMap<>();
    BitSet selected;

    Scan(String split, Path jsonl) {
      this.split = split;
      this.jsonl = jsonl;
    }
  }

  /** A growable list of (key, index) pairs. */
  static final class Keys {
    long[] key = new long[16];
    int[] index = new int[16];
    int size;

    void add(long k, int i) {
      if (size == key.length) {
        key = Arrays.copyOf(key, size * 2);
        index = Arrays.copyOf(index, size * 2);
      }
      key[size] = k;
      index[size++] = i;
    }
  }

  private static Scan scan(String split, Path dataset, Reasoning reasoning, long seed, Set<String> ids)
      throws ColdStartException, IOException {
    Scan s = new Scan(split, dataset.resolve(split + ".jsonl"));
    s.sha256 = forEachRow(s.jsonl, (row, index, line) -> {
      String where = s.jsonl + ":" + line + " (" + row.id() + ")";
      if (!ids.add(row.id())) {
        throw new ColdStartException(where + ": the id appears twice in the dataset");
      }
      if (row.answer().isBlank()) {
        throw new ColdStartException(where + ": the answer is empty; a dataset without answers"
            + " cannot be turned into cold-start data");
      }
      int placeholders = Prompts.countImagePlaceholders(row.problem());
      if (row.images().isEmpty() || placeholders != row.images().size()) {
        throw new ColdStartException(where + ": the problem has " + placeholders
            + " <image> placeholders for " + row.images().size() + " images");
      }
      for (String image : row.images()) {
        Path file = dataset.resolve(relativeImage(image, where));
        if (!Files.isRegularFile(file)) {
          throw new ColdStartException(where + ": image " + file + " not found");
        }
      }
      try {
        reasoning.reply(row);
      } catch (IllegalArgumentException e) {
        throw new ColdStartException(where + ": " + e.getMessage(), e);
      }
      s.byTask.computeIfAbsent(row.task(), t -> new Keys())
          .add(Seeds.derive(seed, "sft-data", "select", row.id()), index);
      s.rows++;
    });
    return s;
  }

  private static Path relativeImage(String image, String where) throws ColdStartException {
    Path p;
    try {
      p = Path.of(image);
    } catch (java.nio.file.InvalidPathException e) {
      throw new ColdStartException(where + ": image path '" + image + "' is not a path");
    }
    if (image.isEmpty() || p.isAbsolute() || !p.normalize().equals(p) || p.startsWith("..")) {
      throw new ColdStartException(where + ": image path '" + image
          + "' must be relative to the dataset folder and stay inside it");
    }
    return p;
  }

  /**
   * The rows kept: per task the cap, then the split's limit shared evenly over the tasks (what a
   * task cannot fill goes to the others); within a task, the rows with the smallest seeded keys.
   */
  static BitSet select(Scan s, ColdStartConfig config) {
    List<String> tasks = new ArrayList<>(s.byTask.keySet());
    int[] available = new int[tasks.size()];
    long total = 0;
    for (int t = 0; t < tasks.size(); t++) {
      available[t] = Math.min(s.byTask.get(tasks.get(t)).size, config.capOf(tasks.get(t)));
      total += available[t];
    }
    int[] quota = available.clone();
    if (config.limit() != null && total > config.limit()) {
      Arrays.fill(quota, 0);
      long remaining = config.limit();
      while (remaining > 0) {
        List<Integer> open = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
          if (quota[t] < available[t]) {
            open.add(t);
          }
        }
        long share = remaining / open.size();
        for (int i = 0; i < open.size() && remaining > 0; i++) {
          int t = open.get(i);
          // When the share rounds to 0, the first tasks in file order take one each.
          long add = Math.min(Math.max(share, 1), available[t] - quota[t]);
          quota[t] += (int) add;
          remaining -= add;
        }
      }
    }
    BitSet selected = new BitSet(s.rows);
    for (int t = 0; t < tasks.size(); t++) {
      Keys k = s.byTask.get(tasks.get(t));
      if (quota[t] == k.size) {
        for (int i = 0; i < k.size; i++) {
          selected.set(k.index[i]);
        }
        continue;
      }
      Integer[] order = new Integer[k.size];
      for (int i = 0; i < k.size; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.<Integer>comparingLong(i -> k.key[i]).thenComparingInt(i -> k.index[i]));
      for (int i = 0; i < quota[t]; i++) {
        selected.set(k.index[order[i]]);
      }
    }
    return selected;
  }

  // ---------------------------------------------------------------- pass 2: write

  /** Where pass 2 writes, and what it counted. */
  private static final class Output {
    final Path dir;
    final Path dataset;
    boolean link;
    long linked;
    long copied;
    long formatPrompts;
    long rows;
    final Map<String, Integer> rowsBySplit = new LinkedHashMap<>();
    final Map<String, Integer> byTaskVariant = new LinkedHashMap<>();
    final Map<String, Integer> byPhrasing = new TreeMap<>();
    final Set<Path> folders = new HashSet<>();

    Output(Path dir, Path dataset, boolean copyImages) {
      this.dir = dir;
      this.dataset = dataset;
      this.link = !copyImages;
    }

    void place(String image) throws IOException {
      Path target = dir.resolve(image);
      Path folder = target.getParent();
      if (folders.add(folder)) {
        Files.createDirectories(folder);
      }
      Path source = dataset.resolve(image);
      if (link && !Files.isSymbolicLink(source)) { // a link to a symbolic link would dangle
        try {
          Files.createLink(target, source);
          linked++;
          return;
        } catch (FileAlreadyExistsException e) {
          return; // the same image in two rows
        } catch (IOException | UnsupportedOperationException e) {
          link = false; // another file system (or no hard links here): copy from now on
        }
      }
      try {
        Files.copy(source, target);
        copied++;
      } catch (FileAlreadyExistsException e) {
        // the same image in two rows
      }
    }

    ColdStartSummary summary(Path output, List<Scan> scans) {
      Map<String, Integer> inputs = new LinkedHashMap<>();
      Map<String, String> sha = new LinkedHashMap<>();
      for (Scan s : scans) {
        inputs.put(s.split, s.rows);
        sha.put(s.split, s.sha256);
      }
      return new ColdStartSummary(output, rowsBySplit, inputs, byTaskVariant, byPhrasing, sha,
          linked, copied);
    }
  }

  private static void write(Scan s, String name, Reasoning reasoning, Output out, Listener listener)
      throws IOException, ColdStartException {
    Path jsonl = out.dir.resolve(s.split + ".jsonl");
    Path sharegpt = out.dir.resolve(name + ".json");
    try (Writer lines = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8);
        Writer array = Files.newBufferedWriter(sharegpt, StandardCharsets.UTF_8)) {
      array.write('[');
      int[] written = {0};
      String sha = forEachRow(s.jsonl, (row, index, line) -> {
        if (!s.selected.get(index)) {
          return;
        }
        Reasoning.Reply reply = reasoning.reply(row);
        ArrayNode messages = RowJson.MAPPER.createArrayNode();
        messages.addObject().put("role", "user").put("content", row.problem());
        messages.addObject().put("role", "assistant").put("content", reply.text());
        ArrayNode images = RowJson.MAPPER.createArrayNode();
        for (String image : row.images()) {
          out.place(image);
          images.add(image);
        }
        ObjectNode o = RowJson.MAPPER.createObjectNode();
        o.put("id", row.id());
        o.put("task", row.task());
        o.put("variant", row.variant());
        o.put("answer", row.answer());
        o.set("messages", messages);
        o.set("images", images);
        lines.write(o.toString());
        lines.write('\n');
        ObjectNode g = RowJson.MAPPER.createObjectNode();
        g.set("messages", messages);
        g.set("images", images);
        array.write(written[0] == 0 ? "\n" : ",\n");
        array.write(g.toString());
        written[0]++;
        out.rows++;
        if (row.problem().strip().endsWith(Prompts.FORMAT_PROMPT)) {
          out.formatPrompts++;
        }
        out.byTaskVariant.merge(s.split + "/" + row.task() + "/" + row.variant(), 1, Integer::sum);
        out.byPhrasing.merge(row.task() + "/" + reply.phrasing(), 1, Integer::sum);
        listener.written(1);
      });
      if (!sha.equals(s.sha256)) {
        throw new ColdStartException(s.jsonl + ": changed while it was being converted");
      }
      array.write(written[0] == 0 ? "]\n" : "\n]\n");
      out.rowsBySplit.put(s.split, written[0]);
    }
  }

  private static ObjectNode infoEntry(String file) {
    ObjectNode e = RowJson.MAPPER.createObjectNode();
    e.put("file_name", file);
    e.put("formatting", "sharegpt");
    ObjectNode columns = e.putObject("columns");
    columns.put("messages", "messages");
    columns.put("images", "images");
    ObjectNode tags = e.putObject("tags");
    tags.put("role_tag", "role");
    tags.put("content_tag", "content");
    tags.put("user_tag", "user");
    tags.put("assistant_tag", "assistant");
    return e;
  }

  // ---------------------------------------------------------------- files

  /** Receives each row of a JSONL file with its 0-based row index and 1-based line number. */
  @FunctionalInterface
  private interface RowVisitor {
    void visit(DatasetRow row, int index, int line) throws ColdStartException, IOException;
  }

  /** Streams a dataset JSONL file; returns its SHA-256. */
  private static String forEachRow(Path jsonl, RowVisitor visitor) throws ColdStartException, IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new DigestInputStream(Files.newInputStream(jsonl), sha), StandardCharsets.UTF_8))) {
      String text;
      int line = 0;
      int index = 0;
      while ((text = in.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        DatasetRow row;
        try {
          JsonNode node = RowJson.MAPPER.readTree(text);
          if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
          }
          row = RowJson.fromNode(node);
        } catch (JsonProcessingException e) {
          throw new ColdStartException(jsonl + ":" + line + ": not JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IllegalArgumentException e) {
          throw new ColdStartException(jsonl + ":" + line + ": not a dataset row: " + e.getMessage(), e);
        }
        visitor.visit(row, index++, line);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static Path sibling(Path output, String suffix) {
    return output.resolveSibling("." + output.getFileName() + suffix);
  }

  /** Moves the finished folder into place, replacing an earlier output. */
  private static void publish(Path tmp, Path output) throws IOException {
    Path old = sibling(output, ".sft-data-old");
    AtomicFiles.deleteRecursively(old);
    boolean replaced = false;
    if (Files.exists(output)) {
      if (isEmptyFolder(output)) {
        Files.delete(output);
      } else {
        Files.move(output, old);
        replaced = true;
      }
    }
    AtomicFiles.publish(tmp, output);
    if (replaced) {
      AtomicFiles.deleteRecursively(old);
    }
  }
}
