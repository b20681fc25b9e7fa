package org.spatialssrl.coldstart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.dataset.RowJson;
import org.spatialssrl.seed.Seeds;

/**
 * The assistant replies of the cold-start data: a task's {@link ReasoningTemplate}, in the phrasing
 * the seed picks for the sample's id, inside think tags, then the boxed answer.
 */
public final class Reasoning {
  private final Map<String, ReasoningTemplate> templates;
  private final long seed;

  /**
   * @param templates the templates by task
   * @param seed the seed that picks each sample's phrasing
   */
  public Reasoning(Map<String, ReasoningTemplate> templates, long seed) {
    this.templates = Collections.unmodifiableMap(new TreeMap<>(templates));
    this.seed = seed;
  }

  /**
   * The templates registered with {@link ServiceLoader} (the five built-in tasks).
   *
   * @param seed the seed that picks each sample's phrasing
   * @return the reasoning writer
   */
  public static Reasoning load(long seed) {
    Map<String, ReasoningTemplate> byTask = new TreeMap<>();
    for (ReasoningTemplate t : ServiceLoader.load(ReasoningTemplate.class)) {
      if (t.phrasings() < 1) {
        throw new IllegalStateException(t.getClass().getName() + " has no phrasing");
      }
      byTask.put(t.task(), t);
    }
    return new Reasoning(byTask, seed);
  }

  /** The templates by task. */
  public Map<String, ReasoningTemplate> templates() {
    return templates;
  }

  /**
   * One sample's reply.
   *
   * @param phrasing which phrasing was used
   * @param text the reply: {@code <think>reasoning</think>}, a newline, {@code \boxed{answer}}
   */
  public record Reply(int phrasing, String text) {}

  /**
   * Writes the reply of a dataset row in the phrasing the seed picks for its id.
   *
   * @param row the row
   * @return the reply
   * @throws IllegalArgumentException when the row's task has no template, its metadata is not a
   *     JSON object, lacks what the task needs or does not give the row's answer
   */
  public Reply reply(DatasetRow row) {
    ReasoningTemplate template = template(row.task());
    return reply(row, Math.floorMod(Seeds.derive(seed, "sft-data", "phrasing", row.id()), template.phrasings()));
  }

  /**
   * Writes the reply of a dataset row in a given phrasing.
   *
   * @param row the row
   * @param phrasing the phrasing, in {@code 0 .. phrasings()-1} of the row's task
   * @return the reply
   * @throws IllegalArgumentException as {@link #reply(DatasetRow)}, or for a phrasing out of range
   */
  public Reply reply(DatasetRow row, int phrasing) {
    ReasoningTemplate template = template(row.task());
    if (phrasing < 0 || phrasing >= template.phrasings()) {
      throw new IllegalArgumentException("phrasing " + phrasing + " out of range for " + row.task());
    }
    JsonNode meta;
    try {
      meta = RowJson.MAPPER.readTree(row.metadata());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("metadata is not JSON: " + e.getOriginalMessage(), e);
    }
    if (meta == null || !meta.isObject() || meta.isEmpty()) {
      throw new IllegalArgumentException("metadata is empty; the reasoning is built from it");
    }
    String reasoning = template.reasoning(row.variant(), row.answer(), meta, phrasing);
    return new Reply(phrasing, "<think>" + reasoning + "</think>\n\\boxed{" + row.answer() + "}");
  }

  private ReasoningTemplate template(String task) {
    ReasoningTemplate template = templates.get(task);
    if (template == null) {
      throw new IllegalArgumentException("no cold-start template for task '" + task
          + "' (known: " + String.join(", ", templates.keySet()) + ")");
    }
    return template;
  }
}
