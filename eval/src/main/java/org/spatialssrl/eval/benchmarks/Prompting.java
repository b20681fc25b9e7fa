package org.spatialssrl.eval.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.spatialssrl.eval.PromptPart;
import org.spatialssrl.eval.score.PyText;
import org.spatialssrl.task.Prompts;

/** How the evaluation scripts add an instruction (the format prompt) to a prompt's text. */
final class Prompting {
  /** The Spatial-SSRL format prompt, as every evaluation script spells it. */
  static final String FORMAT = Prompts.FORMAT_PROMPT;
  /** The VLMEvalKit fork's no-reasoning instruction (commented out in its {@code base.py}). */
  static final String DIRECT = "Please directly give the answer.";

  private Prompting() {}

  /**
   * Appends an instruction to a VLMEvalKit message: as the fork's {@code preproc_content} does
   * ({@code item['value'] += suffix} on every text part), or once, to the last text part, after
   * its stripped text and one space (the training joiner).
   *
   * @param parts the message
   * @param suffix the instruction
   * @param fork whether to inject as the fork does
   * @return the new message
   */
  static List<PromptPart> append(List<PromptPart> parts, String suffix, boolean fork) {
    List<PromptPart> out = new ArrayList<>(parts);
    int last = -1;
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i) instanceof PromptPart.Text t) {
        last = i;
        if (fork) {
          out.set(i, new PromptPart.Text(t.text() + suffix));
        }
      }
    }
    if (!fork && last >= 0) {
      String t = ((PromptPart.Text) out.get(last)).text();
      out.set(last, new PromptPart.Text(PyText.strip(t) + " " + suffix));
    }
    return out;
  }
}
