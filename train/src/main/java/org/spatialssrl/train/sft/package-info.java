/**
 * Cold-start supervised fine-tuning as the release runs it with LLaMA-Factory (TRAINING.md 2):
 * chat-formatted examples with images, loss on the assistant's tokens only, LoRA on the decoder's
 * projections, AdamW with a cosine schedule and warm-up, gradient accumulation, PEFT adapters at
 * each checkpoint ({@link org.spatialssrl.train.sft.SftTrainer}).
 */
package org.spatialssrl.train.sft;
