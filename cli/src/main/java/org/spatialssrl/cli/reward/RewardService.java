package org.spatialssrl.cli.reward;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.spatialssrl.reward.RewardScore;
import org.spatialssrl.reward.SpatialReward;

/**
 * Turns JSON reward requests into scores, without any transport: shared by the HTTP service and
 * the {@code ssrl reward} command. Thread-safe.
 */
public final class RewardService {

  /** The assistant-turn marker of the Qwen chat template. */
  static final String ASSISTANT_MARKER = "<|im_start|>assistant";

  /**
   * One scoring job read from JSON.
   *
   * @param response the model's reply
   * @param groundTruth the expected answer
   * @param task the task used to group summaries ({@code -} when unknown)
   * @param variant the variant used to group summaries ({@code -} when unknown)
   */
  public record Item(String response, String groundTruth, String task, String variant) {}

  private final SpatialReward reward;
  private final GroundTruths truths;

  /**
   * Creates the service.
   *
   * @param reward the reward to apply
   * @param truths a dataset to look ids up in, or null when every request carries its ground truth
   */
  public RewardService(SpatialReward reward, GroundTruths truths) {
    this.reward = reward;
    this.truths = truths;
  }

  /** Returns the reward applied. */
  public SpatialReward reward() {
    return reward;
  }

  /** Returns the dataset ids are looked up in, or null. */
  public GroundTruths truths() {
    return truths;
  }

  /**
   * Scores an EasyR1-shaped batch: a JSON list of {@code {"response", "ground_truth"}} (or
   * {@code "id"} instead of {@code "ground_truth"} when a dataset is loaded).
   *
   * @param body the parsed request
   * @return one score per item, in order
   * @throws RequestException (400) naming the first item that is not usable
   */
  public List<RewardScore> score(JsonNode body) throws RequestException {
    if (body == null || !body.isArray()) {
      throw RequestException.badRequest(
          "expected a JSON list of {\"response\": ..., \"ground_truth\": ...} objects, got " + kind(body));
    }
    List<Item> items = new ArrayList<>(body.size());
    for (int i = 0; i < body.size(); i++) {
      items.add(item(body.get(i), "item " + i));
    }
    List<RewardScore> scores = new ArrayList<>(items.size());
    for (Item it : items) {
      scores.add(reward.score(it.response(), it.groundTruth()));
    }
    return scores;
  }

  /**
   * Scores an OpenRLHF remote reward request {@code {"query": [...], "prompts": [...], "labels":
   * [...]}}. Each response is its query minus its prompt when the prompt is a prefix, else the text
   * after the last Qwen assistant-turn marker, else the whole query. Labels are ground truths, or
   * sample ids when a dataset is loaded.
   *
   * @param body the parsed request
   * @return one score per query, in order
   * @throws RequestException (400) when a field is missing, has the wrong type or length, or an id
   *     is unknown
   */
  public List<RewardScore> getReward(JsonNode body) throws RequestException {
    if (body == null || !body.isObject()) {
      throw RequestException.badRequest(
          "expected a JSON object {\"query\": [...], \"prompts\": [...], \"labels\": [...]}, got " + kind(body));
    }
    List<String> queries = strings(body, "query", -1, true);
    List<String> prompts = strings(body, "prompts", queries.size(), false);
    List<String> labels = strings(body, "labels", queries.size(), true);
    List<String> answers = new ArrayList<>(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      if (truths == null) {
        answers.add(labels.get(i));
      } else {
        String id = labels.get(i);
        answers.add(
            truths.find(id)
                .orElseThrow(() -> RequestException.badRequest(
                    "labels[" + answers.size() + "]: id '" + id + "' is not in the dataset"
                        + " (with --dataset, labels are sample ids)"))
                .answer());
      }
    }
    List<RewardScore> scores = new ArrayList<>(queries.size());
    for (int i = 0; i < queries.size(); i++) {
      String response = responseOf(queries.get(i), prompts == null ? null : prompts.get(i));
      scores.add(reward.score(response, answers.get(i)));
    }
    return scores;
  }

  /**
   * Reads one scoring job.
   *
   * @param n a JSON object with {@code response} and either {@code ground_truth} or a dataset
   *     {@code id}; optional {@code task} and {@code variant} group an inline ground truth
   * @param where how to name the object in an error message
   * @return the job
   * @throws RequestException (400) saying which field is missing or wrong
   */
  public Item item(JsonNode n, String where) throws RequestException {
    if (n == null || !n.isObject()) {
      throw RequestException.badRequest(where + ": expected a JSON object, got " + kind(n));
    }
    JsonNode response = n.get("response");
    if (response == null || !response.isTextual()) {
      throw RequestException.badRequest(where + ": field \"response\" must be a string, got " + kind(response));
    }
    JsonNode truth = n.get("ground_truth");
    if (truth != null && !truth.isNull()) {
      if (!truth.isTextual()) {
        throw RequestException.badRequest(where + ": field \"ground_truth\" must be a string, got " + kind(truth));
      }
      return new Item(response.textValue(), truth.textValue(), label(n, "task"), label(n, "variant"));
    }
    if (truths == null) {
      throw RequestException.badRequest(
          where + ": missing \"ground_truth\" (or load a dataset with --dataset and give \"id\")");
    }
    JsonNode id = n.get("id");
    if (id == null || !(id.isTextual() || id.isIntegralNumber())) {
      throw RequestException.badRequest(where + ": needs \"ground_truth\" or a string \"id\" to look up, got id " + kind(id));
    }
    GroundTruths.Truth t =
        truths.find(id.asText())
            .orElseThrow(() -> RequestException.badRequest(where + ": id '" + id.asText() + "' is not in the dataset"));
    return new Item(response.textValue(), t.answer(), t.task(), t.variant());
  }

  /** Returns the reply part of an OpenRLHF query. */
  static String responseOf(String query, String prompt) {
    if (prompt != null && !prompt.isEmpty() && query.startsWith(prompt)) {
      return query.substring(prompt.length());
    }
    int marker = query.lastIndexOf(ASSISTANT_MARKER);
    if (marker < 0) {
      return query;
    }
    int start = marker + ASSISTANT_MARKER.length();
    if (query.startsWith("\n", start)) {
      start++;
    }
    return query.substring(start);
  }

  private static List<String> strings(JsonNode body, String field, int size, boolean required)
      throws RequestException {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw RequestException.badRequest("missing field \"" + field + "\" (a list of strings)");
      }
      return null;
    }
    if (!v.isArray()) {
      throw RequestException.badRequest("field \"" + field + "\" must be a list of strings, got " + kind(v));
    }
    if (size >= 0 && v.size() != size) {
      throw RequestException.badRequest(
          "field \"" + field + "\" has " + v.size() + " entries but \"query\" has " + size);
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode s = v.get(i);
      if (!s.isTextual()) {
        throw RequestException.badRequest(field + "[" + i + "] must be a string, got " + kind(s));
      }
      out.add(s.textValue());
    }
    return out;
  }

  private static String label(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "-" : v.asText();
  }

  /** Names a JSON value's type for error messages. */
  static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
