package org.spatialssrl.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RewardConfigTest {

  @Test
  void defaultsAreTheReleasedReward() {
    RewardConfig c = RewardConfig.builder().build();
    assertEquals(0.9, c.accuracyWeight());
    assertEquals(0.1, c.formatWeight());
    assertFalse(c.permutationCredit());
    assertFalse(c.formatFree());
    assertTrue(c.isReleased());
    assertEquals(RewardConfig.released(), c);
    assertEquals(RewardConfig.released().hashCode(), c.hashCode());
  }

  @Test
  void formatWeightAloneSetsTheAccuracyWeightLikeEasyR1() {
    RewardConfig c = RewardConfig.builder().formatWeight(0.3).build();
    assertEquals(1 - 0.3, c.accuracyWeight());
    assertFalse(c.isReleased());
    RewardConfig explicit = RewardConfig.builder().formatWeight(0.3).accuracyWeight(2).build();
    assertEquals(2.0, explicit.accuracyWeight());
  }

  @Test
  void invalidSettingsAreRejectedWithTheirName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RewardConfig.builder().formatWeight(-1));
    assertTrue(e.getMessage().contains("formatWeight"));
    e = assertThrows(IllegalArgumentException.class, () -> RewardConfig.builder().accuracyWeight(Double.NaN));
    assertTrue(e.getMessage().contains("accuracyWeight"));
    e = assertThrows(IllegalArgumentException.class, () -> RewardConfig.builder().permutationCredit(1.5));
    assertTrue(e.getMessage().contains("[0, 1]"));
    e = assertThrows(IllegalArgumentException.class, () -> RewardConfig.builder().formatWeight(2).build());
    assertTrue(e.getMessage().contains("accuracyWeight"));
  }
}
