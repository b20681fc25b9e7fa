package org.spatialssrl.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.dataset.DatasetFiles;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.dataset.RowJson;
import org.spatialssrl.image.JpegEncoder;
import org.spatialssrl.task.Prompts;
import org.spatialssrl.task.TaskRegistry;
import org.spatialssrl.verify.DatasetVerifier;

class DatasetGeneratorTest {
  @TempDir Path tmp;

  private GenerateConfig.Builder config(Path input, Path output) {
    return GenerateConfig.builder().setOutput(output).optInput(input)
        .optTasks(List.of("shuffle", "flip", "crop")).optSeed(7);
  }

  private static GenerateSummary run(GenerateConfig c) throws Exception {
    return new DatasetGenerator(TaskRegistry.load()).run(c, false, GenerateListener.NONE);
  }

  @Test
  void outputIsByteIdenticalForAnyThreadCount() throws Exception {
    Path in = Sources.scenes(tmp.resolve("in"), 6);
    run(config(in, tmp.resolve("one")).optThreads(1).optCount(30).build());
    run(config(in, tmp.resolve("three")).optThreads(3).optCount(30).build());
    Map<String, String> a = Sources.fingerprint(tmp.resolve("one"));
    Map<String, String> b = Sources.fingerprint(tmp.resolve("three"));
    assertTrue(a.containsKey("train.parquet") && a.containsKey("train.jsonl"));
    // 10 shuffle + 10 flip + 10 x 5 crop images, parquet, jsonl, card, rejects
    assertEquals(10 + 10 + 50 + 4, a.size(), a.keySet().toString());
    assertEquals(a, b);
    Map<String, String> c = new LinkedHashMap<>(a);
    run(config(in, tmp.resolve("seed8")).optThreads(2).optCount(30).optSeed(8).build());
    assertFalse(c.equals(Sources.fingerprint(tmp.resolve("seed8"))), "another seed gives another dataset");
  }

  @Test
  void everySampleReDerivesFromPixelsAndTamperingIsCaught() throws Exception {
    Path in = Sources.scenes(tmp.resolve("in"), 8);
    Path out = tmp.resolve("out");
    GenerateSummary s = run(config(in, out).optCount(120).optThreads(2).build());
    assertTrue(s.made() >= 114, "made " + s.made() + ", rejected " + s.rejectsByReason());
    DatasetVerifier.Report report = new DatasetVerifier(2).verify(out, in);
    assertEquals(List.of(), report.problems());
    assertEquals(s.made(), report.rederived());

    // Change one answer per task: the verifier must notice each.
    Path jsonl = out.resolve(DatasetFiles.TRAIN_JSONL);
    List<DatasetRow> rows = RowJson.readAll(jsonl);
    Map<String, String> wrong = Map.of("shuffle", "swap", "flip", "other", "crop", "other");
    List<String> lines = new ArrayList<>();
    Set<String> tampered = new HashSet<>();
    for (DatasetRow r : rows) {
      DatasetRow w = r;
      if (wrong.containsKey(r.task()) && tampered.add(r.task())) {
        w = new DatasetRow(r.id(), r.task(), r.variant(), r.source(), r.seed(), r.problem(),
            otherAnswer(r), r.images(), r.metadata());
      }
      lines.add(RowJson.toLine(w));
    }
    Files.write(jsonl, lines);
    DatasetVerifier.Report bad = new DatasetVerifier(2).verify(out, in);
    Set<String> caught = bad.problems().stream().filter(p -> p.kind().equals("rederive"))
        .map(p -> p.id().replaceAll("-.*", "")).collect(Collectors.toSet());
    assertEquals(Set.of("shuffle", "flip", "crop"), caught, bad.problems().toString());
  }

  private static String otherAnswer(DatasetRow r) {
    return switch (r.task()) {
      case "shuffle" -> {
        String[] p = r.answer().split("-");
        String t = p[0];
        p[0] = p[1];
        p[1] = t;
        yield String.join("-", p);
      }
      case "flip" -> r.answer().endsWith("0") ? r.answer().replaceAll("0$", "1") : r.answer().replaceAll("1$", "0");
      default -> r.answer().equals("A") ? "B" : "A";
    };
  }

