package org.spatialssrl.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.spatialssrl.model.qwen.DecoderInputs;
import org.spatialssrl.model.qwen.KvCache;
import org.spatialssrl.model.qwen.QwenDecoder;
import org.spatialssrl.model.qwen.QwenModel;
import org.spatialssrl.model.tokenizer.QwenTokenizer;
import org.spatialssrl.model.vision.MultimodalPrompt;
import org.spatialssrl.model.vision.PromptBatch;

/**
 * Autoregressive generation with a KV cache for a batch of prompts of different lengths (padded
 * on the left). Finished rows leave the batch, so a long completion does not make the others pay.
 */
public final class Generator {
  private final QwenModel model;

  /**
   * Creates a generator.
   *
   * @param model the loaded model
   */
  public Generator(QwenModel model) {
    this.model = model;
  }

  /**
   * Generates one completion per prompt.
   *
   * @param prompts prompt token ids (non-empty each)
   * @param params the decoding settings
   * @return one result per prompt, in order
   */
  public List<GenerationResult> generate(List<int[]> prompts, GenerationParams params) {
    return generate(prompts, params, null, () -> false);
  }

  /** The state of one sequence. */
  private static final class Row {
    final List<Integer> tokens = new ArrayList<>();
    final SplittableRandom rng;
    String text = "";
    int emitted;
    String finish;

    Row(long seed) {
      rng = new SplittableRandom(seed);
    }
  }

  /**
   * Generates one completion per prompt, reporting text as it is settled.
   *
   * @param prompts prompt token ids (non-empty each)
   * @param params the decoding settings
   * @param listener receives settled text per row, or null
   * @param cancelled polled between steps; when true, unfinished rows end with reason
   *     {@code cancelled}
   * @return one result per prompt, in order
   */
  public List<GenerationResult> generate(
      List<int[]> prompts, GenerationParams params, TokenListener listener,
      BooleanSupplier cancelled) {
    return generatePrompts(
        prompts.stream().map(MultimodalPrompt::text).toList(), params, listener, cancelled);
  }

  /**
   * Generates one completion per prompt, where prompts may carry images (placeholders expanded,
   * see {@link MultimodalPrompt#expand}); images of all rows are encoded in one vision-tower call.
   *
   * @param prompts the prompts (non-empty each)
   * @param params the decoding settings
   * @param listener receives settled text per row, or null
   * @param cancelled polled between steps; when true, unfinished rows end with reason
   *     {@code cancelled}
   * @return one result per prompt, in order
   */
  public List<GenerationResult> generatePrompts(
      List<MultimodalPrompt> prompts, GenerationParams params, TokenListener listener,
      BooleanSupplier cancelled) {
    if (prompts.isEmpty()) {
      return List.of();
    }
    for (MultimodalPrompt p : prompts) {
      if (p.ids().length == 0) {
        throw new IllegalArgumentException("prompts must be non-empty");
      }
    }
    QwenDecoder decoder = model.decoder();
    Set<Integer> stops = params.stopTokenIds() == null ? model.stopTokenIds() : params.stopTokenIds();
    int b = prompts.size();
    Row[] rows = new Row[b];
    for (int r = 0; r < b; r++) {
      rows[r] = new Row(params.seed() ^ (0x9E3779B97F4A7C15L * (r + 1)));
    }
    if (params.maxNewTokens() == 0) {
      return results(rows, "length");
    }
    PromptBatch inputs = PromptBatch.of(prompts, model.padId(), model.visionConfig());
    DecoderInputs.Padded batch = inputs.padded();
    int len = batch.length();
    int capacity = len + params.maxNewTokens();
    boolean[][] valid = new boolean[b][capacity];
    for (int r = 0; r < b; r++) {
      System.arraycopy(batch.valid()[r], 0, valid[r], 0, len);
    }
    long[] nextPos = inputs.nextPositions();
    int[] active = new int[b];
    Arrays.setAll(active, i -> i);
    int vocab = decoder.config().vocabSize();
    try (NDManager gen = model.manager().newSubManager();
        KvCache cache = new KvCache(gen, decoder.config().numLayers(), capacity)) {
      float[] logits;
      try (NDManager step = gen.newSubManager()) {
        NDArray h = decoder.forward(
            inputs.embeds(decoder, model.vision(), step), inputs.positions(step),
            DecoderInputs.causalBias(step, valid, len, len, decoder.computeType()), cache);
        logits = decoder.logits(h.get(new NDIndex(":, -1:, :"))).toFloatArray();
      }
      int total = len;
      while (true) {
        long[] picked = new long[active.length];
        float[] stepLogits = logits;
        int[] rowsNow = active;
        // Rows pick their tokens in parallel (each has its own generator; libtorch is idle now),
        // then are advanced in order.
        IntStream.range(0, active.length).parallel().forEach(a -> {
          float[] l = Arrays.copyOfRange(stepLogits, a * vocab, (a + 1) * vocab);
          picked[a] = params.greedy() ? Sampler.argmax(l)
              : Sampler.sample(l, params, rows[rowsNow[a]].rng);
        });
        long[] lastTokens = picked;
        int kept = 0;
        for (int a = 0; a < active.length; a++) {
          Row row = rows[active[a]];
          int tok = (int) lastTokens[a];
          row.tokens.add(tok);
          advance(row, active[a], tok, stops, params, listener);
          kept += row.finish == null ? 1 : 0;
        }
        if (kept > 0 && cancelled.getAsBoolean()) {
          for (int r : active) {
            if (rows[r].finish == null) {
              rows[r].finish = "cancelled";
              rows[r].text = model.tokenizer().decode(
                  rows[r].tokens.stream().mapToInt(Integer::intValue).toArray(), true);
            }
          }
          kept = 0;
        }
        if (kept == 0) {
          break;
        }
        if (kept < active.length) {
          long[] keep = new long[kept];
          int[] nextActive = new int[kept];
          long[] nextLast = new long[kept];
          long[] keptPos = new long[kept];
          boolean[][] keptValid = new boolean[kept][];
          int k = 0;
          for (int a = 0; a < active.length; a++) {
            if (rows[active[a]].finish == null) {
              keep[k] = a;
              nextActive[k] = active[a];
              nextLast[k] = lastTokens[a];
              keptPos[k] = nextPos[a];
              keptValid[k] = valid[a];
              k++;
            }
          }
          cache.select(keep);
          active = nextActive;
          lastTokens = nextLast;
          nextPos = keptPos;
          valid = keptValid;
        }
        for (boolean[] v : valid) {
          v[total] = true;
        }
        total++;
        try (NDManager step = gen.newSubManager()) {
          NDArray ids = step.create(lastTokens, new Shape(active.length, 1));
          NDArray pos = DecoderInputs.repeat3(step, nextPos, active.length, 1);
          NDArray h = decoder.forward(
              decoder.embed(ids), pos,
              DecoderInputs.causalBias(step, valid, total, 1, decoder.computeType()), cache);
          logits = decoder.logits(h).toFloatArray();
        }
        for (int a = 0; a < nextPos.length; a++) {
          nextPos[a]++;
        }
      }
    }
    return results(rows, null);
  }

