package org.spatialssrl.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpatialRewardVectorsTest {

  @Test
  void agreesWithTheReleasedFunctionOnEverySharedCase() throws IOException {
    List<RewardCases.Case> cases = RewardCases.shared();
    assertEquals(430, cases.size(), "reward_cases.jsonl should hold 430 cases");
    assertAllAgree(cases);
  }

  @Test
  void agreesWithCPythonOnUnicodeAndSurrogateFuzzCases() throws IOException {
    List<RewardCases.Case> cases = RewardCases.fuzz();
    assertEquals(2000, cases.size());
    assertAllAgree(cases);
  }

  private static void assertAllAgree(List<RewardCases.Case> cases) {
    List<String> wrong = new ArrayList<>();
    for (RewardCases.Case c : cases) {
      RewardScore got = SpatialReward.released().score(c.response(), c.groundTruth());
      if (!got.equals(c.expected())) {
        wrong.add("case " + c.id() + ": expected " + c.expected() + ", got " + got);
      }
    }
    assertTrue(wrong.isEmpty(), wrong.size() + " disagreements:\n" + String.join("\n", wrong));
  }
}
