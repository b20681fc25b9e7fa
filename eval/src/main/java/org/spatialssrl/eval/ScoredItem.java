package org.spatialssrl.eval;

/**
 * An item with its response and score.
 *
 * @param item the item
 * @param response the model's response, or null when there is none
 * @param error why there is no response (the item's problem, a model error, or a missing
 *     prediction), else null
 * @param score the score; zero when there is no response
 */
public record ScoredItem(EvalItem item, String response, String error, ItemScore score) {

  /** The score an item without a response gets. */
  public static final ItemScore NO_RESPONSE = ItemScore.of(0, "", "none", false);

  /**
   * Whether the item had no response.
   *
   * @return true when {@code error} is set
   */
  public boolean failed() {
    return error != null;
  }
}