  /** Records a new token: stop checks, text update, streaming. */
  private void advance(
      Row row, int index, int tok, Set<Integer> stops, GenerationParams params,
      TokenListener listener) {
    QwenTokenizer tokenizer = model.tokenizer();
    boolean stopToken = stops.contains(tok);
    if (stopToken) {
      row.finish = "stop";
    } else if (row.tokens.size() >= params.maxNewTokens()) {
      row.finish = "length";
    }
    // Without streaming or stop strings the text is only needed once, at the end.
    boolean needText = listener != null || !params.stopStrings().isEmpty() || row.finish != null;
    if (needText) {
      int n = row.tokens.size() - (stopToken ? 1 : 0);
      int[] ids = row.tokens.subList(0, n).stream().mapToInt(Integer::intValue).toArray();
      row.text = tokenizer.decode(ids, true);
      int cut = -1;
      for (String s : params.stopStrings()) {
        int i = row.text.indexOf(s);
        if (i >= 0 && (cut < 0 || i < cut)) {
          cut = i;
        }
      }
      if (cut >= 0) {
        row.text = row.text.substring(0, cut);
        row.finish = "stop";
      }
    }
    if (listener != null) {
      int settled = row.finish != null ? row.text.length() : settledLength(row.text, params);
      if (settled > row.emitted) {
        listener.onText(index, row.text.substring(row.emitted, settled));
        row.emitted = settled;
      }
    }
  }

  /** Text length that no later token can change: holds back stop-string prefixes and U+FFFD. */
  private static int settledLength(String text, GenerationParams params) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '\uFFFD') {
      end--;
    }
    int hold = 0;
    for (String s : params.stopStrings()) {
      for (int k = Math.min(s.length() - 1, end); k > hold; k--) {
        if (text.startsWith(s.substring(0, k), end - k)) {
          hold = k;
          break;
        }
      }
    }
    return end - hold;
  }

  private static List<GenerationResult> results(Row[] rows, String forced) {
    List<GenerationResult> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new GenerationResult(
          r.tokens.stream().mapToInt(Integer::intValue).toArray(), r.text,
          forced != null ? forced : r.finish));
    }
    return out;
  }
}
