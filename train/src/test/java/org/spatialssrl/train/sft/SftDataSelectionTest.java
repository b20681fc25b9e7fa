package org.spatialssrl.train.sft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SftDataSelectionTest {
  private static SftExample ex(String id, String task) {
    return ex(id, task, "1");
  }

  private static SftExample ex(String id, String task, String answer) {
    return new SftExample(id, task, answer, null, "q", "a", List.of(), id);
  }

  @Test
  void majorityBaselineAnswersEachTasksMostFrequentTrainingAnswer() {
    List<SftExample> train = List.of(ex("a", "depth", "1-2-3"), ex("b", "depth", "1-2-3"),
        ex("c", "depth", "3-2-1"), ex("d", "flip", "0-1"), ex("e", "flip", "2-0"));
    // flip ties between 0-1 and 2-0: the first in sort order, 0-1.
    List<SftExample> val = List.of(ex("v1", "depth", "1-2-3"), ex("v2", "depth", "2-1-3"),
        ex("v3", "flip", "0-1"), ex("v4", "flip", "2-0"));
    assertEquals(0.5, SftTrainer.majorityBaseline(train, val));
  }

  @Test
  void cappedValidationCoversEveryTaskInFileOrder() {
    List<SftExample> all = new ArrayList<>();
    for (String t : new String[] {"shuffle", "flip", "depth"}) {
      for (int i = 0; i < 4; i++) {
        all.add(ex(t + i, t));
      }
    }
    List<String> ids = SftTrainer.spreadOverTasks(all, 5).stream().map(SftExample::id).toList();
    assertEquals(List.of("shuffle0", "shuffle1", "flip0", "flip1", "depth0"), ids);
    assertEquals(12, SftTrainer.spreadOverTasks(all, 50).size());
  }
}
