/**
 * Training: cold-start supervised fine-tuning with LoRA and GRPO with the released clipped loss,
 * on the Java Qwen2.5-VL runtime. Sub-packages are by capability (optimizer, checkpoints and run
 * directories, SFT, GRPO).
 */
package org.spatialssrl.train;
