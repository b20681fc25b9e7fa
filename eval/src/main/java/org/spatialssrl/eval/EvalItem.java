package org.spatialssrl.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark question as its release stores it.
 *
 * @param id the item's id: the release's own id or index column, else the 0-based position in
 *     the file as a string
 * @param type the group the release reports a score for (category, level, question type)
 * @param question the question text
 * @param options the options in letter order (letter to text); empty for open questions
 * @param answer the ground truth as the release stores it (a letter, a word, a number)
 * @param media the images or the video, in prompt order
 * @param fields further columns the prompt or the scorer reads (hint, qid, unit, ...)
 * @param problem why the item cannot be asked (a malformed row, a missing image), else null;
 *     such an item is kept, recorded and scored as wrong
 */
public record EvalItem(
    String id,
    String type,
    String question,
    Map<String, String> options,
    String answer,
    List<MediaRef> media,
    Map<String, String> fields,
    String problem) {

  /** Copies the collections, keeping the order of options and fields. */
  public EvalItem {
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    media = List.copyOf(media);
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /**
   * A further column.
   *
   * @param name the column
   * @return its value, or null
   */
  public String field(String name) {
    return fields.get(name);
  }

  /**
   * A copy that cannot be asked.
   *
   * @param reason why
   * @return the item with {@code problem} set
   */
  public EvalItem withProblem(String reason) {
    return new EvalItem(id, type, question, options, answer, media, fields, reason);
  }
}
