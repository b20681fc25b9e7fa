package org.spatialssrl.model.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.util.ArrayList;
import java.util.List;
import org.spatialssrl.model.UnsupportedInputException;
import org.spatialssrl.model.qwen.DecoderInputs;
import org.spatialssrl.model.qwen.QwenDecoder;

/**
 * A batch of prompts, with or without images, padded on the left, as the decoder takes it: input
 * embeddings with image tokens replaced by the vision tower's output, and the 3-axis positions
 * (multimodal where a row has images, counted over real tokens so padding does not shift them).
 */
public final class PromptBatch {
  private final List<MultimodalPrompt> prompts;
  private final DecoderInputs.Padded padded;
  private final long[][][] rowPositions;
  private final long[] ropeDeltas;
  private final int imageTokenId;

  private PromptBatch(List<MultimodalPrompt> prompts, int padId, VisionConfig vision) {
    this.prompts = List.copyOf(prompts);
    List<int[]> ids = new ArrayList<>();
    for (MultimodalPrompt p : prompts) {
      ids.add(p.ids());
    }
    this.padded = DecoderInputs.leftPad(ids, padId);
    this.rowPositions = new long[prompts.size()][][];
    this.ropeDeltas = new long[prompts.size()];
    this.imageTokenId = vision == null ? -1 : vision.imageTokenId();
    for (int r = 0; r < prompts.size(); r++) {
      MultimodalPrompt p = prompts.get(r);
      if (!p.images().isEmpty()) {
        if (vision == null) {
          throw new UnsupportedInputException(
              "this checkpoint has no vision tower (no vision_config / visual.* weights); "
                  + "send text only or use a Qwen2.5-VL checkpoint");
        }
        RopePositions rp =
            RopePositions.of(p.ids(), p.grids(), vision.imageTokenId(), vision.spatialMergeSize());
        rowPositions[r] = rp.positions();
        ropeDeltas[r] = rp.ropeDelta();
      }
    }
  }

  /**
   * Builds a batch.
   *
   * @param prompts the prompts (non-empty each)
   * @param padId the padding token
   * @param vision the vision configuration, or null for a text-only model
   * @return the batch
   * @throws UnsupportedInputException when a prompt has images and there is no vision tower
   */
  public static PromptBatch of(List<MultimodalPrompt> prompts, int padId, VisionConfig vision) {
    return new PromptBatch(prompts, padId, vision);
  }

  /**
   * The padded token ids and validity mask.
   *
   * @return the padded batch
   */
  public DecoderInputs.Padded padded() {
    return padded;
  }

  /**
   * Whether any row has images.
   *
   * @return true when the vision tower is needed
   */
  public boolean hasImages() {
    return prompts.stream().anyMatch(p -> !p.images().isEmpty());
  }

  /**
   * Positions {@code (3, B, L)}, 0 on padding.
   *
   * @param m the manager
   * @return INT64 positions
   */
  public NDArray positions(NDManager m) {
    int b = padded.batch();
    int len = padded.length();
    long[] all = new long[3 * b * len];
    for (int r = 0; r < b; r++) {
      int off = len - prompts.get(r).ids().length;
      for (int i = off; i < len; i++) {
        for (int a = 0; a < 3; a++) {
          all[(a * b + r) * len + i] = rowPositions[r] == null ? i - off : rowPositions[r][a][i - off];
        }
      }
    }
    return m.create(all, new Shape(3, b, len));
  }

  /**
   * The position of the next token of each row (the same on all three axes): the number of real
   * tokens plus the row's rope delta.
   *
   * @return one position per row
   */
  public long[] nextPositions() {
    long[] n = padded.realLengths();
    for (int r = 0; r < n.length; r++) {
      n[r] += ropeDeltas[r];
    }
    return n;
  }

  /**
   * Input embeddings {@code (B, L, hidden)}: token embeddings, with the rows of image tokens
   * taken from the vision tower's output (the distinct images of all rows encoded in one tower
   * call; rows that share an image object share its encoding).
   *
   * @param decoder the decoder (token embeddings)
   * @param tower the vision tower, or null when no row has images
   * @param m the manager
   * @return the embeddings
   */
  public NDArray embeds(QwenDecoder decoder, VisionTower tower, NDManager m) {
    NDArray text = decoder.embed(padded.idsArray(m));
    if (!hasImages()) {
      return text;
    }
    if (tower == null) {
      throw new UnsupportedInputException("image inputs need a checkpoint with a vision tower");
    }
    // Each distinct image (by identity: a prompt repeated n times shares its images) is encoded
    // once; image tokens then pick their rows from the tower's output.
    java.util.Map<ProcessedImage, Integer> firstRow = new java.util.IdentityHashMap<>();
    List<ProcessedImage> unique = new ArrayList<>();
    int merge = tower.config().spatialMergeSize();
    int rows = 0;
    for (MultimodalPrompt p : prompts) {
      for (ProcessedImage img : p.images()) {
        if (!firstRow.containsKey(img)) {
          firstRow.put(img, rows);
          unique.add(img);
          rows += img.grid().tokens(merge);
        }
      }
    }
    NDArray vision = tower.forward(unique, m);
    int b = padded.batch();
    int len = padded.length();
    long hidden = text.getShape().get(2);
    long textRows = (long) b * len;
    long[] index = new long[b * len];
    for (int r = 0; r < b; r++) {
      List<ProcessedImage> images = prompts.get(r).images();
      int image = -1;
      int k = 0;
      int n = 0;
      for (int i = 0; i < len; i++) {
        int flat = r * len + i;
        if (!padded.valid()[r][i] || padded.ids()[flat] != imageTokenId) {
          index[flat] = flat;
          continue;
        }
        if (k == n) {
          image++;
          if (image >= images.size()) {
            throw new ImageInputException(
                "row " + r + " has more image tokens than its " + images.size() + " images give");
          }
          k = 0;
          n = images.get(image).grid().tokens(merge);
        }
        index[flat] = textRows + firstRow.get(images.get(image)) + k++;
      }
      if (image != images.size() - 1 || k != n) {
        throw new ImageInputException(
            "row " + r + ": the image tokens do not match its " + images.size() + " images");
      }
    }
    NDArray table = text.reshape(textRows, hidden).concat(vision.toType(text.getDataType(), false), 0);
    NDArray ids = m.create(index);
    return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow()
        .reshape(b, len, hidden);
  }
}
