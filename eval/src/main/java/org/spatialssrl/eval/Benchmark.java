package org.spatialssrl.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A benchmark as its release defines it: the file format, the prompt, the model-side settings,
 * the scorer and the aggregate. Implementations are immutable and thread-safe; scoring is a pure
 * function of the item and the response.
 */
public interface Benchmark {

  /**
   * The id used on the command line and in files ({@code spatial457}, {@code vsibench}, ...).
   *
   * @return the id
   */
  String id();

  /**
   * The name as the paper prints it.
   *
   * @return the display name
   */
  String displayName();

  /**
   * Reads the released file (or folder). Rows that are malformed or whose media is missing
   * become items with a {@link EvalItem#problem()}, so they are counted, not dropped.
   *
   * @param input the file or folder the user downloaded
   * @return the items in source order
   * @throws IOException when the input is missing or not this benchmark's format at all (the
   *     message names the file and the reason)
   */
  List<EvalItem> load(Path input) throws IOException;

  /**
   * The prompt of an item, byte for byte as the release builds it for the configured mode.
   *
   * @param item the item
   * @return the parts in order
   */
  List<PromptPart> prompt(EvalItem item);

  /**
   * The release's model-side settings for a model.
   *
   * @param modelName the model's name or path (one release switches to sampling for 3B models)
   * @return the settings
   */
  ModelSettings settings(String modelName);

  /**
   * Scores one response exactly as the release does.
   *
   * @param item the item
   * @param response the model's response
   * @return the score
   */
  ItemScore score(EvalItem item, String response);

  /**
   * Aggregates scored items (in item order) as the release does.
   *
   * @param items every item of the run, failed ones included
   * @return the report
   */
  BenchmarkReport aggregate(List<ScoredItem> items);

  /**
   * One line on how items are scored, for reports.
   *
   * @return the description
   */
  String scorerDescription();
}
