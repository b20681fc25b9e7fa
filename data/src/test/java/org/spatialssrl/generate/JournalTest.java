package org.spatialssrl.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.dataset.DatasetRow;

class JournalTest {
  @TempDir Path tmp;

  private static Journal.Entry entry(String source) {
    DatasetRow row = new DatasetRow(source + "-row", "flip", "vertical", source, 1L,
        "<image>q", "0-0", List.of("images/flip/x.jpg"), "{}");
    UnitOutcome outcome = new UnitOutcome(1, source.length(), List.of(UnitOutcome.Status.MADE,
        UnitOutcome.Status.FAILED, UnitOutcome.Status.NOT_TRIED), false, true);
    return new Journal.Entry(source, outcome, List.of(row),
        List.of(new RejectRecord(source, "crop", "crop-1", "crop-ambiguous", "m")));
  }

  @Test
  void aLastLineCutShortIsDroppedAndEntriesStreamBack() throws Exception {
    Path file = tmp.resolve("journal.jsonl");
    try (Journal j = new Journal(file)) {
      j.append(entry("a.png"));
      j.append(entry("b.png"));
    }
    Files.writeString(file, Files.readString(file) + "{\"source\":\"c.png\",\"rows\":[{\"id\"",
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    assertEquals(Map.of(Journal.key(1, "a.png"), entry("a.png").outcome(), Journal.key(1, "b.png"),
        entry("b.png").outcome()), Journal.repair(file));
    try (Journal j = new Journal(file)) {
      j.append(entry("c.png"));
    }
    List<Journal.Entry> back = new ArrayList<>();
    Journal.forEach(file, back::add);
    assertEquals(List.of(entry("a.png"), entry("b.png"), entry("c.png")), back);
  }

  @Test
  void aDamagedLineInTheMiddleIsAnError() throws Exception {
    Path file = tmp.resolve("journal.jsonl");
    try (Journal j = new Journal(file)) {
      j.append(entry("a.png"));
    }
    Files.writeString(file, "not json\n" + Files.readString(file));
    IOException e = assertThrows(IOException.class, () -> Journal.repair(file));
    assertTrue(e.getMessage().contains("journal.jsonl:1"), e.getMessage());
  }
}
