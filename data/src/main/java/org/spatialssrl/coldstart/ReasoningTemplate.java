package org.spatialssrl.coldstart;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes the short chain of thought of one pretext task from a sample's own metadata. A template
 * first re-derives the answer from the metadata (and refuses a sample whose metadata does not give
 * its answer), then states the facts that lead to it in one of several phrasings. Implementations
 * are found with {@link java.util.ServiceLoader}, one per task, so a new task's cold-start data is
 * one new class.
 */
public interface ReasoningTemplate {
  /** The task this template writes for ({@code shuffle}, {@code flip}, ...). */
  String task();

  /** How many phrasings the template has (at least 3); phrasing {@code i} is in 0..n-1. */
  int phrasings();

  /**
   * Writes the reasoning of one sample.
   *
   * @param variant the sample's variant
   * @param answer the sample's stored answer
   * @param metadata the sample's metadata object
   * @param phrasing which phrasing, in {@code 0 .. phrasings()-1}
   * @return the reasoning text (what goes between the think tags), a few sentences
   * @throws IllegalArgumentException when the metadata lacks a field this task needs, or does not
   *     give the stored answer (the message says which)
   */
  String reasoning(String variant, String answer, JsonNode metadata, int phrasing);
}
