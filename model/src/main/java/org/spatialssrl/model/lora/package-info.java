/**
 * LoRA as PEFT implements it, on the decoder's seven projections of every layer: the adapter
 * ({@link org.spatialssrl.model.lora.LoraAdapter}: initialisation, forward, enable/disable,
 * merge), its settings ({@link org.spatialssrl.model.lora.LoraConfig}), the PEFT adapter
 * directory ({@code adapter_config.json}, {@code adapter_model.safetensors}) written and read,
 * and the merge of an adapter into a checkpoint on disk
 * ({@link org.spatialssrl.model.lora.LoraMerge}).
 */
package org.spatialssrl.model.lora;