  @Test
  void badInputsAreRejectedWithReasonsAndTheRestCompletes() throws Exception {
    Path in = Sources.scenes(tmp.resolve("in"), 4);
    Files.write(in.resolve("empty.jpg"), new byte[0]);
    Files.write(in.resolve("garbage.png"), "not an image at all".repeat(20).getBytes());
    byte[] jpeg = new JpegEncoder(90).encode(org.spatialssrl.scene.ProceduralScene.render(5, 320, 240));
    Files.write(in.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
    Files.write(in.resolve("tiny.jpg"), new JpegEncoder(90).encode(
        org.spatialssrl.scene.ProceduralScene.render(6, 40, 30)));
    Files.writeString(in.resolve("notes.txt"), "ignored: not an image extension");
    byte[] corrupt = jpeg.clone();
    for (int i = corrupt.length / 3; i < corrupt.length / 3 + 400; i++) {
      corrupt[i] = (byte) 0xFF; // markers where entropy-coded data should be
    }
    Files.write(in.resolve("corrupt.jpg"), corrupt);
    Files.write(in.resolve("bomb.png"), bombHeader());
    byte[] png = Files.readAllBytes(in.resolve("img0.png"));
    Files.write(in.resolve("truncated.png"), Arrays.copyOf(png, png.length / 2));
    Path out = tmp.resolve("out");
    GenerateSummary s = run(config(in, out).optThreads(2).build());
    assertEquals(12, s.made(), "one sample per usable source and task");
    Map<String, String> reasons = new LinkedHashMap<>();
    for (String line : Files.readAllLines(out.resolve(DatasetFiles.REJECTS))) {
      var n = RowJson.MAPPER.readTree(line);
      if (n.get("task").isNull()) {
        reasons.put(n.get("source").asText(), n.get("reason").asText());
        assertTrue(n.get("message").asText().contains(n.get("source").asText()), "message names the file");
      }
    }
    assertEquals(Map.of("empty.jpg", "empty-file", "garbage.png", "unsupported-format",
        "truncated.jpg", "truncated", "tiny.jpg", "too-small", "corrupt.jpg", "corrupt",
        "bomb.png", "too-large", "truncated.png", "truncated"), reasons);
    List<String> lines = Files.readAllLines(out.resolve(DatasetFiles.REJECTS));
    assertEquals(reasons.size(), lines.size(), "one line per bad file: " + lines);
    assertEquals(lines.size(), s.rejectsByReason().values().stream().mapToLong(Long::longValue).sum());
    assertEquals(4, s.usableSources());
    String card = Files.readString(out.resolve(DatasetFiles.CARD));
    assertTrue(card.contains("| truncated | 2 |"), card);
    assertTrue(card.contains("| `truncated.png` | truncated |"), card);
  }

  /** A PNG whose header claims 100000 x 100000 pixels and holds almost nothing. */
  private static byte[] bombHeader() {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 25 + 12);
    b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    byte[] ihdr = {'I', 'H', 'D', 'R', 0, 1, (byte) 0x86, (byte) 0xA0, 0, 1, (byte) 0x86, (byte) 0xA0,
        8, 2, 0, 0, 0};
    b.putInt(13).put(ihdr).putInt(crc(ihdr));
    byte[] iend = {'I', 'E', 'N', 'D'};
    b.putInt(0).put(iend).putInt(crc(iend));
    return b.array();
  }

  private static int crc(byte[] typeAndData) {
    java.util.zip.CRC32 c = new java.util.zip.CRC32();
    c.update(typeAndData);
    return (int) c.getValue();
  }

