package org.spatialssrl.coldstart;

import java.util.Map;
import org.spatialssrl.ToolVersion;

/**
 * Renders the cold-start folder's {@code README.md}: what was made from which dataset, counts by
 * task and variant, phrasings used, and how LLaMA-Factory and the Java trainer read it. It holds no
 * time stamps, absolute paths or output path, so equal runs give equal cards.
 */
final class ColdStartCard {
  private ColdStartCard() {}

  static String render(ColdStartConfig config, ColdStartSummary summary,
      Map<String, ReasoningTemplate> templates, long formatPrompts, long rows) {
    StringBuilder md = new StringBuilder();
    md.append(ColdStartWriter.CARD_TITLE).append("\n\n");
    md.append("Made by spatial-ssrl ").append(ToolVersion.get()).append(" (`ssrl sft-data`) from `")
        .append(config.dataset()).append("` with seed ").append(config.seed()).append(".\n\n");
    md.append("- source rows: ");
    summary.inputRowsBySplit().forEach((split, n) -> md.append(split).append(' ').append(n).append(" (`")
        .append(split).append(".jsonl` SHA-256 `").append(summary.inputSha256().get(split))
        .append("`); "));
    md.setLength(md.length() - 2);
    md.append("\n- selection: ").append(config.describeSelection()).append('\n');
    md.append("- rows written: ");
    summary.rowsBySplit().forEach((split, n) -> md.append(split).append(' ').append(n).append(", "));
    md.setLength(md.length() - 2);
    md.append("\n- user turn: the dataset's `problem` verbatim (one `<image>` per image; ")
        .append(formatPrompts).append(" of ").append(rows).append(" end with the format prompt)\n");
    md.append("- assistant turn: `<think>` + a templated reasoning built from the sample's metadata"
        + " + `</think>`, a newline, `\\boxed{answer}` (scores 1.0 with `SpatialReward`)\n");
    md.append("- images: `images/<task>/`, the dataset's files (hard links, or copies across file"
        + " systems), paths relative to this folder\n\n");

    md.append("## Files\n\n| file | read by |\n|---|---|\n");
    summary.rowsBySplit().keySet().forEach(split -> md.append("| `").append(split)
        .append(".jsonl` | the Java SFT trainer: `id, task, variant, answer, messages, images` per line |\n"));
    summary.rowsBySplit().keySet().forEach(split -> md.append("| `").append(name(config, split))
        .append(".json` | LLaMA-Factory (ShareGPT: `messages`, `images`) |\n"));
    md.append("| `").append(ColdStartWriter.DATASET_INFO).append("` | LLaMA-Factory: dataset `")
        .append(config.name()).append('`');
    if (summary.rowsBySplit().containsKey("val")) {
      md.append(", eval dataset `").append(config.name()).append("_val`");
    }
    md.append(" (`dataset_dir`/`media_dir`: this folder) |\n\n");

    md.append("## Rows by task and variant\n\n| split | task | variant | rows |\n|---|---|---|---:|\n");
    summary.byTaskVariant().forEach((key, n) -> {
      String[] p = key.split("/", 3);
      md.append("| ").append(p[0]).append(" | ").append(p[1]).append(" | ").append(p[2])
          .append(" | ").append(n).append(" |\n");
    });
    md.append("\n## Phrasings used\n\n| task | phrasings | rows per phrasing |\n|---|---:|---|\n");
    templates.forEach((task, t) -> {
      StringBuilder per = new StringBuilder();
      for (int i = 0; i < t.phrasings(); i++) {
        per.append(i > 0 ? " / " : "").append(summary.byPhrasing().getOrDefault(task + "/" + i, 0));
      }
      if (summary.byPhrasing().keySet().stream().anyMatch(k -> k.startsWith(task + "/"))) {
        md.append("| ").append(task).append(" | ").append(t.phrasings()).append(" | ").append(per)
            .append(" |\n");
      }
    });
    md.append("\nTraining recipe (LLaMA-Factory YAML): the project's `docs/TRAINING.md`,"
        + " section \"Cold-start data\".\n");
    return md.toString();
  }

  static String name(ColdStartConfig config, String split) {
    return split.equals("train") ? config.name() : config.name() + "_val";
  }
}
