package org.spatialssrl.eval.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.spatialssrl.eval.Aggregates;
import org.spatialssrl.eval.BenchmarkReport;
import org.spatialssrl.eval.EvalItem;
import org.spatialssrl.eval.EvalOptions;
import org.spatialssrl.eval.ItemScore;
import org.spatialssrl.eval.MediaRef;
import org.spatialssrl.eval.PromptMode;
import org.spatialssrl.eval.PromptPart;
import org.spatialssrl.eval.ScoredItem;
import org.spatialssrl.eval.score.Spatial457Scorer;

/**
 * Spatial457 (VLMEvalKit {@code Spatial457}, EVALUATION.md 3.1): the level's instruction, the
 * image, the question and the answer-format instruction as separate text parts; micro accuracy
 * over all rows (the release's {@code score}), per level, and the format-error count.
 */
final class Spatial457 extends VlmEvalTsvBenchmark {
  private static final String INTRO = "You are an intelligent chatbot designed to answer questions based"
      + " on an image. Your task is to analyze the images, identify attributes of ";
  private static final String OUTRO = "and then determine the answer to the question.\n";
  private static final Map<String, String> LEVEL = Map.of(
      "L1_single", INTRO + "the objects, " + OUTRO,
      "L2_objects", INTRO + "multiple objects, " + OUTRO,
      "L3_2d_spatial", INTRO + "multiple objects and their spatial relationship from 2D projected camera"
          + " view, " + OUTRO,
      "L4_occ", INTRO + "multiple objects and their occlusion relationships, " + OUTRO,
      "L4_pose", INTRO + "multiple objects and their facing direction in 3D space from the camera view, "
          + OUTRO,
      "L5_6d_spatial", INTRO + "multiple objects and their spatial relationship from objects\u2019"
          + " perspective in 3D space, " + OUTRO,
      "L5_collision", INTRO + "multiple objects and their potential collision given the assumption of"
          + " moving direction in 3D space, " + OUTRO);
  private static final String ALL_ANSWERS = "Small, Large, Airliner, Dirtbike, Road bike, Tandem bike,"
      + " Suv, Wagon, Scooter, Mountain bike, Minivan, Sedan, School bus, Fighter, Chopper, Double bus,"
      + " Truck, Articulated bus, Cruiser, Jet, Utility bike, Regular bus, Biplane, Gray, Blue, Purple,"
      + " Brown, Green, Cyan, Red, Yellow, Left, Right, Front, Back";
  static final String INSTRUCTION_2 = "First, you should identify the related objects refered in the"
      + " questions, including their shape, color, size; then add a brief reasoning process about the"
      + " questions. Each object in the image has a shape (e.g., 'airliner'), a size (only can be"
      + " 'small' or 'large'), a color (e.g. 'blue'). The size of the object is either 'small' or"
      + " 'large'. The color of the object is one of the following: 'gray', 'blue', 'purple', 'brown',"
      + " 'green', 'cyan', 'red', 'yellow'. The direction of the object is one of the following:"
      + " 'left', 'right', 'front', 'back'.\n\nSecond, give the answer based on the reasoning process."
      + " The answer should only be (1) a phrase chosen from the following options: " + ALL_ANSWERS
      + ", or (2) an integer [0-10] when asked for 'How many' or 'What is the number of', or (3) 'Yes'"
      + " or 'No' when asked for 'Is there'. If you think there are no possible answers or the question"
      + " is not clear, choose the best answer that fits the question.\n\n";
  private static final String JSON_TEMPLATE = "Write your response into this json template:"
      + " {'Reasoning': '<your reasons>', 'Answer': '<Your answer>'}";

  Spatial457(EvalOptions options) {
    super(options);
  }

  @Override
  public String id() {
    return "spatial457";
  }

  @Override
  public String displayName() {
    return "Spatial457";
  }

  @Override
  String tsvName() {
    return "Spatial457.tsv";
  }

  @Override
  public List<PromptPart> prompt(EvalItem item) {
    List<PromptPart> parts = new ArrayList<>();
    parts.add(new PromptPart.Text(LEVEL.getOrDefault(item.type(), "")));
    for (MediaRef m : item.media()) {
      parts.add(new PromptPart.Media(m));
    }
    parts.add(new PromptPart.Text(item.question()));
    PromptMode mode = options.promptMode();
    parts.add(new PromptPart.Text(INSTRUCTION_2 + (mode == PromptMode.COT ? JSON_TEMPLATE : "")));
    return switch (mode) {
      case FORMAT -> Prompting.append(parts, Prompting.FORMAT, options.forkInjection());
      case DIRECT -> Prompting.append(parts, Prompting.DIRECT, options.forkInjection());
      case COT -> parts;
    };
  }

  @Override
  public ItemScore score(EvalItem item, String response) {
    return Spatial457Scorer.score(response, item.answer(), boxedFirst());
  }

  @Override
  public BenchmarkReport aggregate(List<ScoredItem> items) {
    return Aggregates.microReport(this, items, "micro (the release's score: correct / rows)", Map.of());
  }

  @Override
  public String scorerDescription() {
    return (boxedFirst() ? "last balanced \\boxed{} first, then " : "")
        + "the JSON 'Answer' regexes, else the whole response (ROBUST, counted as unparsed);"
        + " Spatial457_utils.is_correct";
  }
}