  @Test
  void parquetHasTheEasyR1SchemaAndTheSameRowsAsJsonl() throws Exception {
    Path in = Sources.scenes(tmp.resolve("in"), 3);
    Path out = tmp.resolve("out");
    run(config(in, out).optThreads(2).build());
    List<DatasetRow> rows = RowJson.readAll(out.resolve(DatasetFiles.TRAIN_JSONL));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      String file = "'" + out.resolve(DatasetFiles.TRAIN_PARQUET) + "'";
      Map<String, String> schema = new LinkedHashMap<>();
      try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + file)) {
        while (rs.next()) {
          schema.put(rs.getString(1), rs.getString(2));
        }
      }
      Map<String, String> expected = new LinkedHashMap<>();
      expected.put("problem", "VARCHAR");
      expected.put("answer", "VARCHAR");
      expected.put("images", "VARCHAR[]");
      expected.put("id", "VARCHAR");
      expected.put("task", "VARCHAR");
      expected.put("variant", "VARCHAR");
      expected.put("source", "VARCHAR");
      expected.put("seed", "BIGINT");
      expected.put("metadata", "VARCHAR");
      assertEquals(expected, schema);
      try (ResultSet rs = st.executeQuery(
          "SELECT id, problem, answer, images::VARCHAR, seed, metadata FROM " + file)) {
        int i = 0;
        while (rs.next()) {
          DatasetRow r = rows.get(i++);
          assertEquals(r.id(), rs.getString(1));
          assertEquals(r.problem(), rs.getString(2));
          assertEquals(r.answer(), rs.getString(3));
          assertEquals(r.images().toString(), rs.getString(4));
          assertEquals(r.seed(), rs.getLong(5));
          assertEquals(r.metadata(), rs.getString(6));
          assertEquals(r.images().size(), Prompts.countImagePlaceholders(r.problem()));
          assertTrue(r.problem().endsWith(" " + Prompts.FORMAT_PROMPT));
        }
        assertEquals(rows.size(), i);
      }
    }
  }

  @Test
  void embeddedImagesUseTheDatasetsImageStruct() throws Exception {
    Path in = Sources.scenes(tmp.resolve("in"), 2);
    Path out = tmp.resolve("out");
    run(config(in, out).optThreads(2).optEmbedImages(true).build());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      String file = "'" + out.resolve(DatasetFiles.TRAIN_PARQUET) + "'";
      try (ResultSet rs = st.executeQuery("SELECT column_type FROM (DESCRIBE SELECT images FROM " + file + ")")) {
        rs.next();
        assertEquals("STRUCT(bytes BLOB, path VARCHAR)[]", rs.getString(1).replace("\"", ""));
      }
      try (ResultSet rs = st.executeQuery(
          "SELECT id, len(images), images[2].path, images[2].bytes FROM " + file + " WHERE task = 'crop'")) {
        assertTrue(rs.next());
        assertEquals(5, rs.getInt(2));
        byte[] bytes = rs.getBytes(4);
        assertTrue(Arrays.equals(Files.readAllBytes(out.resolve(rs.getString(3))), bytes));
      }
    }
  }

  @Test
  void countBeyondTheSourcesReusesThemWithoutRepeats() throws Exception {
    Path in = Sources.scenes(tmp.resolve("in"), 2);
    Path out = tmp.resolve("out");
    GenerateSummary s = run(config(in, out).optTasks(List.of("shuffle", "crop")).optCount(40).build());
    assertEquals(40, s.made());
    List<DatasetRow> rows = RowJson.readAll(out.resolve(DatasetFiles.TRAIN_JSONL));
    Set<String> distinct = new HashSet<>();
    for (DatasetRow r : rows) {
      String m = r.metadata().replaceAll(",\"round\":.*", "");
      assertTrue(distinct.add(r.source() + r.task() + r.variant() + r.answer() + m), "repeat: " + r.id());
    }
  }

  @Test
  void validationSplitHoldsOutWholeSources() throws Exception {
    Path in = Sources.scenes(tmp.resolve("in"), 10);
    Path out = tmp.resolve("out");
    run(config(in, out).optValFraction(0.3).optThreads(2).build());
    List<DatasetRow> train = RowJson.readAll(out.resolve(DatasetFiles.TRAIN_JSONL));
    List<DatasetRow> val = RowJson.readAll(out.resolve(DatasetFiles.VAL_JSONL));
    assertFalse(val.isEmpty());
    Set<String> trainSources = train.stream().map(DatasetRow::source).collect(Collectors.toSet());
    for (DatasetRow r : val) {
      assertFalse(trainSources.contains(r.source()), r.source());
      assertTrue(r.id().startsWith("val-"));
    }
    assertTrue(Files.exists(out.resolve(DatasetFiles.VAL_PARQUET)));
    assertEquals(List.of(), new DatasetVerifier(2).verify(out, in).problems());
  }

  @Test
  void resumeAfterACrashEqualsACleanRun() throws Exception {
    Path in = Sources.scenes(tmp.resolve("in"), 8);
    run(config(in, tmp.resolve("clean")).optCount(48).optThreads(2).build());

    Path out = tmp.resolve("crashed");
    GenerateConfig c = config(in, out).optCount(48).optThreads(2).build();
    GenerateListener crash = new GenerateListener() {
      private int done;

      @Override
      public synchronized void sourceDone(int samples) {
        if (++done == 3) {
          throw new IllegalStateException("simulated crash");
        }
      }
    };
    assertThrows(GenerateException.class,
        () -> new DatasetGenerator(TaskRegistry.load()).run(c, false, crash));
    assertFalse(Files.exists(out.resolve(DatasetFiles.TRAIN_PARQUET)), "nothing final before completion");
    // Half-written image files from the crash are never under a final name; leave one behind.
    Files.writeString(out.resolve("images/shuffle/.shuffle-99999999.jpg.tmp"), "partial");
    GenerateException again = assertThrows(GenerateException.class, () -> run(c));
    assertTrue(again.getMessage().contains("--resume"), again.getMessage());
    new DatasetGenerator(TaskRegistry.load()).run(c, true, GenerateListener.NONE);
    assertEquals(Sources.fingerprint(tmp.resolve("clean")), Sources.fingerprint(out));
  }

  @Test
  void resumeWithOtherSettingsIsRefused() throws Exception {
    Path in = Sources.scenes(tmp.resolve("in"), 3);
    Path out = tmp.resolve("out");
    Files.createDirectories(out.resolve(DatasetFiles.STATE));
    Files.writeString(out.resolve(DatasetFiles.STATE).resolve("config.json"), "{\"seed\":1}");
    GenerateException e = assertThrows(GenerateException.class,
        () -> new DatasetGenerator(TaskRegistry.load()).run(config(in, out).build(), true, GenerateListener.NONE));
    assertTrue(e.getMessage().contains("same settings"), e.getMessage());
  }

  @Test
  void unknownTaskNamesTheKnownOnes() {
    GenerateException e = assertThrows(GenerateException.class,
        () -> run(config(tmp, tmp.resolve("o")).optTasks(List.of("jigsaw")).build()));
    assertTrue(e.getMessage().contains("shuffle"), e.getMessage());
  }

  @Test
  void realPhotosWork() throws Exception {
    Path fixtures = Path.of(System.getProperty("ssrl.fixtures", "../shared/fixtures")).resolve("rgb");
    Assumptions.assumeTrue(Files.isDirectory(fixtures), "shared fixtures absent: " + fixtures);
    Path out = tmp.resolve("out");
    GenerateSummary s = run(config(fixtures, out).optCount(45).optThreads(2).build());
    assertEquals(45, s.made(), s.rejectsByReason().toString());
    assertTrue(RowJson.readAll(out.resolve(DatasetFiles.TRAIN_JSONL)).stream()
        .anyMatch(r -> r.source().equals("scene_rgb.png")), "the RGBA PNG is used");
    assertEquals(List.of(), new DatasetVerifier(2).verify(out, fixtures).problems());
  }
}
