package org.spatialssrl.train.sft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spatialssrl.model.ChatMessage;
import org.spatialssrl.model.CheckpointException;
import org.spatialssrl.model.qwen.QwenModel;
import org.spatialssrl.model.vision.ImageProcessor;
import org.spatialssrl.model.vision.ImageSource;
import org.spatialssrl.model.vision.MultimodalPrompt;
import org.spatialssrl.model.vision.TrainingPixelRule;
import org.spatialssrl.task.Prompts;

/**
 * Turns an example into token ids as LLaMA-Factory's {@code qwen2_vl} template does
 * (TRAINING.md 2.3): the source is the checkpoint's chat template over the (system and) user
 * message, with the user text split on {@code <image>} into text and image parts and the
 * generation prompt opened; the target, tokenized on its own, is the reply followed by
 * {@code <|im_end|>} and a newline. Only the target is learned. Images go through the SFT pixel
 * rule and then the checkpoint's image processor.
 */
final class SftEncoder {
  /** A prompt and the target learned after it. */
  record Encoded(MultimodalPrompt prompt, int[] target, boolean truncated) {}

  private final QwenModel model;
  private final ImageProcessor processor;
  private final ImageSource images = ImageSource.anyFile();
  private final int cutoffLen;

  SftEncoder(QwenModel model, TrainingPixelRule rule, int cutoffLen) {
    if (model.tokenizer().tokenId("<|im_end|>") == null) {
      throw new CheckpointException("the tokenizer of " + model.dir()
          + " has no <|im_end|> token; SFT needs a Qwen (ChatML) tokenizer");
    }
    this.model = model;
    this.processor = model.imageProcessor().withPreResize(rule);
    this.cutoffLen = cutoffLen;
  }

  /** The conversation of an example's prompt: the user text split on {@code <image>}. */
  static List<ChatMessage> messages(SftExample e) {
    List<ChatMessage> out = new ArrayList<>();
    if (e.system() != null) {
      out.add(ChatMessage.of("system", e.system()));
    }
    List<ChatMessage.Part> parts = new ArrayList<>();
    String[] pieces = e.user().split(java.util.regex.Pattern.quote(Prompts.IMAGE), -1);
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        parts.add(new ChatMessage.Part("image", null, e.images().get(i - 1).toString()));
      }
      if (!pieces[i].isEmpty()) {
        parts.add(new ChatMessage.Part("text", pieces[i], null));
      }
    }
    out.add(new ChatMessage("user", null, parts));
    return out;
  }

  /** The prompt alone (for generation), images processed. */
  MultimodalPrompt prompt(SftExample e) {
    return model.prompt(messages(e), images, processor);
  }

  /** The prompt and target; a sequence over the cutoff keeps its prompt and loses the target's end. */
  Encoded encode(SftExample e) {
    MultimodalPrompt p = prompt(e);
    int[] target = model.tokenizer().encode(e.assistant() + "<|im_end|>\n");
    int room = cutoffLen - p.ids().length;
    if (room < 1) {
      throw new SftDataException("cannot train on " + e.source() + " (" + e.id() + ")",
          List.of("its prompt alone has " + p.ids().length + " tokens, more than --cutoff-len "
              + cutoffLen));
    }
    boolean cut = target.length > room;
    return new Encoded(p, cut ? Arrays.copyOf(target, room) : target, cut);
  }
}
