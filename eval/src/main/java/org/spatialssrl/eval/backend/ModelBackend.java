package org.spatialssrl.eval.backend;

import java.util.List;
import org.spatialssrl.model.ChatMessage;

/**
 * Where the answers come from: the embedded model or an OpenAI-compatible server. A backend
 * never throws for a failed request: the failure is that request's {@link Completion#error()},
 * so one bad item costs nothing else.
 */
public interface ModelBackend extends AutoCloseable {

  /**
   * The model's name as reports and the prediction cache record it.
   *
   * @return the id
   */
  String modelId();

  /**
   * How many calls of {@link #complete} may run at once.
   *
   * @return the parallelism
   */
  int parallelism();

  /**
   * How many requests one call takes.
   *
   * @return the batch size
   */
  int batchSize();

  /**
   * Whether images must be resized before they are sent (the embedded model applies only its
   * checkpoint's pixel bounds; a server is told the bounds in the request).
   *
   * @return true when the harness resizes
   */
  boolean needsResizedImages();

  /**
   * Answers requests.
   *
   * @param batch at most {@link #batchSize()} requests
   * @return one completion per request, in order
   */
  List<Completion> complete(List<Request> batch);

  /** Releases the model or the connections. */
  @Override
  void close();

  /**
   * One single-turn question.
   *
   * @param itemId the item, for messages
   * @param parts the user turn's parts (text and {@code data:} image URLs)
   * @param settings decoding and size settings
   */
  record Request(String itemId, List<ChatMessage.Part> parts, org.spatialssrl.eval.ModelSettings settings) {
    /** Copies the parts. */
    public Request {
      parts = List.copyOf(parts);
    }

    /**
     * The conversation: one user message.
     *
     * @return the messages
     */
    public List<ChatMessage> messages() {
      return List.of(new ChatMessage("user", null, parts));
    }
  }

  /**
   * One answer, or why there is none.
   *
   * @param text the response, or null on failure
   * @param finishReason {@code stop}, {@code length}, ..., or null
   * @param promptTokens prompt tokens, when the backend knows (else -1)
   * @param completionTokens completion tokens, when the backend knows (else -1)
   * @param attempts requests made (retries included)
   * @param error why it failed, or null
   */
  record Completion(String text, String finishReason, int promptTokens, int completionTokens, int attempts,
      String error) {
    /**
     * A failure.
     *
     * @param error the reason
     * @param attempts requests made
     * @return the completion
     */
    public static Completion failed(String error, int attempts) {
      return new Completion(null, null, -1, -1, attempts, error);
    }
  }
}
